"""PLOVER event coding over spaCy's dependency parse, one sentence at a time.

A trigger (verb or noun lemma in the lexicon, else a word whose WordNet sense lies under a
category's anchor: `meaning.py`) gives the event type, unless a force or protest word is meant
figuratively (`literal.py`); the parse gives its source (subject, passive agent, possessor, the
subject of the clause an event noun is the setting of; a pronoun or description is the name
coreference finds) and target (object, passive subject, a preposition the lexicon names or
one aiming the act, the subject of a demanded or criticised clause). Embedding changes the
reading: an act under "threatened to"/"warned that … would" is a THREATEN event, under
"offered to" an AGREE event, under "refused to" a REJECT event. How the article presents the
event — asserted, reported, planned, negated … — is read by `modality.py`, its confidence from
`confidence.py`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from storyline.actors import country_code
from storyline.entities import ents_within
from storyline.events import arguments as args
from storyline.events import lexicon as lx
from storyline.events import meaning
from storyline.events import syntax as sx
from storyline.events.coding import Coding
from storyline.events.confidence import actors_form
from storyline.events.confidence import confidence as event_confidence
from storyline.events.literal import FORCE_TYPES, is_abstract, reading
from storyline.events.modality import ASSERTED, Modality, read_modality
from storyline.lexicon import ACTOR_LABELS, PLACE_LABELS, REPORTING_VERBS
from storyline.model import DateMention, Event, Place
from storyline.model import Span as SourceSpan
from storyline.nlp import doc_ents, doc_text, lemma, span_fields, span_tokens
from storyline.places import resolve_place
from storyline.quotes.coref import Coreference

_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "throughout",
                          "across"})
# Children whose lemma can complete a keyed trigger ("recall ambassadors", "call for",
# "hunger strike").
_KEY_DEPS = frozenset({"dobj", "prt", "advmod", "prep", "dative", "oprd", "acomp", "attr",
                       "nsubjpass", "compound", "amod", "ccomp", "xcomp"})
_RECODE = {"THREATEN": lx.THREAT_VERBS, "AGREE": lx.AGREE_VERBS, "REJECT": lx.REJECT_VERBS,
           "DEMAND": lx.DEMAND_VERBS}


def _pos(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "V"
    if token.pos_ == "NOUN" and token.ent_type_ not in ACTOR_LABELS:
        return "N"
    if token.pos_ == "PROPN" and not token.ent_type_:
        return "N"  # a capitalised event noun, but never part of a name ("Meet the Press")
    return None


def _key_words(token: Token) -> set[str]:
    """Words that can complete a keyed trigger: its complements, the nouns inside its object
    ('suspended aid deliveries', 'suspended part of a military aid program'), and what kind
    of thing the object is ('@person', '@place': 'released three hostages')."""
    words = set()
    if token.dep_ == "acl" and token.tag_ == "VBN":
        words.add(_key_form(token.head))  # "missiles fired from Yemen": fired missiles
    for child in token.children:
        if child.dep_ in _KEY_DEPS:
            words.add(_key_form(child))
        if child.dep_ in ("prep", "agent"):  # "took to the streets", "hit by a missile"
            pobjs = list(sx.children_with(child, {"pobj"}))
            if any(t.ent_type_ in ("DATE", "TIME") for t in pobjs):
                words.discard(child.lower_)  # "called her on Friday" calls on no one
            words.update(_key_form(t) for t in pobjs)
        if child.dep_ == "dobj" or (child.dep_ == "nsubjpass" and token.pos_ == "VERB"):
            words.update(_key_form(t) for t in _object_nouns(child))
            words.update(f"@{kind}" for kind in meaning.object_kinds(child))
    return words


def _key_form(token: Token) -> str:
    return lemma(token) if token.pos_ in ("NOUN", "VERB", "ADJ") else token.lower_


def _object_nouns(obj: Token) -> list[Token]:
    """Compounds of an object and of its 'of' complement ('part of a military aid program')."""
    nouns = [c for c in obj.children if c.dep_ in ("compound", "nmod")]  # "tear gas (and) spray"
    for prep in sx.children_with(obj, {"prep"}):
        if prep.lower_ == "of":
            for pobj in sx.children_with(prep, {"pobj"}):
                nouns.append(pobj)
                nouns.extend(c for c in pobj.children if c.dep_ == "compound")
    return nouns


def _candidates(sent: Span) -> dict[int, lx.Trigger]:
    """Every token in the sentence the lexicon recognises, by token index."""
    found: dict[int, lx.Trigger] = {}
    lemmas = lx.trigger_lemmas()
    for token in span_tokens(sent):
        pos = _pos(token)
        if pos is None or (pos == "V" and token.dep_ == "amod"):
            continue  # "its long-threatened invasion": a modifier, not an act
        forms = sx.lemma_forms(token)
        if pos == "N" and meaning.names_a_person(forms[0]):
            continue  # "aides" is no aid, "rebels" no rebellion
        if pos == "N" and token.tag_ == "NN" and forms[0] in lx.word_class("plural-only"):
            continue  # "talk of a deal had been mounting"
        if pos == "N" and token.dep_ == "pobj" and token.head.lower_ == "of" and (
                lemma(token.head.head) in lx.word_class("policy")):
            continue  # "a policy of engagement" is a course of action, not a fight
        listed = [word for word in forms if word in lemmas]
        # A listed word is read as listed, keyed entries included: what its entries leave out
        # ("sign" without an agreement) was left out on purpose. Only unlisted words are read
        # by meaning.
        if listed:
            keys = _key_words(token)
            entry = next((e for w in listed if (e := lx.lookup(w, pos, keys)) is not None), None)
        else:
            entry = _by_meaning(token, pos, forms[0])
        if entry is not None:
            found[token.i] = entry
    return found


def _by_meaning(token: Token, pos: str, word: str) -> lx.Trigger | None:
    """The trigger WordNet gives an unlisted word (`word` is its lemma), unless it is a word of
    saying or of embedding (those shape other events rather than being one)."""
    if word in lx.NOT_BY_MEANING or not token.is_alpha or len(word) < 3:
        return None
    if pos == "N" and token.dep_ in ("compound", "amod", "poss"):
        return None  # "suicide bombers", "war crimes": a modifier names no event of its own
    anchor = meaning.anchor_for(word, pos)
    if anchor is None or (anchor.object is not None
                          and f"@{anchor.object}" not in _key_words(token)):
        return None
    return lx.Trigger(word, pos, anchor.type, anchor.mode, anchor.cameo, anchor.targets,
                      by_meaning=True)


def _absorber(token: Token, found: dict[int, lx.Trigger], hosts: dict[int, Token]) -> Token | None:
    """The trigger this one is the complement of ('condemned an attack' -> 'condemned').

    `hosts` maps a light verb to the event noun it carries, so that "staged demonstrations to
    demand reforms" is one event, the demonstrations, with the demand as its purpose."""
    subject = next(sx.children_with(token, sx.SUBJECTS), None)
    if subject is not None and subject.i in found and found[subject.i].pos == "N":
        return subject  # "clashes injured 30 soldiers": one event, the clashes
    if token.dep_ in ("relcl", "acl") and token.head.i in found:
        return token.head
    if token.dep_ == "compound" and token.head.dep_ in sx.EMBEDDING and token.head.head.i in found:
        return token.head.head  # "suspended aid deliveries": one event, the suspension
    for above in sx.embedders(token):
        if above.i in found:
            return above
        host = hosts.get(above.i)
        if host is not None and host.i != token.i:
            return host
    return None


