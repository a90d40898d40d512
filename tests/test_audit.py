"""bench/audit.py: reproducible samples, context sentences, and sheets that score back right.

The briefs are built here with the model classes (no spaCy), so every expectation is exact.
"""

from __future__ import annotations

import re

import pytest
from conftest import load_bench

from storyline.model import (Article, Brief, Discrepancy, DiscrepancyValue, Entity, Event, Mention, Quote,
                             Span, Stance)

TEXT = ("Rain fell on Monday. Jane Smith said the plan would work. Officials left early. "
        "Smith denied the report. Mr. Brown told reporters that taxes would rise. "
        "Verdict: content=n speaker=n. The end came.")


@pytest.fixture(scope="module")
def audit():
    return load_bench("audit.py", "audit_bench")


def span(text: str, needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def mention(article: str, needle: str) -> Mention:
    start, end = span(TEXT, needle)
    return Mention(article=article, start=start, end=end, text=needle)


def quote(n: int, content: str, speaker: str, kind: str = "indirect", article: str = "a1") -> Quote:
    start, end = span(TEXT, content)
    s_start, s_end = span(TEXT, speaker)
    return Quote(article=article, start=start, end=end, id=f"{article}:q{n}", text=content, kind=kind,
                 speaker=None, speaker_text=speaker, speaker_start=s_start, speaker_end=s_end,
                 cue="said", speaker_resolved=True, confidence=0.9)


def tiny_brief(copies: int = 1) -> Brief:
    """`copies` identical articles, each with three speech quotes and one attitude."""
    articles, quotes = [], []
    smith = Entity(id="person:jane-smith", name="Jane Smith", type="PERSON", aliases=["Smith"])
    for i in range(copies):
        aid = f"a{i}"
        articles.append(Article(id=aid, path=f"{aid}.txt", text=TEXT))
        quotes += [quote(1, "the plan would work", "Jane Smith", article=aid),
                   quote(2, "the report", "Smith", kind="attitude", article=aid),
                   quote(3, "taxes would rise", "Mr. Brown", article=aid),
                   quote(4, "Officials left early", "Jane Smith", article=aid)]
        smith.mentions += [mention(aid, "Jane Smith"), mention(aid, "Smith denied")]
    smith.mentions = [m.model_copy(update={"end": m.start + 5, "text": "Smith"})
                      if m.text == "Smith denied" else m for m in smith.mentions]
    quotes[0] = quotes[0].model_copy(update={"speaker": smith.id})
    others = [
        Entity(id="person:smith", name="Smith", type="PERSON",
               mentions=[mention("a0", "Smith said")]),
        Entity(id="person:brown", name="Brown", type="PERSON", aliases=["Mr. Brown"],
               mentions=[mention("a0", "Mr. Brown")]),
    ]
    start, end = span(TEXT, "Smith denied the report.")
    event = Event(article="a0", start=start, end=end, id="a0:e1", type="REJECT", trigger="denied",
                  source=smith.id, source_text="Smith", source_start=start, source_end=start + 5,
                  text=TEXT[start:end])
    stance = Stance(actor=smith.id, issue="the plan", position="support",
                    evidence=[Span(article="a0", **dict(zip(("start", "end"),
                                                            span(TEXT, "the plan would work"))))])
    figures = [DiscrepancyValue(value=value, article="a0", **dict(zip(("start", "end"), span(TEXT, value))))
               for value in ("Monday", "Officials")]
    discrepancy = Discrepancy(about="size of mission", values=figures, confidence=0.8, evidence="size")
    return Brief(articles=articles, entities=[smith, *others], quotes=quotes, events=[event],
                 stances=[stance], discrepancies=[discrepancy])


def as_bytes(brief: Brief) -> bytes:
    return brief.model_dump_json(by_alias=True).encode()


def test_context_is_previous_marked_and_next_sentence(audit):
    start, end = span(TEXT, "the plan would work")
    lines = audit.context_lines(TEXT, start, end)
    assert lines == ["Rain fell on Monday.",
                     "Jane Smith said ⟦the plan would work⟧.",
                     "Officials left early."]


def test_context_marks_speaker_and_stops_at_text_edges(audit):
    start, end = span(TEXT, "Rain fell")
    assert audit.context_lines(TEXT, start, end) == ["⟦Rain fell⟧ on Monday.",
                                                      "Jane Smith said the plan would work."]
    start, end = span(TEXT, "taxes would rise")
    speaker = audit.Mark(*span(TEXT, "Mr. Brown"), audit.SPEAKER_MARKS)
    lines = audit.context_lines(TEXT, start, end, [speaker])
    # "Mr." does not end a sentence: the speaker stays in the quote's sentence.
    assert lines[1] == "⟨Mr. Brown⟩ told reporters that ⟦taxes would rise⟧."
    assert lines[0] == "Smith denied the report."


def test_sampling_is_deterministic_and_seeded(audit):
    data = as_bytes(tiny_brief(copies=30))
    first = audit.sample_sheet(data, "brief.json", "quotes", 10, 13, False)
    assert first == audit.sample_sheet(data, "brief.json", "quotes", 10, 13, False)
    assert first != audit.sample_sheet(data, "brief.json", "quotes", 10, 14, False)
    assert first.count("\n## ") == 10
    merges = audit.sample_sheet(data, "brief.json", "merges", 5, 13, False)
    assert merges == audit.sample_sheet(data, "brief.json", "merges", 5, 13, False)


def test_shown_keeps_what_the_reports_list(audit):
    sheet = audit.sample_sheet(as_bytes(tiny_brief()), "brief.json", "quotes", 40, 13, True)
    ids = re.findall(r"^## \d+\. (\S+)$", sheet, re.MULTILINE)
    assert ids == ["a0:q1", "a0:q3", "a0:q4"]  # the attitude is not shown
    assert "drawn: 3 of 3 shown quotes, seed 13" in sheet
    assert "- speaker: Jane Smith (written \"Jane Smith\"; resolved)" in sheet


def fill(sheet: str, verdicts: list[str]) -> str:
    """Replace the verdict lines in order."""
    lines, found = sheet.split("\n"), iter(verdicts)
    return "\n".join(f"verdict: {next(found)}" if line.startswith("verdict:") else line
                     for line in lines)


def test_judged_sheet_scores_back(audit, tmp_path):
    sheet = audit.sample_sheet(as_bytes(tiny_brief()), "brief.json", "quotes", 40, 13, False)
    judged = fill(sheet, ["content=y speaker=y", "content=N speaker=n/a",
                          "content=yes speaker=no", "content=? speaker=y"])
    path = tmp_path / "quotes.md"
    path.write_text(judged.replace("\n", "\r\n"), encoding="utf-8")  # Windows line ends too
    report = "\n".join(audit.score([str(path)]))
    assert "quotes: 4 records" in report
    assert re.search(r"content\s+2/3\s+66\.7%", report)
    assert re.search(r"speaker\s+2/3\s+66\.7%", report)
    assert re.search(r"both\s+1/3\s+33\.3%", report)  # q4 unjudged in content: not counted
    assert "unjudged: 1: quotes.md#a0:q4 (content)" in report
    # The article's own "Verdict: content=n" sentence is context (a quoted line), never a verdict.
    assert "> Verdict: content=n speaker=n." in judged


def test_people_lists_possible_splits(audit):
    sheet = audit.people_sheet(as_bytes(tiny_brief()), "brief.json", 2)
    first = sheet.split("## 1. ")[1].split("## 2. ")[0]
    assert first.startswith("person:jane-smith")
    assert "candidate person:smith: \"Smith\" (PERSON), 1 mentions in 1 articles (1 shared)" in first
    assert "person:brown" not in first
    assert audit.name_tokens("President Donald J. Trump's") == ("donald", "j", "trump")
    assert audit.is_subsequence(("donald", "trump"), ("donald", "j", "trump"))
    assert not audit.is_subsequence(("trump", "donald"), ("donald", "j", "trump"))


def test_people_and_merge_sheets_score(audit, tmp_path):
    data = as_bytes(tiny_brief())
    people = audit.people_sheet(data, "brief.json", 2).replace("same=?", "same=y", 1)
    path = tmp_path / "people.md"
    path.write_text(fill(people, ["whole=n", "whole=y"]), encoding="utf-8")
    merges = audit.sample_sheet(data, "brief.json", "merges", 30, 13, False)
    assert "- pair: " in merges and merges.count("alias \"") == 2
    merge_path = tmp_path / "merges.md"
    merge_path.write_text(fill(merges, ["right=y"]), encoding="utf-8")
    report = "\n".join(audit.score([str(path), str(merge_path)]))
    assert re.search(r"merges: 1 records.*\n\s+right\s+1/1\s+100\.0%", report)
    assert re.search(r"whole\s+1/2\s+50\.0%", report)
    assert "candidates judged the same person: 1 of 1 judged" in report


def test_sheet_without_kind_is_refused_and_skipped(audit, tmp_path):
    with pytest.raises(ValueError, match="kind"):
        audit.read_sheet("x.md", "# nothing\n\n## 1. q1\nverdict: content=y\n")
    readme = tmp_path / "README.md"
    readme.write_text("# Judged audit sheets\n", encoding="utf-8")
    assert audit.score([str(readme)])[0].startswith(f"skipped {readme}: no known `kind:` line")


@pytest.mark.parametrize("kind", ["entities", "events", "stances", "discrepancies"])
def test_every_kind_samples_with_its_verdict_fields(audit, kind):
    data = as_bytes(tiny_brief())
    sheet = audit.sample_sheet(data, "brief.json", kind, 5, 13, False)
    assert sheet == audit.sample_sheet(data, "brief.json", kind, 5, 13, False)
    fields = audit.KINDS[kind].fields
    assert f"verdict: {' '.join(f'{name}=?' for name in fields)}" in sheet
    assert "⟦" in sheet


def test_event_marks_source_inside_its_sentence(audit):
    sheet = audit.sample_sheet(as_bytes(tiny_brief()), "brief.json", "events", 5, 13, False)
    assert "> ⟦⟨Smith⟩ denied the report.⟧" in sheet
    assert "- source: Jane Smith (written \"Smith\")" in sheet
