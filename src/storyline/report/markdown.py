"""`brief.md`: the brief as a readable Markdown report.

Source markers like `[2]` link to the article's row in the Articles table; their link title
gives the character offsets of the cited span. Article-derived text is flattened to one line
and has Markdown punctuation escaped, so it can neither break a table nor inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyline.changes import Changes
from storyline.model import Brief, Span, Story, TimelineEntry
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

# Intraword "_" never starts emphasis (en_core_web_sm), so only escape it at word edges.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|(?<!\w)_|_(?!\w))")


def md_text(text: str | None) -> str:
    """Article-derived text made safe for Markdown: one line, punctuation escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), " ".join((text or "").split()))


def _anchor(n: int) -> str:
    return f"article-{n}"


def _marker(index: BriefIndex, span: Span) -> str:
    """`[2]` linking to the article list; the offsets go in the link title."""
    n = index.article_numbers.get(span.article)
    if n is None:
        return f"[{md_text(span.article)}?]"
    return f'[\\[{n}\\]](#{_anchor(n)} "chars {span.start}-{span.end}")'


def _markers(index: BriefIndex, spans: Iterable[Span]) -> str:
    return " ".join(_marker(index, s) for s in spans)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    return [f"## {title}", "", *(body or ["_None._"]), ""]


def _summary(index: BriefIndex) -> list[str]:
    return [" ".join(f"{md_text(s.text)} {_marker(index, s)}" for s in index.brief.summary)] \
        if index.brief.summary else []


def _timeline_lines(index: BriefIndex, entries: Iterable[TimelineEntry]) -> list[str]:
    return [
        f"- **{md_text(e.date)}**{' (estimated)' if e.estimated else ''} — {md_text(e.text)} "
        f"{_markers(index, e.sources)}".rstrip()
        for e in entries
    ]


def _story(index: BriefIndex, story: Story) -> list[str]:
    dates = " to ".join(d for d in dict.fromkeys([story.first, story.last]) if d) or "undated"
    refs = ", ".join(
        f"[\\[{index.article_numbers[a]}\\]](#{_anchor(index.article_numbers[a])})"
        if a in index.article_numbers else md_text(a)
        for a in story.articles
    )
    meta = f"{dates} · {len(story.articles)} articles: {refs}"
    lines = [f"### {md_text(story.title)}", "", meta, ""]
    if story.summary:
        lines += [" ".join(f"{md_text(s.text)} {_marker(index, s)}" for s in story.summary), ""]
    timeline = _timeline_lines(index, (e for e in index.brief.timeline if e.story == story.id))
    if timeline:
        lines += ["Timeline:", "", *timeline, ""]
    return lines


def _stories(index: BriefIndex) -> list[str]:
    lines: list[str] = []
    for story in index.brief.stories:
        lines += _story(index, story)
    return lines[:-1] if lines else lines


def _quotes(index: BriefIndex) -> list[str]:
    lines: list[str] = []
    for group in speaker_groups(index):
        lines += [f"### {md_text(group.name)}", ""]
        for q in group.quotes:
            said = md_text(index.attribution(q))
            detail = f"{q.kind}" + (f", {said}" if said else "")
            lines.append(f"- “{md_text(q.text)}” ({detail}) {_marker(index, q)}")
        lines.append("")
    return lines[:-1] if lines else lines


def _events(index: BriefIndex) -> list[str]:
    """What happened (confident facts), then what was threatened, planned, asked or denied."""
    facts, others = shown_events(index.brief)
    lines = _event_table(index, facts, with_modality=False) if facts else []
    if others:
        lines += ["", "### Threats, plans, questions and denials", "",
                  *_event_table(index, others, with_modality=True)]
    return lines


def _event_table(index: BriefIndex, events: list, with_modality: bool) -> list[str]:
    rows = []
    for e in events:
        who = md_text(index.actor(e.source, e.source_text, e.source_code))
        whom = md_text(index.actor(e.target, e.target_text, e.target_code))
        kind = md_text(e.type) + (f" — {md_text(modality_label(e))}" if with_modality else "")
        reports = e.reports or [e]
        rows.append([md_text(e.date or ""), kind, f"{who} → {whom}" if whom else who,
                     md_text(place_label(e.place)), f"{md_text(e.text)} {_marker(index, e)}",
                     f"{len(reports)} {_markers(index, reports)}"])
    header = ["Date", "Type — modality" if with_modality else "Type", "Source → target",
              "Place", "Sentence", "Reports"]
    return _table(header, rows)