def _light_verb_hosts(sent: Span, found: dict[int, lx.Trigger]) -> dict[int, Token]:
    """Light verbs by index, each with the event noun that is its object ('staged' -> 'protest')."""
    hosts = {}
    for i, entry in found.items():
        light = _light_verb(sent.doc[i]) if entry.pos == "N" else None
        if light is not None:
            hosts.setdefault(light.i, sent.doc[i])
    return hosts


def _light_verb(noun: Token) -> Token | None:
    """The light verb whose object is this event noun: 'staged a protest', 'launched a
    mediation effort', 'carried out a string of airstrikes'."""
    carrier = noun.head if noun.dep_ == "compound" else noun
    if carrier.dep_ == "pobj" and carrier.head.lower_ == "of" and carrier.head.head.dep_ == "dobj":
        carrier = carrier.head.head  # a string, a series, a wave of the events
    if carrier.dep_ == "dobj" and _is_any(carrier.head, lx.LIGHT_VERBS):
        return carrier.head
    return None


def _condition_mark(clause: Token) -> str | None:
    """'if' or 'unless' when the clause is a condition of the verb above it."""
    if clause.dep_ != "advcl":
        return None
    return next((c.lower_ for c in clause.children
                 if c.dep_ == "mark" and c.lower_ in lx.CONDITION_MARKS), None)


