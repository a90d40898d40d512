"""PLOVER event coding over spaCy's dependency parse, one sentence at a time.

A trigger (verb or noun lemma in the lexicon) gives the event type; the parse gives its source
(subject, passive agent, possessor) and target (object, passive subject, or a preposition the
lexicon names). Embedding changes the reading: an act under "threatened to"/"warned that … would"
is a THREATEN event, under "offered to" an AGREE event, under "refused to" a REJECT event; an act
under "claimed that" is marked reported, under "considered" intended (`modality`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from storyline.actors import actor_code, country_code
from storyline.events import lexicon as lx
from storyline.events import syntax as sx
from storyline.model import DateMention, Event, Place
from storyline.model import Span as SourceSpan
from storyline.nlp import doc_ents, lemma, sentence_ents
from storyline.places import resolve_place

_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})
# Children whose lemma can complete a keyed trigger ("recall ambassadors", "call for", "hunger strike").
_KEY_DEPS = frozenset({"dobj", "prt", "prep", "dative", "oprd", "acomp", "attr", "nsubjpass",
                       "compound", "amod", "ccomp", "xcomp"})
_RECODE = {"THREATEN": lx.THREAT_VERBS, "AGREE": lx.AGREE_VERBS, "REJECT": lx.REJECT_VERBS,
           "DEMAND": lx.DEMAND_VERBS}


@dataclass
class _Coding:
    """An event as read from one sentence, before it becomes an `Event` record."""

    anchor: Token  # the verb whose arguments are the event's actors
    trigger: Token
    entry: lx.Trigger
    type: str
    mode: str | None
    cameo: str
    negated: bool = False
    modality: str = "asserted"
    wrapped: bool = False  # its content (first of `embedded`) is another act: "threatened to …"
    embedded: list[_Coding] = field(default_factory=list)


def _pos(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "V"
    if token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in sx.ACTOR_LABELS:
        return "N"
    return None


def _key_words(token: Token) -> set[str]:
    return {lemma(c) if c.pos_ in ("NOUN", "VERB", "ADJ") else c.lower_
            for c in token.children if c.dep_ in _KEY_DEPS}


def _candidates(sent: Span) -> dict[int, lx.Trigger]:
    """Every token in the sentence the lexicon recognises, by token index."""
    found: dict[int, lx.Trigger] = {}
    lemmas = lx.trigger_lemmas()
    for token in sent:
        pos = _pos(token)
        if pos is None:
            continue
        for word in sx.lemma_forms(token):
            if word in lemmas:
                entry = lx.lookup(word, pos, _key_words(token))
                if entry is not None:
                    found[token.i] = entry
                    break
    return found


def _absorber(token: Token, found: dict[int, lx.Trigger]) -> Token | None:
    """The trigger this one is the complement of ('condemned an attack' -> 'condemned')."""
    subject = next(sx.children_with(token, sx.SUBJECTS), None)
    if subject is not None and subject.i in found and found[subject.i].pos == "N":
        return subject  # "clashes injured 30 soldiers": one event, the clashes
    if token.dep_ in ("relcl", "acl") and token.head.i in found:
        return token.head
    for above in sx.embedders(token):
        if above.i in found:
            return above
    return None


def _code(token: Token, entry: lx.Trigger) -> _Coding:
    anchor = token
    if entry.pos == "N" and token.dep_ == "dobj" and _is_any(token.head, lx.LIGHT_VERBS):
        anchor = token.head  # "staged a protest": the stager is the protester
    coding = _Coding(anchor, token, entry, entry.type, entry.mode, entry.cameo)
    coding.negated = sx.negated(token) or (anchor is not token and sx.negated(anchor))
    return coding


def _recode(coding: _Coding) -> _Coding:
    """Re-read the act through what it is embedded under: threats, offers, refusals, claims."""
    for depth, above in enumerate(sx.embedders(coding.anchor)):
        word = next((w for w in sx.lemma_forms(above) if w in lx.EMBEDDING_WORDS), lemma(above))
        if depth == 0 and _wraps(coding.anchor):
            wrapped = _wrap_by(coding, above, word)
            if wrapped is not None:
                return wrapped
        if word in lx.REPORT_VERBS:
            return replace(coding, modality="reported", negated=coding.negated or sx.negated(above))
        if word in lx.INTEND_VERBS:
            return replace(coding, modality="intended", negated=coding.negated or sx.negated(above))
    return _future(coding)


def _future(coding: _Coding) -> _Coding:
    """PLOVER codes a stated intention, not the act: 'will give aid' is AGREE, 'would boycott'
    THREATEN, 'will not accept' REJECT. Shows of force ('will send troops') stay as they are."""
    if coding.anchor.pos_ != "VERB" or not sx.has_modal(coding.anchor, definite=True):
        return coding
    if coding.type in lx.COOPERATIVE_TYPES:
        return _wrap(coding, coding.anchor, "REJECT" if coding.negated else "AGREE")
    if coding.type in lx.THREAT_ACTS and not coding.negated:
        return _wrap(coding, coding.anchor, "THREATEN")
    return coding


def _wraps(anchor: Token) -> bool:
    """Only a to-infinitive or a modal 'that'-clause is the content of a threat, offer or demand."""
    if anchor.dep_ == "xcomp":
        return True
    # "asked whether Moscow would recognize" is a question, not a request.
    question = any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in anchor.children)
    return anchor.dep_ == "ccomp" and sx.has_modal(anchor) and not question


def _wrap_by(coding: _Coding, above: Token, word: str) -> _Coding | None:
    """The act re-coded by the verb right above it, or None when that verb does not re-code."""
    conflict = coding.type in lx.CONFLICT_TYPES
    if word in lx.THREAT_VERBS and (word != "warn" or sx.has_modal(coding.anchor)):
        promise = word in ("vow", "swear") and not conflict
        return _wrap(coding, above, "AGREE" if promise else "THREATEN")
    if word in lx.AGREE_VERBS:
        return _wrap(coding, above, "THREATEN" if conflict else "AGREE")
    if word in lx.REJECT_VERBS:
        return _wrap(coding, above, "REJECT")
    if word in lx.DEMAND_VERBS:
        return _wrap(coding, above, "DEMAND")
    return None


def _is_any(token: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in sx.lemma_forms(token))


def _wrap(act: _Coding, verb: Token, type_: str) -> _Coding:
    """An event of `type_` whose content is `act` ('threatened to break relations')."""
    mode = lx.THREAT_MODES.get(act.type) if type_ == "THREATEN" else None
    cameo = {"THREATEN": lx.threat_cameo(act.type), "AGREE": "030", "REJECT": "120",
             "DEMAND": "100"}[type_]
    entry = lx.Trigger(lemma(verb), "V", type_, mode, cameo, act.entry.targets)
    wrapped = _Coding(verb, verb, entry, type_, mode, cameo, negated=sx.negated(verb), wrapped=True)
    wrapped.embedded.append(act)
    return wrapped


def code_sentence(sent: Span) -> list[_Coding]:
    """The events one sentence reports, in trigger order."""
    found = _candidates(sent)
    codings: dict[int, _Coding] = {}
    absorbed: list[tuple[int, int]] = []
    for i, entry in found.items():
        token = sent.doc[i]
        above = _absorber(token, found)
        if above is not None:
            absorbed.append((i, above.i))
            continue
        if entry.pos == "V" and sx.is_inanimate_subject(token):
            continue
        codings[i] = _code(token, entry)
    for i, above in absorbed:
        if above in codings:
            host = codings[above]
            host.embedded.append(_code(sent.doc[i], found[i]))
            # "threatened to impose sanctions on Iran": the threat's target is the act's.
            host.wrapped = host.wrapped or host.type in _RECODE
    result = []
    for coding in codings.values():
        coding = _recode(coding)
        if coding.type == "THREATEN" and coding.embedded and coding.mode is None:
            coding.mode = lx.THREAT_MODES.get(coding.embedded[0].type)
            coding.cameo = lx.threat_cameo(coding.embedded[0].type)
        result.append(coding)
    return sorted(result, key=lambda c: c.trigger.i)


# --- arguments --------------------------------------------------------------------------------


def _source(coding: _Coding) -> Token | None:
    anchor = coding.anchor
    if anchor.pos_ == "VERB":
        subj = sx.subject(anchor)
        return sx.actor_token(sx.resolve_pronoun(subj, anchor) if subj is not None else None)
    for child in anchor.children:  # nominal event: "Russia's denunciation", "Serb protests"
        if child.dep_ == "poss" and child.ent_type_ not in ("DATE", "TIME"):
            return sx.actor_token(child)
        if child.dep_ in ("compound", "amod") and child.ent_type_ in ("NORP", "ORG"):
            return child
    return sx.actor_token(sx.object_of(anchor, "by"))


def _target(coding: _Coding, source: Token | None) -> Token | None:
    for current in [coding, *coding.embedded[: 1 if coding.wrapped else 0]]:
        for slot in current.entry.targets:
            filler = sx.actor_token(sx.object_of(current.anchor, slot))
            if filler is not None and filler is not source:
                return filler
    return None


def _date(coding: _Coding, dates: list[tuple[Span, DateMention]]) -> str | None:
    """The value of a date in the event's clause, preferring one attached to the trigger."""
    clause = {t.i for t in coding.anchor.subtree}
    best: tuple[int, str] | None = None
    for span, mention in dates:
        if span.root.i not in clause:
            continue
        rank = 0 if _attached(span.root, {coding.anchor.i, coding.trigger.i}) else 1
        if best is None or rank < best[0]:
            best = (rank, mention.value)
    return best[1] if best else None


