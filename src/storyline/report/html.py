"""`brief.html`: one self-contained page (inline CSS, no scripts, no external resources).

Every statement carries source markers (`[2]`). A marker links to an evidence block that
shows the cited span highlighted inside its sentence and neighbours; the block links on to
the same span highlighted in the article's full text at the bottom of the page. Overlapping
spans are handled by cutting the full text at every span boundary (nested highlights get a
darker shade) and by giving each citation its own zero-width anchor and evidence block.
All article-derived text goes through `html.escape`; HTML ids are built from numbers only.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from importlib import resources

from storyline.changes import Changes
from storyline.model import Article, Brief, SourcedText, Span, Story, TimelineEntry
from storyline.report.citations import context, cut_points
from storyline.report.index import (
    BriefIndex,
    changed_records,
    changes_line,
    counted,
    corpus_line,
    ENTITY_HEADER,
    entity_cells,
    language_label,
    place_label,
    modality_label,
    shorten,
    shown_discrepancies,
    shown_events,
    speaker_groups,
)

SECTIONS = (
    ("changes", "What's new"), ("summary", "Summary"), ("stories", "Stories"), ("timeline", "Timeline"),
    ("quotes", "Who said what"), ("events", "Events"), ("stances", "Stances"),
    ("discrepancies", "Discrepancies"), ("entities", "Entities"), ("evidence", "Evidence"),
    ("articles", "Articles"),
)


def _css() -> str:
    return resources.files("storyline.report").joinpath("style.css").read_text("utf-8")


def evidence_id(n: int, start: int, end: int) -> str:
    """HTML id of the evidence block for span `start..end` of article number `n`."""
    return f"ev-{n}-{start}-{end}"


def text_anchor_id(n: int, start: int, end: int) -> str:
    """HTML id of the zero-width anchor at the span's start in the article's full text."""
    return f"at-{n}-{start}-{end}"


class Citer:
    """Renders source markers and remembers every span cited, for the evidence section."""

    def __init__(self, index: BriefIndex) -> None:
        self.index = index
        self.cited: dict[int, set[tuple[int, int]]] = {}  # article number -> spans

    def __call__(self, span: Span) -> str:
        """An `n` marker linking to the span's evidence block (a plain `?` when it does not
        resolve, so that every link on the page has a target)."""
        if not self.index.span_ok(span):
            missing = escape(f"source not found: {span.article}")
            return f'<span class="cite missing" title="{missing}">?</span>'
        n = self.index.article_numbers[span.article]
        self.cited.setdefault(n, set()).add((span.start, span.end))
        tip = escape(shorten(self.index.span_text(span), 240))
        return (f'<a class="cite" href="#{evidence_id(n, span.start, span.end)}" '
                f'title="{tip}">{n}</a>')

    def many(self, spans: Iterable[Span]) -> str:
        """Markers for several spans, side by side."""
        return "".join(self(s) for s in spans)

    def spans_of(self, n: int) -> list[tuple[int, int]]:
        """Cited `(start, end)` spans of article number `n`, sorted."""
        return sorted(self.cited.get(n, ()))


def _section(key: str, title: str, body: str) -> str:
    content = body or '<p class="none">None found.</p>'
    return f'<section id="{key}">\n<h2>{escape(title)}</h2>\n{content}\n</section>'


def _table(header: list[str], rows: list[list[str]], cls: str) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="table-wrap"><table class="{cls}">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table></div>")


def _article_link(index: BriefIndex, article_id: str) -> str:
    n = index.article_numbers.get(article_id)
    if n is None:
        return f'<span class="chip">{escape(article_id)}</span>'
    title = escape(index.articles[article_id].title or article_id)
    return f'<a class="chip" href="#article-{n}" title="{title}">{n}</a>'


def _sentences(cite: Citer, sentences: Iterable[SourcedText]) -> str:
    return " ".join(f'<span class="sent">{escape(s.text)}</span>{cite(s)}' for s in sentences)


def _summary(cite: Citer) -> str:
    summary = cite.index.brief.summary
    return f'<p class="lede">{_sentences(cite, summary)}</p>' if summary else ""


def _timeline(cite: Citer, entries: list[TimelineEntry], stories: dict[str, str]) -> str:
    items = []
    for e in entries:
        tag = stories.get(e.story or "")
        story = f' <span class="tag">{escape(tag)}</span>' if tag else ""
        when = escape(e.date) + (' <span class="tag">estimated</span>' if e.estimated else "")
        items.append(f'<li><time>{when}</time><div>{escape(e.text)}'
                     f"{cite.many(e.sources)}{story}</div></li>")
    return '<ol class="timeline">\n' + "\n".join(items) + "\n</ol>" if items else ""


def _story(cite: Citer, story: Story) -> str:
    dates = " – ".join(escape(d) for d in dict.fromkeys([story.first, story.last]) if d)
    chips = "".join(_article_link(cite.index, a) for a in story.articles)
    count = len(story.articles)
    summary = f"<p>{_sentences(cite, story.summary)}</p>" if story.summary else ""
    entries = [e for e in cite.index.brief.timeline if e.story == story.id]
    return (f'<article class="card story">\n<h3>{escape(story.title)}</h3>\n'
            f'<p class="meta">{dates or "undated"} · {count} article{"s" if count != 1 else ""} '
            f"{chips}</p>\n{summary}\n{_timeline(cite, entries, {})}\n</article>")


def _stories(cite: Citer) -> str:
    cards = [_story(cite, s) for s in cite.index.brief.stories]
    return '<div class="cards">\n' + "\n".join(cards) + "\n</div>" if cards else ""


def _changes(cite: Citer, changes: Changes) -> str:
    """What the articles stored since a time brought: stories, then confident records."""
    items = [f"<li>New story: <strong>{escape(s.title)}</strong> ({counted(len(s.articles), 'article')})</li>"
             for s in changes.new_stories]
    items += [f"<li>Growing: <strong>{escape(g.story.title)}</strong> (+{g.added}, now "
              f"{counted(len(g.story.articles), 'article')})</li>" for g in changes.growing_stories]
    events, quotes, discrepancies = changed_records(changes)
    items += [f'<li><span class="badge">{escape(e.type)}</span> {escape(shorten(e.text, 200))}{cite(e)}</li>'
              for e in events]
    items += [f"<li>{escape(cite.index.speaker_name(q))}: “{escape(shorten(q.text, 200))}”{cite(q)}</li>"
              for q in quotes]
    items += [f"<li>Discrepancy: {escape(d.about)} ({escape(', '.join(v.value for v in d.values))})</li>"
              for d in discrepancies]
    listed = '<ul class="changes">\n' + "\n".join(items) + "\n</ul>" if items else ""
    return f"<p>{escape(changes_line(changes))}</p>\n{listed}"


def _quotes(cite: Citer) -> str:
    blocks = []
    for group in speaker_groups(cite.index):
        name = escape(group.name)
        if group.entity is not None:
            name = f'<a href="#entity-{cite.index.entity_numbers[group.entity.id]}">{name}</a>'
        items = []
        for q in group.quotes:
            said = escape(cite.index.attribution(q))
            items.append(f'<li><blockquote class="{q.kind}">{escape(q.text)}</blockquote>'
                         f'<div class="meta"><span class="badge">{q.kind}</span> {said}'
                         f"{cite(q)}</div></li>")
        blocks.append(f'<div class="speaker"><h3>{name} <span class="count">{len(items)}</span>'
                      f'</h3>\n<ul class="quotes">\n' + "\n".join(items) + "\n</ul></div>")
    return "\n".join(blocks)


def _events(cite: Citer) -> str:
    """What happened (confident facts), then what was threatened, planned, asked or denied."""
    facts, others = shown_events(cite.index.brief)
    html = _event_table(cite, facts, with_modality=False)
    if others:
        html += ("\n<h3>Threats, plans, questions and denials</h3>\n"
                 + _event_table(cite, others, with_modality=True))
    return html


def _event_table(cite: Citer, events: list, with_modality: bool) -> str:
    rows = []
    for e in events:
        who = escape(cite.index.actor(e.source, e.source_text, e.source_code))
        whom = escape(cite.index.actor(e.target, e.target_text, e.target_code))
        kind = f'<span class="badge">{escape(e.type)}</span>'
        if with_modality:
            kind += f' <span class="badge neg">{escape(modality_label(e))}</span>'
        reports = e.reports or [e]
        rows.append([escape(e.date or ""), kind, f"{who} → {whom}" if whom else who,
                     escape(place_label(e.place)), escape(e.text) + cite(e),
                     f'<span class="num">{len(reports)}</span>{cite.many(reports)}'])
    header = ["Date", "Type", "Source → target", "Place", "Sentence", "Reports"]
    return _table(header, rows, "events")


def _stances(cite: Citer) -> str:
    rows = []
    for s in cite.index.brief.stances:
        name = s.actor_name or cite.index.entity_name(s.actor) or s.actor
        evidence = "".join(
            f'<div class="said">{escape(shorten(cite.index.sentence_text(e), 200))}{cite(e)}</div>'
            for e in s.evidence
        )
        rows.append([escape(cite.index.story_title(s.story)), escape(name), escape(s.issue),
                     f'<span class="badge pos-{s.position}">{s.position}</span>', evidence])
    return _table(["Story", "Actor", "Issue", "Position", "Evidence"], rows, "stances")


def _discrepancies(cite: Citer) -> str:
    cards = []
    for d in shown_discrepancies(cite.index.brief):
        values = "\n".join(
            f'<li><strong>{escape(v.value)}</strong> '
            f"<span>{escape(shorten(v.text or cite.index.sentence_text(v), 240))}</span>"
            f"{cite(v)}</li>"
            for v in d.values
        )
        cards.append(f'<div class="card discrepancy"><h3>{escape(d.about)}</h3>\n'
                     f"<ul>\n{values}\n</ul></div>")
    hidden = len(cite.index.brief.discrepancies) - len(cards)
    note = f"<p>{hidden} less certain kept in brief.json with their confidence.</p>\n" if hidden else ""
    return note + ('<div class="cards">\n' + "\n".join(cards) + "\n</div>" if cards else "")


def _entities(index: BriefIndex) -> str:
    rows = []
    for n, e in enumerate(index.brief.entities, 1):
        name, *cells = entity_cells(e)
        rows.append([f'<span id="entity-{n}">{escape(name)}</span>', *(escape(c) for c in cells)])
    return _table(ENTITY_HEADER, rows, "entities")


def _evidence_block(index: BriefIndex, n: int, start: int, end: int) -> str:
    article = index.brief.articles[n - 1]
    ctx = context(article.text, start, end)
    lead = "… " if ctx.clipped_before else ""
    tail = " …" if ctx.clipped_after else ""
    cited = escape(ctx.cited) if ctx.cited else "&#8203;"
    return (f'<div class="evidence" id="{evidence_id(n, start, end)}">'
            f'<p class="ctx">{lead}{escape(ctx.before.lstrip())}<mark>{cited}</mark>'
            f"{escape(ctx.after)}{tail}</p>"
            f'<p class="where">chars {start}–{end} · '
            f'<a href="#{text_anchor_id(n, start, end)}">show in article [{n}]</a></p></div>')


def _evidence(cite: Citer) -> str:
    groups = []
    for n, article in enumerate(cite.index.brief.articles, 1):
        spans = cite.spans_of(n)
        if not spans:
            continue
        blocks = "\n".join(_evidence_block(cite.index, n, s, e) for s, e in spans)
        groups.append(f'<h3><a href="#article-{n}">[{n}]</a> {escape(article.title or article.id)}'
                      f"</h3>\n{blocks}")
    return "\n".join(groups)


def full_text_html(text: str, spans: list[tuple[int, int]], n: int) -> str:
    """The article text with every cited span in `<mark>` and an anchor at each span start."""
    anchors: dict[int, list[str]] = {}
    for start, end in spans:
        anchors.setdefault(start, []).append(
            f'<span class="anchor" id="{text_anchor_id(n, start, end)}"></span>')
    out = []
    for lo, hi, depth in cut_points(len(text), spans):
        out += anchors.pop(lo, [])
        piece = escape(text[lo:hi])
        out.append(f'<mark class="d{min(depth, 3)}">{piece}</mark>' if depth else piece)
    for position in sorted(anchors):  # spans starting at the very end of the text
        out += anchors[position]
    return "".join(out)


def _removed(article: Article) -> str:
    if not article.removed:
        return ""
    items = "\n".join(f'<li><span class="badge">{escape(r.reason)}</span> {escape(r.text)}</li>'
                      for r in article.removed)
    return (f"<details><summary>Removed by the cleaner ({len(article.removed)})</summary>"
            f'\n<ul class="removed">\n{items}\n</ul></details>')


def _article_meta(index: BriefIndex, article: Article) -> str:
    rows = [("Id", escape(article.id)), ("Outlet", escape(article.source or "")),
            ("Path", escape(article.path))]
    published = escape(article.published or "unknown")
    if article.published_evidence:
        published += f' <span class="muted">({escape(article.published_evidence)})</span>'
    rows.append(("Published", published))
    rows.append(("Dateline", escape(place_label(article.dateline))))
    rows.append(("Focus country", escape(article.focus_country or "")))
    rows.append(("Language", escape(language_label(article))))
    if article.url:
        url = escape(article.url)
        safe = article.url.lower().startswith(("http://", "https://"))
        link = f'<a href="{url}" rel="noopener noreferrer">{url}</a>'
        rows.append(("URL", link if safe else url))
    if article.duplicate_of:
        rows.append(("Duplicate of", _article_link(index, article.duplicate_of)))
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v) + "</dl>"


def _articles(cite: Citer) -> str:
    cards = []
    for n, a in enumerate(cite.index.brief.articles, 1):
        text = full_text_html(a.text, cite.spans_of(n), n)
        cards.append(f'<article class="source" id="article-{n}">\n'
                     f"<h3><span class=\"num\">[{n}]</span> {escape(a.title or a.id)}</h3>\n"
                     f"{_article_meta(cite.index, a)}\n{_removed(a)}\n"
                     f"<details open><summary>Full text</summary>\n"
                     f'<div class="fulltext">{text}</div></details>\n</article>')
    return "\n".join(cards)


def _nav(brief: Brief, with_changes: bool) -> str:
    counts = {"stories": len(brief.stories), "timeline": len(brief.timeline),
              "quotes": len(brief.quotes), "events": sum(map(len, shown_events(brief))),
              "stances": len(brief.stances), "discrepancies": len(shown_discrepancies(brief)),
              "entities": len(brief.entities), "articles": len(brief.articles)}
    links = "".join(
        f'<a href="#{key}">{escape(title)}'
        + (f' <span class="count">{counts[key]}</span>' if key in counts else "") + "</a>"
        for key, title in SECTIONS if key != "changes" or with_changes
    )
    return f'<nav class="toc">{links}</nav>'


def render_html(brief: Brief, changes: Changes | None = None, scope: str | None = None) -> str:
    """The brief as one self-contained HTML page (deterministic, ends with a newline); with
    `changes`, a "What's new" section first; `scope` says what part of the store it shows."""
    index = BriefIndex.build(brief)
    cite = Citer(index)
    stories = {s.id: s.title for s in brief.stories}
    # Statement sections first: they register the citations the evidence and texts show.
    bodies = {
        "changes": _changes(cite, changes) if changes is not None else "",
        "summary": _summary(cite), "stories": _stories(cite),
        "timeline": _timeline(cite, brief.timeline, stories), "quotes": _quotes(cite),
        "events": _events(cite), "stances": _stances(cite), "discrepancies": _discrepancies(cite),
        "entities": _entities(index),
    }
    bodies["evidence"] = _evidence(cite)
    bodies["articles"] = _articles(cite)
    shown = [(key, title) for key, title in SECTIONS if key != "changes" or changes is not None]
    sections = "\n".join(_section(key, title, bodies[key]) for key, title in shown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Storyline brief</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        f'<header class="masthead"><h1>Storyline brief</h1>'
        f'<p class="corpus">{escape(corpus_line(brief))}</p>'
        + (f'<p class="scope">{escape(scope)}</p>' if scope else "") + "</header>\n"
        f"{_nav(brief, changes is not None)}\n<main>\n{sections}\n</main>\n"
        f'<footer>Schema {escape(brief.schema_id)} · every marker links to the sentence it '
        f"cites.</footer>\n</body>\n</html>\n"
    )