def _in_condition(token: Token) -> bool:
    """Whether the token is inside an 'if'/'unless' clause: a condition, not an event."""
    node = token
    while node.head.i != node.i:
        if _condition_mark(node):
            return True
        node = node.head
    return False


def _code(token: Token, entry: lx.Trigger) -> Coding:
    light = _light_verb(token) if entry.pos == "N" else None
    anchor = light if light is not None else token  # "staged a protest": the stager protests
    coding = Coding(anchor, token, entry, entry.type, entry.mode, entry.cameo)
    coding.negated = sx.negated(token) or (anchor is not token and sx.negated(anchor))
    return coding


def _recode(coding: Coding) -> Coding:
    """Re-read the act through what it is embedded under: threats, offers, refusals, claims."""
    for depth, above in enumerate(sx.embedders(coding.anchor)):
        word = next((w for w in sx.lemma_forms(above) if w in lx.EMBEDDING_WORDS), lemma(above))
        if depth == 0 and _wraps(coding.anchor):
            wrapped = _wrap_by(coding, above, word)
            if wrapped is not None:
                return wrapped
        if word in lx.REPORT_VERBS or word in lx.INTEND_VERBS:
            return coding  # a claim or an intention: its modality says so (modality.py)
    return _future(coding)


def _future(coding: Coding) -> Coding:
    """PLOVER codes a stated intention, not the act: 'will give aid' is AGREE, 'would boycott'
    THREATEN, 'will not accept' REJECT. Shows of force ('will send troops') stay as they are.
    A concession refused in any tense ('has never accepted') is a REJECT too."""
    if coding.type == "CONCEDE" and coding.negated and not coding.wrapped:
        return _refusal(coding)  # "has never accepted", "will not accept"
    if coding.anchor.pos_ != "VERB" or not sx.has_modal(coding.anchor, definite=True):
        return coding
    if _has_unless(coding.anchor) and coding.type not in ("THREATEN", "DEMAND"):
        return _wrap(coding, coding.anchor, "THREATEN")  # "will withdraw unless …": a threat
    if coding.type in lx.COOPERATIVE_TYPES:  # "will attend a summit": intent to meet (036)
        return _refusal(coding) if coding.negated else _wrap(coding, coding.anchor, "AGREE")
    if (coding.type in lx.THREAT_ACTS and not coding.negated and _aimed(coding)
            and sx.subject(coding.anchor) is not None):  # "people will be sacrificed": by whom?
        return _wrap(coding, coding.anchor, "THREATEN")
    return coding  # "will hold a rally": a planned act, aimed at no one


def _aimed(coding: Coding) -> bool:
    """Whether the act names whom it is aimed at ('will impose sanctions on Iran', 'would
    boycott all contact with the United States')."""
    return any(sx.actor_token(sx.object_of(coding.anchor, slot)) is not None
               for slot in coding.entry.targets) or args.aimed_at(coding, None) is not None


def _has_unless(verb: Token) -> bool:
    return any(_condition_mark(c) == "unless" for c in verb.children)


def _wraps(anchor: Token) -> bool:
    """Only a to-infinitive or a modal 'that'-clause is the content of a threat, offer or demand."""
    if anchor.dep_ == "xcomp":
        return True
    # "asked whether Moscow would recognize" is a question, not a request.
    question = any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in anchor.children)
    return anchor.dep_ == "ccomp" and sx.has_modal(anchor) and not question


