"""brief.json (+ schema), brief.md and brief.html from a small hand-built brief (no spaCy)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from storyline.errors import UsageError
from storyline.model import (
    Article,
    Brief,
    DiscrepancyValue,
    Discrepancy,
    Entity,
    Event,
    Mention,
    ModelInfo,
    Place,
    Quote,
    Removed,
    SourcedText,
    Span,
    Stance,
    Story,
    TimelineEntry,
)
from storyline.report import brief_schema, brief_to_json, write_reports
from storyline.report.citations import context, cut_points, sentence_bounds
from storyline.report.html import full_text_html, render_html
from storyline.report.json_out import schema_to_json, shipped_schema
from storyline.report.markdown import md_text, render_markdown

TEXT_1 = (
    "Russia denounced Kosovo's declaration on Sunday. "
    "\"This is a violation of international law,\" Foreign Minister Sergei Lavrov said. "
    "The U.N. Security Council will meet on Monday. "
    "The EU mission is 2,000-strong. <script>alert(1)</script> | pipe"
)
TEXT_2 = (
    "Lavrov said Moscow would block recognition at the U.N.\n\n"
    "The EU mission of 1,800 police and judges will deploy. Serbia recalled its ambassador."
)


def offsets(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def ref(article: str, text: str, needle: str) -> Span:
    start, end = offsets(text, needle)
    return Span(article=article, start=start, end=end)


def sourced(article: str, text: str, needle: str) -> SourcedText:
    return SourcedText(text=needle, **ref(article, text, needle).model_dump())


EVENT_SENTENCE = "Russia denounced Kosovo's declaration on Sunday."
QUOTE = "This is a violation of international law,"
# The story cites this whole sentence and the quote cites a span inside it: overlapping spans.
QUOTE_SENTENCE = f'"{QUOTE}" Foreign Minister Sergei Lavrov said.'


def make_articles() -> list[Article]:
    removed = [Removed(text="IE 11 is not supported", reason="boilerplate")]
    return [
        Article(id="a1", path="one.txt", title="Russia <b>denounces</b> Kosovo", source="AP",
                published="2008-02-17", published_evidence="date line: Sunday 17 February 2008",
                text=TEXT_1, removed=removed),
        Article(id="a2", path="two.txt", title="Lavrov | Moscow", source="BBC",
                published="2008-02-18", text=TEXT_2),
    ]


def make_entities() -> list[Entity]:
    mentions = [Mention(text="Sergei Lavrov", **ref("a1", TEXT_1, "Sergei Lavrov").model_dump()),
                Mention(text="Lavrov", **ref("a2", TEXT_2, "Lavrov").model_dump())]
    return [
        Entity(id="e-lavrov", name="Sergei Lavrov", type="PERSON", affiliation="RUS",
               aliases=["Sergey Lavrov", "Lavrov"], titles=["Foreign Minister"], mentions=mentions),
        Entity(id="e-rus", name="Russia", type="GPE", affiliation="RUS"),
        Entity(id="e-kos", name="Kosovo", type="GPE", affiliation="XKX"),
    ]


def make_quotes() -> list[Quote]:
    speaker_start, speaker_end = offsets(TEXT_1, "Sergei Lavrov")
    indirect = ref("a2", TEXT_2, "Lavrov said Moscow would block recognition at the U.N.")
    return [
        Quote(id="q1", text=QUOTE, kind="direct", speaker="e-lavrov",
              speaker_text="Foreign Minister Sergei Lavrov", speaker_start=speaker_start,
              speaker_end=speaker_end, cue="said", speaker_resolved=True, confidence=0.9,
              **ref("a1", TEXT_1, QUOTE).model_dump()),
        Quote(id="q2", text="Moscow would block recognition at the U.N.", kind="indirect",
              speaker_text="a Kremlin aide", cue="said", speaker_resolved=True, confidence=0.8,
              **indirect.model_dump()),
    ]


def make_event() -> Event:
    where = ref("a1", TEXT_1, EVENT_SENTENCE)
    return Event(id="ev1", type="DISAPPROVE", source="e-rus", source_text="Russia",
                 source_code="RUS", target="e-kos", target_text="Kosovo", target_code="XKX",
                 date="2008-02-17", place=Place(name="Moscow", country="RUS"), text=EVENT_SENTENCE,
                 reports=[where, ref("a2", TEXT_2, "Lavrov said")], **where.model_dump())


def make_discrepancy() -> Discrepancy:
    other = "The EU mission of 1,800 police and judges will deploy."
    return Discrepancy(about="EU mission size", confidence=0.8, evidence="size", values=[
        DiscrepancyValue(value="2,000", **ref("a1", TEXT_1, "2,000-strong").model_dump()),
        DiscrepancyValue(value="1,800", text=other,
                         **ref("a2", TEXT_2, "1,800 police").model_dump()),
    ])


def make_brief() -> Brief:
    """Two articles and one of every record, with an overlapping pair of citations."""
    event_span = ref("a1", TEXT_1, EVENT_SENTENCE)
    return Brief(
        nlp_model=ModelInfo(name="en_core_web_sm", version="3.8.0"),
        summary=[sourced("a1", TEXT_1, EVENT_SENTENCE),
                 sourced("a2", TEXT_2, "Serbia recalled its ambassador.")],
        articles=make_articles(),
        entities=make_entities(),
        quotes=make_quotes(),
        events=[make_event()],
        stories=[Story(id="s1", title="Kosovo independence", articles=["a1", "a2"],
                       first="2008-02-17", last="2008-02-18",
                       summary=[sourced("a1", TEXT_1, QUOTE_SENTENCE)])],
        timeline=[TimelineEntry(date="2008-02-17", text="Russia denounces the declaration.",
                                story="s1", events=["ev1"], sources=[event_span])],
        stances=[Stance(actor="e-rus", actor_name="Russia", issue="Kosovo independence",
                        position="oppose", evidence=[event_span])],
        discrepancies=[make_discrepancy()],
    )


@pytest.fixture(scope="module")
def brief() -> Brief:
    return make_brief()


# --- JSON -----------------------------------------------------------------------------------


def test_json_round_trips_and_is_deterministic(brief: Brief) -> None:
    text = brief_to_json(brief)
    assert text == brief_to_json(make_brief())
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["schema"] == "storyline.brief/1"
    assert Brief.model_validate(data) == brief
    assert "Sergei Lavrov" in text and "\\u" not in text  # ensure_ascii=False


def test_shipped_schema_is_current_and_validates_a_brief(brief: Brief) -> None:
    assert shipped_schema() == brief_schema()
    schema = brief_schema()
    assert schema["$id"] and schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(brief_to_json(brief)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema": "storyline.brief/1", "bogus": 1}, schema)


def test_schema_text_is_byte_identical_to_shipped_file() -> None:
    from storyline.report.json_out import SCHEMA_FILE

    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_to_json()


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_sections_and_quotes(brief: Brief) -> None:
    md = render_markdown(brief)
    for heading in ("Summary", "Stories", "Timeline", "Who said what", "Events", "Stances",
                    "Discrepancies", "Entities", "Articles"):
        assert f"\n## {heading}\n" in md
    assert "2 articles · 2008-02-17 to 2008-02-18 · model en_core_web_sm 3.8.0" in md
    lavrov = md.index("### Sergei Lavrov")
    quote = md.index("This is a violation of international law", lavrov)
    assert lavrov < quote < md.index("### a Kremlin aide")
    assert "(direct, Foreign Minister Sergei Lavrov said)" in md
    assert '[\\[1\\]](#article-1 "chars' in md and '<a id="article-1"></a>' in md
    assert md == render_markdown(make_brief())


def test_markdown_escapes_tables_and_markup(brief: Brief) -> None:
    md = render_markdown(brief)
    assert "Lavrov \\| Moscow" in md  # title pipe escaped in the Articles table
    assert "<script>" not in md and "<b>" not in md
    assert md_text("a|b\nc <x> *y*") == "a\\|b c \\<x\\> \\*y\\*"
    assert md_text("en_core _x_") == "en_core \\_x\\_"
    for line in md.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) == line.count(" | ") + 2


# --- HTML -----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    """Ids, fragment links, text inside <mark>, and any external resources."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.marked: list[str] = []
        self.external: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag in ("link", "script", "img", "iframe") or "src" in attrs:
            self.external.append(tag)
        if tag == "mark":
            self._in_mark += 1
            self.marked.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marked[-1] += data


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    return parser


