"""Quotes and speaker attribution: who said what, with exact character offsets.

`find_quotes(doc, article_id)` is the one entry point. Direct quotes come from quote marks,
reported speech from the dependency parse, and speakers are resolved to a named mention of
the same article (see `speakers`).

`Quote.cue` is the attribution's cue as written, never a normalised form, and
`cue_start`/`cue_end` span those words in the article text (`text[cue_start:cue_end] == cue`),
inside the quote's sentence or the sentence next to it: the reporting verb or noun ("said",
"warning"), an attitude adjective ("wary"), "according to", the colon of a "Name: ..." line,
or the dash before a pull quote's name. Quotes without a cue (continuations of the previous
speaker's quote, pull quotes) have all three None.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.model import Quote
from storyline.quotes.assemble import Draft, draft_quotes
from storyline.quotes.confidence import confidence, speaker_form
from storyline.quotes.speakers import SpeakerResolver
from storyline.nlp import doc_text, span_fields

__all__ = ["find_quotes", "quotes_with_evidence"]


def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    """Every quote in `doc`, sorted by start, ids f"{article_id}:q{n}" from 1."""
    return [quote for quote, _ in quotes_with_evidence(doc, article_id)]


def quotes_with_evidence(doc: Doc, article_id: str) -> list[tuple[Quote, tuple[str, str, str]]]:
    """`find_quotes` with each quote's evidence (kind, how it was found, speaker form): what
    its confidence is computed from, and what bench/quotes_confidence.py fits the table on."""
    resolver = SpeakerResolver(doc)
    anchors: dict[int, tuple[int, int] | None] = {}
    quotes: list[tuple[Quote, tuple[str, str, str]]] = []
    text = doc_text(doc)  # Doc.text joins every token: read it once
    for n, draft in enumerate(draft_quotes(doc, text), start=1):
        anchor = _anchor(draft, resolver, anchors)
        anchors[id(draft)] = anchor
        speaker = draft.speaker
        evidence = (draft.kind, draft.evidence, speaker_form(speaker, anchor))
        quote = (
            Quote(
                id=f"{article_id}:q{n}",
                article=article_id,
                start=draft.start,
                end=draft.end,
                text=text[draft.start : draft.end],
                kind=draft.kind,
                **span_fields("speaker", speaker),
                speaker_anchor=anchor,
                cue=draft.cue,
                cue_start=draft.cue_start if draft.cue is not None else None,
                cue_end=draft.cue_end if draft.cue is not None else None,
                speaker_resolved=resolver.names_someone(speaker, anchor),
                confidence=confidence(*evidence),
            )
        )
        quotes.append((quote, evidence))
    return quotes


def _anchor(draft: Draft, resolver: SpeakerResolver, seen: dict[int, tuple[int, int] | None]) -> tuple[int, int] | None:
    """Resolve once per speaker mention; continuations reuse their predecessor's anchor."""
    if draft.inherited is not None:
        return seen.get(id(draft.inherited))
    if draft.speaker is None:
        return None
    return resolver.resolve(draft.speaker)