def _wrap_by(coding: Coding, above: Token, word: str) -> Coding | None:
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
    if word in lx.FAIL_VERBS:
        if coding.type in lx.COOPERATIVE_TYPES or coding.type == "AGREE":
            return _wrap(coding, above, "REJECT")
        return replace(coding, negated=True)
    return None


def _is_any(token: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in sx.lemma_forms(token))


def _refusal(act: Coding) -> Coding:
    """A negated concession or stated intention is a rejection, itself not negated."""
    refusal = _wrap(act, act.anchor, "REJECT")
    refusal.negated = False
    refusal.refusal = True
    if act.type == "CONCEDE":
        refusal.cameo = "124"  # decline to yield
    return refusal


def _wrap(act: Coding, verb: Token, type_: str) -> Coding:
    """An event of `type_` whose content is `act` ('threatened to break relations')."""
    mode = lx.THREAT_MODES.get(act.type) if type_ == "THREATEN" else None
    cameo = {"THREATEN": lx.threat_cameo(act.type), "AGREE": "030", "REJECT": "120",
             "DEMAND": "100"}[type_]
    entry = lx.Trigger(lemma(verb), "V", type_, mode, cameo, act.entry.targets)
    wrapped = Coding(verb, verb, entry, type_, mode, cameo, negated=sx.negated(verb), wrapped=True)
    wrapped.embedded.append(act)
    return wrapped


def code_sentence(sent: Span) -> list[Coding]:
    """The events one sentence reports, in trigger order."""
    found = {i: e for i, e in _candidates(sent).items() if not _in_condition(sent.doc[i])}
    hosts = _light_verb_hosts(sent, found)
    codings: dict[int, Coding] = {}
    absorbed: list[tuple[int, int]] = []
    for i, entry in found.items():
        token = sent.doc[i]
        above = _absorber(token, found, hosts)
        if above is not None:
            absorbed.append((i, above.i))
            continue
        if entry.pos == "V" and (sx.is_inanimate_subject(token) or sx.is_generic(token)):
            continue
        if entry.type == "REJECT" and _declines_to_say(token):
            continue
        if entry.type == "AGREE" and (_agrees_in_opinion(token) or _offers_words(token)):
            continue
        if entry.type not in FORCE_TYPES and _done_to_oneself(token):
            continue  # but bombers who "blew themselves up" attacked
        codings[i] = _code(token, entry)
    for i, above in absorbed:
        if above in codings:
            host = codings[above]
            host.embedded.append(_code(sent.doc[i], found[i]))
            # "threatened to impose sanctions on Iran": the threat's target is the act's.
            host.wrapped = host.wrapped or host.type in _RECODE
    _add_obligations(sent, codings)
    result = []
    for coding in codings.values():
        coding = _recode(coding)
        meant = _meant(coding)
        if meant == "figurative" or (meant == "literal" and coding.wrapped and coding.embedded
                                     and _meant(coding.embedded[0]) != "literal"):
            continue  # "will attack them during the debates" threatens no force
        if meant == "criticism":
            coding = replace(coding, type="DISAPPROVE", mode=None, cameo=lx.CRITICISM_CAMEO)
        if coding.type == "THREATEN" and coding.embedded and coding.mode is None:
            coding.mode = lx.THREAT_MODES.get(coding.embedded[0].type)
            coding.cameo = lx.threat_cameo(coding.embedded[0].type)
        result.append(coding)
    return sorted(result, key=lambda c: c.trigger.i)


def _meant(coding: Coding) -> str:
    return reading(coding.anchor, coding.type, coding.cameo, coding.mode, coding.entry.requires,
                   coding.trigger)


def _agrees_in_opinion(verb: Token) -> bool:
    """'I agree with him', 'agreed with Matthews about the winner': sharing a view, no
    agreement to act ('agreed with Russia on a plan', 'agreed to meet' are)."""
    if lemma(verb) != "agree" or sx.object_of(verb, "with") is None:
        return False
    return not any(c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in (
        "on", "to")) for c in verb.children)