def _stances(index: BriefIndex) -> list[str]:
    rows = []
    for s in index.brief.stances:
        name = s.actor_name or index.entity_name(s.actor) or s.actor
        evidence = "<br>".join(
            f"{md_text(shorten(index.sentence_text(e), 200))} {_marker(index, e)}"
            for e in s.evidence
        )
        rows.append([md_text(index.story_title(s.story)), md_text(name), md_text(s.issue),
                     s.position, evidence])
    return _table(["Story", "Actor", "Issue", "Position", "Evidence"], rows) if rows else []


def _discrepancies(index: BriefIndex) -> list[str]:
    lines: list[str] = []
    hidden = len(index.brief.discrepancies) - len(shown_discrepancies(index.brief))
    if hidden:
        lines += [f"_{hidden} less certain kept in brief.json with their confidence._", ""]
    for d in shown_discrepancies(index.brief):
        lines += [f"**{md_text(d.about)}**", ""]
        for v in d.values:
            said = md_text(shorten(v.text or index.sentence_text(v), 200))
            lines.append(f"- **{md_text(v.value)}** — {said} {_marker(index, v)}")
        lines.append("")
    return lines[:-1] if lines else lines


def _entities(index: BriefIndex) -> list[str]:
    rows = [[md_text(cell) for cell in entity_cells(e)] for e in index.brief.entities]
    return _table(ENTITY_HEADER, rows) if rows else []


def _articles(index: BriefIndex) -> list[str]:
    rows = []
    for n, a in enumerate(index.brief.articles, 1):
        published = md_text(a.published or "unknown")
        if a.published_evidence:
            published += f" ({md_text(a.published_evidence)})"
        dup = index.article_numbers.get(a.duplicate_of or "")
        duplicate = f"[\\[{dup}\\]](#{_anchor(dup)})" if dup else md_text(a.duplicate_of or "")
        rows.append([f'<a id="{_anchor(n)}"></a>\\[{n}\\] {md_text(a.id)}', md_text(a.title or ""),
                     md_text(a.source or ""), published, md_text(place_label(a.dateline)),
                     md_text(a.focus_country or ""), md_text(language_label(a)), duplicate,
                     str(len(a.removed))])
    header = ["#", "Title", "Outlet", "Published", "Dateline", "Focus country", "Language", "Duplicate of",
              "Removed"]
    return _table(header, rows) if rows else []


def _changes(index: BriefIndex, changes: Changes) -> list[str]:
    """What the articles stored since a time brought: stories, then confident records."""
    lines = [md_text(changes_line(changes)), ""]
    lines += [f"- New story: **{md_text(s.title)}** ({counted(len(s.articles), 'article')})" for s in changes.new_stories]
    lines += [f"- Growing: **{md_text(g.story.title)}** (+{g.added}, now {counted(len(g.story.articles), 'article')})"
              for g in changes.growing_stories]
    events, quotes, discrepancies = changed_records(changes)
    lines += [f"- {md_text(e.type)}: {md_text(shorten(e.text, 200))} {_marker(index, e)}" for e in events]
    lines += [f"- {md_text(index.speaker_name(q))}: “{md_text(shorten(q.text, 200))}” {_marker(index, q)}"
              for q in quotes]
    lines += [f"- Discrepancy: {md_text(d.about)} ({', '.join(md_text(v.value) for v in d.values)})"
              for d in discrepancies]
    return lines if lines[-1] else lines[:-1]


def render_markdown(brief: Brief, changes: Changes | None = None, scope: str | None = None) -> str:
    """The brief as Markdown text (deterministic, ends with a newline); with `changes`, a
    "What's new" section first; `scope` says what part of the store it shows."""
    index = BriefIndex.build(brief)
    lines = ["# Storyline brief", "", md_text(corpus_line(brief)), ""]
    if scope:
        lines += [f"_{md_text(scope)}_", ""]
    if changes is not None:
        lines += _section("What's new", _changes(index, changes))
    lines += _section("Summary", _summary(index))
    lines += _section("Stories", _stories(index))
    lines += _section("Timeline", _timeline_lines(index, index.brief.timeline))
    lines += _section("Who said what", _quotes(index))
    lines += _section("Events", _events(index))
    lines += _section("Stances", _stances(index))
    lines += _section("Discrepancies", _discrepancies(index))
    lines += _section("Entities", _entities(index))
    lines += _section("Articles", _articles(index))
    return "\n".join(lines).rstrip("\n") + "\n"