def _attached(token: Token, heads: set[int]) -> bool:
    """Whether the nearest verb or trigger above `token` is one of `heads`."""
    node = token
    while node.head is not node:
        node = node.head
        if node.i in heads:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _place(
    coding: _Coding, sent: Span, countries: Sequence[str] | None, taken: set[int]
) -> Place | None:
    """The event's place; unresolved (name only) when `countries` is None."""
    clause = {t.i for t in coding.anchor.subtree}
    options = [
        ent for ent in sentence_ents(sent)
        if ent.label_ in _PLACE_LABELS and ent.root.head.lower_ in _PLACE_PREPS
        and not taken & set(range(ent.start, ent.end))
    ]
    options.sort(key=lambda ent: ent.root.i not in clause)
    if countries is None:
        return Place(name=options[0].text) if options else None
    for ent in options:
        place = resolve_place(ent.text, countries)
        if place is not None:
            return place
    return Place(name=options[0].text) if options else None


def article_countries(doc: Doc) -> list[str]:
    """ISO-3 codes of the countries the article names, most mentioned first."""
    counts: Counter[str] = Counter()
    for ent in doc_ents(doc):
        if ent.label_ in ("GPE", "NORP"):
            code = country_code(ent.text)
            if code:
                counts[code] += 1
    return [code for code, _ in counts.most_common()]