def _offers_words(verb: Token) -> bool:
    """'offered no proof', 'offered insights', 'offering hope': what is offered is a thought or
    a feeling, not an act, aid or a deal."""
    if lemma(verb) not in ("offer", "promise"):
        return False
    obj = sx.object_of(verb, "dobj")
    return obj is not None and is_abstract(obj)


def _done_to_oneself(verb: Token) -> bool:
    """'defend himself', 'accepted himself': an act on oneself is no event between actors."""
    obj = sx.object_of(verb, "dobj") if verb.pos_ == "VERB" else None
    return obj is not None and obj.lower_.endswith(("self", "selves"))


def _declines_to_say(verb: Token) -> bool:
    """'declined to comment', 'refused to say': withholding words is no rejection of anything."""
    return any(c.dep_ == "xcomp" and lemma(c) in REPORTING_VERBS for c in verb.children)


def _add_obligations(sent: Span, codings: dict[int, Coding]) -> None:
    """Add a DEMAND for each statement that another actor must act ('said Sudan must return'),
    taking in the acts of the obligation clause."""
    for clause in span_tokens(sent):
        if clause.dep_ != "ccomp":  # what `_is_obligation` asks first, before the head is made
            continue
        speaker_verb = clause.head
        if speaker_verb.i in codings or not _is_obligation(clause):
            continue
        target = _obliged(clause)
        if target is None:
            continue
        acts = [k for k, c in codings.items()
                if c.anchor.i == clause.i or clause in sx.embedders(c.anchor)]
        entry = lx.Trigger(lemma(speaker_verb), "V", "DEMAND", None, "100", ())
        demand = Coding(speaker_verb, speaker_verb, entry, "DEMAND", None, "100",
                         negated=sx.negated(speaker_verb), wrapped=bool(acts), target_token=target)
        demand.embedded.extend(codings.pop(k) for k in acts)
        codings[speaker_verb.i] = demand


def _is_obligation(clause: Token) -> bool:
    return (clause.dep_ == "ccomp" and _is_any(clause.head, lx.STATEMENT_VERBS)
            and any(c.dep_ == "aux" and c.lower_ in lx.OBLIGATION_MODALS for c in clause.children))


def _obliged(clause: Token) -> Token | None:
    """Who the obligation falls on, unless it is the speaker ('we must act' is no demand)."""
    subj = sx.subject(clause)
    if subj is None:
        return None
    subj = sx.resolve_pronoun(subj, clause)
    if subj.lower_ in ("we", "i", "us", "you", "one") or subj == sx.subject(clause.head):
        return None  # "you shouldn't sit around whining": advice to anyone, no demand
    # the subject itself acts: "Pence's performance should boost …" obliges no one
    return subj if sx.is_actor(subj) else None


def _date(coding: Coding, dates: list[tuple[Span, DateMention]]) -> str | None:
    """The value of a date in the event's clause, preferring one attached to the trigger, then
    one resolved to the calendar over one whose anchor is unknown ('XXXX-WXX-4'). With none
    there, the date of the nearest clause above that has one: the forces "accused" in "since
    a Nato bombing campaign in 1999 drove out Serb forces accused of …" belong to 1999, not
    to the day the article appeared."""
    node = coding.anchor
    for _ in range(_DATE_CLIMB + 1):
        found = _clause_date(node, {coding.anchor.i, coding.trigger.i}, dates)
        # Only a modifier takes the time of what it modifies: an event "a day after" or
        # "before" another has a time of its own.
        if found is not None or node.head.i == node.i or node.dep_ not in _MODIFIER_DEPS:
            return found
        node = node.head
        while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
            node = node.head
    return None


# Clauses climbed from an undated event to find the date of the clause it hangs in.
_DATE_CLIMB = 2
_MODIFIER_DEPS = frozenset({"acl", "relcl", "compound", "nsubj", "nsubjpass", "dobj", "pobj"})