def test_html_escapes_article_text(brief: Brief) -> None:
    page = render_html(brief)
    assert "<script" not in page and "<b>denounces" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Russia &lt;b&gt;denounces&lt;/b&gt; Kosovo" in page
    assert not _parse(page).external and "http://" not in page.replace(
        "https://json-schema", "") and "url(" not in page


def test_html_every_citation_link_resolves(brief: Brief) -> None:
    page = render_html(brief)
    parsed = _parse(page)
    assert parsed.links and all(link in parsed.ids for link in parsed.links)
    cites = re.findall(r'class="cite" href="#(ev-\d+-\d+-\d+)"', page)
    assert len(cites) >= 10
    for target in set(cites):  # each evidence block links on to its anchor in the full text
        n, start, end = target.split("-")[1:]
        assert f"at-{n}-{start}-{end}" in parsed.ids


def test_html_cited_text_is_marked(brief: Brief) -> None:
    parsed = _parse(render_html(brief))
    marked = " ".join(parsed.marked)
    for cited in (QUOTE, EVENT_SENTENCE, QUOTE_SENTENCE, "2,000-strong", "1,800 police",
                  "Serbia recalled its ambassador."):
        assert cited in marked


def test_html_sections_quotes_and_removed(brief: Brief) -> None:
    page = render_html(brief)
    for key in ("summary", "stories", "timeline", "quotes", "events", "stances", "discrepancies",
                "entities", "evidence", "articles"):
        assert f'<section id="{key}">' in page and f'href="#{key}"' in page
    assert page.index("Sergei Lavrov</a> <span") < page.index("a Kremlin aide")
    assert "Removed by the cleaner (1)" in page and "IE 11 is not supported" in page
    assert page == render_html(make_brief())