def _date_spans(doc: Doc, dates: Sequence[DateMention]) -> list[tuple[Span, DateMention]]:
    usable = []
    for mention in dates:
        if mention.type not in ("DATE", "TIME") or mention.value.startswith("XXXX"):
            continue
        if mention.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            usable.append((span, mention))
    return usable


def find_events(
    doc: Doc,
    article_id: str,
    dates: Sequence[DateMention],
    published: str | None,
    resolve_places: bool = True,
) -> list[Event]:
    """Every PLOVER event the article's sentences report, in text order.

    With `resolve_places=False` places keep only their name, for `resolve_place` later (the
    gazetteer takes a second or two to load; the pipeline loads it once, off the hot path).
    """
    countries = article_countries(doc) if resolve_places else None
    date_spans = _date_spans(doc, dates)
    events: list[Event] = []
    for sent in doc.sents:
        codings = code_sentence(sent)
        sent_dates = [(s, m) for s, m in date_spans if sent.start <= s.start < sent.end]
        for coding in codings:
            events.append(_record(coding, sent, article_id, len(events), sent_dates, published,
                                  countries))
    return events


def _record(coding: _Coding, sent: Span, article_id: str, n: int,
            dates: list[tuple[Span, DateMention]], published: str | None,
            countries: Sequence[str] | None) -> Event:
    source = _source(coding)
    target = _target(coding, source)
    source_span = sx.phrase(source) if source is not None else None
    target_span = sx.phrase(target) if target is not None else None
    taken: set[int] = set()
    for span in (source_span, target_span):
        if span is not None:
            taken |= set(range(span.start, span.end))
    date = _date(coding, dates)
    return Event(
        id=f"{article_id}:e{n + 1}",
        article=article_id,
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text,
        type=coding.type,
        mode=coding.mode,
        modality=coding.modality,
        cameo=coding.cameo,
        trigger=coding.trigger.text,
        source_text=source_span.text if source_span is not None else None,
        source_start=source_span.start_char if source_span is not None else None,
        source_end=source_span.end_char if source_span is not None else None,
        source_code=_code_of(source_span),
        target_text=target_span.text if target_span is not None else None,
        target_start=target_span.start_char if target_span is not None else None,
        target_end=target_span.end_char if target_span is not None else None,
        target_code=_code_of(target_span),
        date=date or published,
        date_source="text" if date else ("published" if published else None),
        place=_place(coding, sent, countries, taken),
        negated=coding.negated,
        reports=[SourceSpan(article=article_id, start=sent.start_char, end=sent.end_char)],
    )


def _code_of(span: Span | None) -> str | None:
    if span is None:
        return None
    return actor_code(span.text, span.root.ent_type_ or None)