def _clause_date(clause_head: Token, heads: set[int],
                 dates: list[tuple[Span, DateMention]]) -> str | None:
    clause = {t.i for t in clause_head.subtree}
    best: tuple[tuple[int, bool], str] | None = None
    for span, mention in dates:
        if span.root.i not in clause:
            continue
        attached = _attached(span.root, heads | {clause_head.i})
        rank = (0 if attached else 1, mention.value.startswith("X"))
        if best is None or rank < best[0]:
            best = (rank, mention.value)
    return best[1] if best else None


def _attached(token: Token, heads: set[int]) -> bool:
    """Whether the nearest verb or trigger above `token` is one of `heads`."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.i in heads:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _place(
    coding: Coding, sent: Span, countries: Sequence[str] | None, taken: set[int]
) -> Place | None:
    """The event's place; unresolved (name only) when `countries` is None."""
    clause = {t.i for t in coding.anchor.subtree}
    options = [
        ent for ent in ents_within(sent.doc, sent.start, sent.end)
        if ent.label_ in PLACE_LABELS and _after_place_prep(ent.root)
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


def _after_place_prep(name: Token) -> bool:
    """'in Kirkuk', and 'in the city of Kirkuk': a place preposition, directly or through
    the noun the name is 'of'."""
    head = name.head
    if head.lower_ == "of" and head.head.pos_ == "NOUN":
        head = head.head.head
    return head.lower_ in _PLACE_PREPS


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
        if mention.type not in ("DATE", "TIME") or mention.value.startswith("XXXX-XX-XXT"):
            continue  # a clock time on an unknown day dates nothing
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
    # the date spans by first token, so that each sentence takes its own with a bisect
    by_start = sorted(range(len(date_spans)), key=lambda n: date_spans[n][0].start)
    date_starts = [date_spans[n][0].start for n in by_start]
    events: list[Event] = []
    coref = Coreference(doc)
    for sent in doc.sents:
        codings = code_sentence(sent)
        inside = by_start[bisect_left(date_starts, sent.start) : bisect_left(date_starts, sent.end)]
        sent_dates = [date_spans[n] for n in sorted(inside)]
        for coding in codings:
            event = _record(coding, sent, article_id, len(events), sent_dates, published,
                            countries, coref)
            if event is not None:
                events.append(event)
    return events


def _has_counterpart(coding: Coding, source: Token | None, target: Token | None) -> bool:
    """A meeting or talks take two: a named partner (not the press), a plural or coordinated
    party ("the ministers met"), or a talks noun. "He discussed the polls on a radio show" and
    "meet the bar" consult no one."""
    if target is not None and lemma(target) in lx.word_class("press"):
        return False  # "a meeting with reporters" briefs the press
    if target is not None or coding.trigger.pos_ != "VERB":
        return True  # "talks", "a summit": the noun names a meeting of parties
    obj = sx.object_of(coding.anchor, "dobj")
    if obj is not None and "person" not in meaning.object_kinds(obj) and (
            lemma(coding.anchor) == "meet" or not meaning.object_kinds(obj)):
        return False  # one meets people, not a bar or a deadline
    return source is not None and (source.tag_ in ("NNS", "NNPS") or source.lower_ in (
        "they", "we") or any(c.dep_ == "conj" for c in source.children))


def _names_a_place(coding: Coding) -> bool:
    """Whether the event's own phrase names a place ('clashes in Zvecan')."""
    return any(t.ent_type_ in PLACE_LABELS for t in coding.anchor.subtree)


def _is_mention(coding: Coding, source: Token | None, target: Token | None) -> bool:
    """An event noun with no actor, off the main line of its sentence ('aid conveys', 'after
    tribal clashes'): a mention of some event, not a report of who did what."""
    trigger = coding.trigger
    return (coding.entry.pos == "N" and coding.anchor.i == trigger.i and not coding.wrapped
            and source is None and target is None
            and trigger.dep_ not in ("nsubj", "nsubjpass", "ROOT"))


def _record(coding: Coding, sent: Span, article_id: str, n: int,
            dates: list[tuple[Span, DateMention]], published: str | None,
            countries: Sequence[str] | None, coref: Coreference) -> Event | None:
    """The event record, or None when the coding is only a passing mention of an event."""
    source = args.source(coding)
    target = args.target(coding, source)
    # "between Israel and Syria": the source is Israel alone, not the pair
    alone = source is not None and target is not None and target in source.conjuncts
    source_span, source_head = args.actor(source, coref, alone)
    target_span, target_head = args.actor(target, coref)
    if source_span is None:
        source = None
    if target_span is None:
        target = None
    taken: set[int] = set()
    for span in (source_span, target_span):
        if span is not None:
            taken |= set(range(span.start, span.end))
    source_code, target_code = args.code_of(source_head), args.code_of(target_head)
    talks = coding.embedded[0] if coding.refusal and coding.embedded else coding
    if talks.entry.type == "CONSULT" and not _has_counterpart(talks, source, target):
        return None  # also "would not discuss financial matters": no refusal of talks
    date = _date(coding, dates)
    place = _place(coding, sent, countries, taken)
    if date is None and _is_mention(coding, source, target) and not _names_a_place(coding):
        return None
    modality = _told_in_quotes(coding, _modality(coding), coref)
    trigger_source = "wordnet" if _found_by_meaning(coding) else "lexicon"
    return Event(
        id=f"{article_id}:e{n + 1}",
        article=article_id,
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text,
        type=coding.type,
        mode=coding.mode,
        cameo=coding.cameo,
        trigger=coding.trigger.text,
        trigger_source=trigger_source,
        confidence=event_confidence(trigger_source, coding.type,
                                    actors_form(source, target, place is not None or bool(date))),
        **span_fields("source", source_span),
        source_code=source_code,
        **span_fields("target", target_span),
        target_code=(target_code or args.place_country(target_head, countries)
                     or args.domestic(coding.type, place, source_code, countries)),
        modality=modality.kind,
        modality_cue=modality.cue,
        negated=modality.kind == "negated",
        date=date or published,
        date_source="text" if date else ("published" if published else None),
        place=place,
        reports=[SourceSpan(article=article_id, start=sent.start_char, end=sent.end_char)],
    )


def _found_by_meaning(coding: Coding) -> bool:
    """Whether the act that makes the event was read by meaning (itself or, for a threat or
    offer, the act it wraps)."""
    act = coding.embedded[0] if coding.wrapped and coding.embedded else coding
    return act.entry.by_meaning


def _modality(coding: Coding) -> Modality:
    """The event's factuality from the parse. A stated intention the coder already made an
    event of ("will give aid": AGREE) does not count its own 'will' again, and a refusal
    ("will not accept": REJECT) its own negation."""
    stated = coding.wrapped and coding.anchor.i == coding.embedded[0].anchor.i
    found = read_modality(coding.anchor, skip_own_future=stated or coding.refusal)
    if coding.refusal and found.kind == "negated" and found.cue_start is not None and any(
        c.idx == found.cue_start for c in coding.anchor.children
    ):
        return ASSERTED
    if found.kind != "negated" and coding.negated and not coding.refusal:
        # "held no talks": the negation is on the event noun, below the verb the walk starts at
        cue = sx.negation(coding.trigger) or sx.negation(coding.anchor)
        return Modality("negated", cue.text if cue is not None else None,
                        cue.idx if cue is not None else None)
    return found


# Words a quoted stretch needs to be someone's account rather than a scare quote ('revolution').
_QUOTE_MIN_WORDS = 4


def _told_in_quotes(coding: Coding, found: Modality, coref: Coreference) -> Modality:
    """An event told inside quotation marks is the speaker's account of it, not the writer's:
    reported, with the opening mark as its cue."""
    if found.kind != "asserted":
        return found
    held = coref.quote_at(coding.trigger.idx)
    text = doc_text(coding.trigger.doc)
    if held is None or len(text[held[0] : held[1]].split()) < _QUOTE_MIN_WORDS:
        return found
    mark = held[0] - 1 if held[0] > 0 else held[0]
    return Modality("reported", text[mark], mark)