def test_full_text_handles_overlapping_spans() -> None:
    text = "abcdefghij"
    out = full_text_html(text, [(0, 6), (2, 4), (4, 9)], 1)
    assert out.count('class="anchor"') == 3
    assert '<mark class="d2">cd</mark>' in out and '<mark class="d2">ef</mark>' in out
    assert re.sub(r"<[^>]+>", "", out) == text
    assert cut_points(5, [(5, 5)]) == [(0, 5, 0)]
    assert full_text_html("ab", [(2, 2)], 1).endswith('id="at-1-2-2"></span>')


def test_sentence_context() -> None:
    text = "First one. The U.N. Security Council met. Gen. Smith spoke here. Last."
    start = text.index("Security")
    bounds = sentence_bounds(text, start, start + 8)
    assert text[slice(*bounds)] == "The U.N. Security Council met. "
    ctx = context(text, start, start + 8)
    assert ctx.before == "First one. The U.N. " and ctx.cited == "Security"
    assert ctx.after == " Council met. Gen. Smith spoke here." and ctx.clipped_after


# --- files ----------------------------------------------------------------------------------


def test_write_reports_writes_requested_formats(brief: Brief, tmp_path) -> None:
    paths = write_reports(brief, tmp_path / "out", formats=("md", "json"))
    assert [p.name for p in paths] == ["brief.md", "brief.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["brief.json", "brief.md"]
    assert json.loads(paths[1].read_text(encoding="utf-8"))["schema"] == "storyline.brief/1"
    all_paths = write_reports(brief, tmp_path / "all")
    assert [p.name for p in all_paths] == ["brief.json", "brief.md", "brief.html"]
    assert [p.name for p in write_reports(brief, tmp_path / "s", "html, md")] == [
        "brief.html", "brief.md"]
    with pytest.raises(UsageError, match="pdf"):
        write_reports(brief, tmp_path / "bad", formats=("pdf",))
    assert not (tmp_path / "bad").exists()


def test_empty_brief_renders(tmp_path) -> None:
    empty = Brief()
    paths = write_reports(empty, tmp_path)
    assert len(paths) == 3
    assert "_None._" in render_markdown(empty)
    assert "None found." in render_html(empty)
    assert Brief.model_validate_json(brief_to_json(empty)) == empty


def test_bad_offsets_do_not_crash(brief: Brief) -> None:
    bad = [SourcedText(article="zz", start=0, end=3, text="x"),
           SourcedText(article="a1", start=5, end=9999, text="y")]
    broken = brief.model_copy(update={"summary": bad})
    page = render_html(broken)
    assert page.count('class="cite missing"') == 2
    assert "[zz?]" in render_markdown(broken)


def test_who_said_what_lists_only_shown_speech_and_never_a_pronoun() -> None:
    brief = make_brief()
    content = ref("a2", TEXT_2, "Moscow would block recognition")
    he_at = offsets(TEXT_1, "Sergei Lavrov")
    extra = [
        # A pronoun resolved to a named mention no entity holds: named by that mention.
        Quote(id="q3", text="Moscow would block recognition", kind="indirect", speaker_text="he",
              speaker_anchor=he_at, cue="said", speaker_resolved=True, confidence=0.9,
              **content.model_dump()),
        Quote(id="q4", text="Moscow would block recognition", kind="attitude", speaker_text="Serbia",
              cue="recalled", speaker_resolved=True, confidence=0.95, **content.model_dump()),
        Quote(id="q5", text="Moscow would block recognition", kind="indirect", speaker_text="who",
              cue="warned", speaker_resolved=False, confidence=0.9, **content.model_dump()),
        Quote(id="q6", text="Moscow would block recognition", kind="indirect", speaker_text="Tadic",
              cue="hinted", speaker_resolved=True, confidence=0.2, **content.model_dump()),
    ]
    brief = brief.model_copy(update={"quotes": brief.quotes + extra})
    md = render_markdown(brief)
    section = md[md.index("## Who said what"):md.index("## Events")]
    assert "### Sergei Lavrov" in section and "(indirect, said)" in section
    for hidden in ("recalled", "warned", "hinted", "### who", "### he", "he said"):
        assert hidden not in section
    page = render_html(brief)
    quotes_html = page[page.index('<section id="quotes">'):page.index('<section id="events">')]
    assert "recalled" not in quotes_html and "warned" not in quotes_html and " he said" not in quotes_html


def test_reports_show_only_confident_discrepancies(brief: Brief) -> None:
    unsure = make_discrepancy().model_copy(update={"about": "rescue teams", "confidence": 0.12})
    both = brief.model_copy(update={"discrepancies": [make_discrepancy(), unsure]})
    markdown, page = render_markdown(both), render_html(both)
    assert "EU mission size" in markdown and "EU mission size" in page
    assert "rescue teams" not in markdown and "rescue teams" not in page
    assert "1 less certain kept in brief.json" in markdown and "1 less certain kept in brief.json" in page


def test_reports_written_side_by_side_are_those_written_one_after_another(brief: Brief, tmp_path) -> None:
    one = write_reports(brief, tmp_path / "one", processes=1)
    two = write_reports(brief, tmp_path / "two", processes=2)
    assert [p.name for p in one] == [p.name for p in two] == ["brief.json", "brief.md", "brief.html"]
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
