"""Figures an article reports, read from the parse: the value, its bound, what it measures.

Two figures from different articles can only disagree when they measure the same thing, so
each figure carries what decides that (`discrepancies` compares them):

- `kind`: people, money, share, distance, duration, or another count ("112 Tomahawk missiles");
- `keys[0]`: the counted class ("troop", "mission" for "2,000-strong mission", "dollar:fund"
  for "a $20bn fund"), `keys[1:]` the qualifiers of its phrase ("eu", "police");
- `event`: what happened to the people counted ("killed" for "38 people died", "300 deaths",
  "the death toll rose to 38"), from `data/figure_words.tsv`;
- `names`: the named entities of the phrase, of the doer and of the place ("GPE:cairo");
- `bound` and `high`: "at least 38", "about 2,000", "between 100 and 150";
- `poll`: the pollster, when the figure is a poll's; `hedged`: "may have died", "feared dead".

Only number tokens are visited, so this stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from storyline.entities import entity_at, ents_within
from storyline.events.wordnet import wordnet
from storyline.lexicon import ENTITY_LABELS, PRONOUNS, REPORTING_VERBS, read_rows
from storyline.model import Quantity, Quote
from storyline.nlp import doc_text, doc_tokens, lemma

SKIP_ENTITIES = frozenset({"DATE", "TIME", "ORDINAL"})
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12, "bn": 1_000_000_000, "mln": 1_000_000,
           "bln": 1_000_000_000}
_CURRENCY_SIGNS = {"$": "dollar", "us$": "dollar", "£": "pound", "€": "euro", "¥": "yen"}
# "N-strong X", "N-member X", "N staff": the figure is the size of X (an organisation).
SIZE_WORDS = frozenset({"strong", "member", "members", "man", "men", "staff", "personnel", "person", "people"})
STAFF_WORDS = frozenset({"staff", "personnel"})
# What such a size figure can belong to when the phrase itself does not say.
ORG_NOUNS = frozenset(
    {"mission", "force", "forces", "contingent", "team", "operation", "delegation", "army", "unit",
     "battalion", "brigade", "corps", "crew"}
)
# "700 more troops" is an increment, "90 flights a day" a rate: never comparable with a total.
INCREMENT_WORDS = frozenset({"more", "additional", "extra", "another", "further", "new"})
INCREMENT_KEY = "more"
RATE_KEY = "per"
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
# Before a number these make it vague ("several dozen", "a few hundred"): not a reported figure.
VAGUE_WORDS = frozenset({"several", "few", "many", "some", "dozens", "hundreds", "thousands", "tens"})
CONTEXT_SENTENCES = 2  # how far back "N staff" looks for its organisation
# The words before a figure that make it a bound or an estimate, longest first.
BOUND_PHRASES = (
    ("at_least", ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than",
                  "no less than", "above", "exceeding", "topped", "beyond")),
    ("at_most", ("up to", "fewer than", "less than", "under", "at most", "no more than", "below")),
    ("about", ("about", "around", "approximately", "roughly", "nearly", "almost", "some",
               "close to", "an estimated", "estimated", "perhaps", "or so", "as many as")),
)
RANGE_JOINERS = frozenset({"-", "–", "to"})
HEDGE_WORDS = frozenset({"fear", "feared", "believe", "believed", "expect", "expected", "could", "may",
                         "might", "would", "likely", "possibly", "probably", "estimate"})
PEOPLE_LEXFILES = frozenset({18, 14})  # noun.person, noun.group
_PLACE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "outside", "inside"})


@lru_cache(maxsize=1)
def figure_words() -> dict[str, str]:
    """word -> class (killed, injured, ..., race, poll, distance, duration, currency)."""
    return {word: cls for word, cls in read_rows("figure_words.tsv")}


def word_class(token: Token) -> str | None:
    return figure_words().get(lemma(token).lower()) or figure_words().get(token.lower_)


# --- reading numbers ----------------------------------------------------------------------


def _is_number_word(token: Token) -> bool:
    low = token.lower_
    return bool(_DIGITS.match(token.text)) or low in _UNITS or low in _TENS or low in _SCALES


def number_value(tokens: Sequence[Token]) -> float | None:
    """Value of a number written in digits and/or words ("2,000", "1.5 million", "twenty-five")."""
    total, current = 0.0, 0.0
    seen = False
    for token in tokens:
        low = token.lower_
        if token.text == "-":
            continue
        if _DIGITS.match(token.text):
            current += float(token.text.replace(",", ""))
        elif low in _UNITS:
            current += _UNITS[low]
        elif low in _TENS:
            current += _TENS[low]
        elif low in _SCALES:
            scale = _SCALES[low]
            current = (current or 1) * scale
            if scale >= 1_000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _number_groups(doc: Doc) -> list[list[Token]]:
    """Maximal runs of number tokens ("two thousand", "twenty - five"), outside dates.

    A hyphen joins number words ("twenty-five") but not digits ("45,000-50,000" is a range)."""
    groups: list[list[Token]] = []
    run: list[Token] = []
    for token in doc_tokens(doc):
        joins = (token.text == "-" and run and not run[-1].text[:1].isdigit()
                 and token.i + 1 < len(doc) and _is_number_word(doc[token.i + 1]))
        if (_is_number_word(token) and token.ent_type_ not in SKIP_ENTITIES) or joins:
            run.append(token)
            continue
        if run:
            groups.append(run)
        run = []
    if run:
        groups.append(run)
    return [g for g in groups if _is_figure(g)]


def _is_figure(group: list[Token]) -> bool:
    """Not a year, not the pronoun "one", not vague ("several dozen"), not "20 hrs ago"."""
    first, last = group[0], group[-1]
    if len(group) == 1 and (_YEAR.match(first.text) or first.lower_ == "one"):
        return False
    doc = first.doc
    if any(t.lower_ == "ago" for t in doc[last.i + 1 : last.i + 3]):
        return False
    before = doc[first.i - 1] if first.i > 0 else None
    return before is None or before.lower_ not in VAGUE_WORDS


def _ranges(groups: list[list[Token]]) -> list[tuple[list[Token], list[Token] | None]]:
    """Pair "45,000-50,000", "100 to 150", "between 100 and 150" into (low, high) groups."""
    out: list[tuple[list[Token], list[Token] | None]] = []
    skip = False
    for i, group in enumerate(groups):
        if skip:
            skip = False
            continue
        following = groups[i + 1] if i + 1 < len(groups) else None
        if following is not None and following[0].i == group[-1].i + 2:
            joiner = group[0].doc[group[-1].i + 1]
            between = group[0].i > 0 and group[0].doc[group[0].i - 1].lower_ == "between"
            if joiner.lower_ in RANGE_JOINERS or (joiner.lower_ == "and" and between):
                out.append((group, following))
                skip = True
                continue
        out.append((group, None))
    return out


def _bound(first: Token) -> str:
    """exact, about, at_least or at_most, from the words just before the figure."""
    doc = first.doc
    start = max(first.sent.start, first.i - 3)
    before = " ".join(t.lower_ for t in doc[start : first.i] if t.text not in {"$", "£", "€"})
    for bound, phrases in BOUND_PHRASES:
        if any(before == p or before.endswith(" " + p) for p in phrases):
            return bound
    return "exact"


# --- what a number counts -----------------------------------------------------------------


def _counted(number: Token) -> Token | None:
    """The noun a number counts: its head noun, through "N-strong"/"N of the X" when needed."""
    head = number.head
    if number.dep_ in {"nummod", "compound", "advmod", "npadvmod", "quantmod", "amod"} and head is not number:
        if head.lower_ in SIZE_WORDS and head.i > number.i and head.head is not head and head.dep_ != "ROOT":
            hyphenated = number.i + 1 < len(number.doc) and number.doc[number.i + 1].text == "-"
            if hyphenated and head.head.pos_ in {"NOUN", "PROPN"}:
                return head  # "2,000-strong Mission": the size word, resolved by _organisation
        if head.pos_ in {"NOUN", "PROPN", "ADJ"} and head.i > number.i:
            return head
    for child in number.children:  # "18 of the 27 states"
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
            if objects:
                return objects[0]
    return None


def _is_size(counted: Token, number: Token) -> bool:
    """"2,000-strong mission", "1,800-member mission", "the 1,800 staff": the size of an
    organisation; "600 members of the armed forces" and "three people" count people."""
    hyphenated = number.i + 1 < len(number.doc) and number.doc[number.i + 1].text == "-"
    return (hyphenated and counted.lower_ in SIZE_WORDS) or counted.lower_ in STAFF_WORDS


def _is_enumeration(counted: Token) -> bool:
    """"three Republican hopefuls: Jeb!, Carson and Trump": a count of the names that follow,
    not a reported figure."""
    doc = counted.doc
    follows = doc[counted.i + 1] if counted.i + 1 < len(doc) else None
    return (follows is not None and follows.text in {":", "—", "--"}) or any(
        c.dep_ == "appos" for c in counted.children)


def _organisation(counted: Token, sentences: Sequence[Span], sentence_at: dict[int, int]) -> Token | None:
    """What a size figure belongs to: the phrase's head, or the last organisation noun before it.

    `sentence_at` maps each sentence's first token to its index in `sentences`.
    """
    if counted.lower_ in {"strong", "member", "man", "person"} and counted.head.pos_ in {"NOUN", "PROPN"}:
        return counted.head
    for child in counted.children:
        if child.dep_ in {"compound", "poss"} and child.lower_ in ORG_NOUNS:
            return child
    sentence = counted.sent
    index = sentence_at.get(sentence.start, 0)
    window = [t for s in sentences[max(0, index - CONTEXT_SENTENCES) : index + 1] for t in s if t.i < counted.i]
    for token in reversed(window):
        if token.lower_ in ORG_NOUNS and token.lower_ not in SIZE_WORDS and token.pos_ in {"NOUN", "PROPN"}:
            return token
    return None


def _class_token(noun: Token) -> Token:
    """The noun naming the class: the last word of a multi-word name ("Rule of Law Mission")."""
    name = entity_at(noun.doc, noun.i)
    if name is not None and noun.pos_ == "PROPN":
        return name[-1]
    return noun


def _qualifiers(noun: Token) -> list[Token]:
    """Modifier and entity tokens of a noun phrase (its compounds, adjectives, possessors, names)."""
    found: list[Token] = []
    name = entity_at(noun.doc, noun.i)
    if name is not None:
        found.extend(t for t in name if t.pos_ in {"NOUN", "PROPN"})
    stack = [c for c in noun.children if c.dep_ in _MODIFIER_DEPS]
    for child in noun.children:  # "mission for Kosovo"
        if child.dep_ == "prep" and child.lower_ in {"for", "of", "in"}:
            stack.extend(c for c in child.children if c.dep_ == "pobj")
    while stack:
        token = stack.pop()
        if token.like_num or token.lower_ in SIZE_WORDS or token.is_punct or token.is_stop:
            continue
        found.append(token)
        stack.extend(c for c in token.children if c.dep_ in {"conj", "compound"})
    # "KFor consists of N troops": the subject says whose troops
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in {"VERB", "AUX"}:
        for subject in (c for c in noun.head.head.children if c.dep_ in {"nsubj", "nsubjpass"}):
            found.append(subject)
            found.extend(c for c in subject.children if c.dep_ in {"appos", "compound"})
    return found


def _key(token: Token) -> str:
    return lemma(token).lower() if token.pos_ != "PROPN" else token.lower_


def _predicate(slot: Token) -> Token | None:
    """The verb or adjective the counted phrase is an argument of ("killed", "are dead")."""
    if slot.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "oprd"} and slot.head.pos_ in {"VERB", "AUX", "ADJ"}:
        return slot.head
    if slot.dep_ == "pobj" and slot.head.dep_ in {"prep", "agent"} and slot.head.head.pos_ in {"VERB", "AUX"}:
        return slot.head.head  # "the toll rose to 38", "killed by ..."
    return None


def _event(counted: Token | None, number: Token) -> tuple[str | None, Token | None]:
    """What happened to the people counted, and the predicate that says so."""
    if counted is not None:
        own = word_class(counted)
        if own in _EVENT_CLASSES:
            return own, _predicate(counted)  # "300 deaths", "40 protesters"
        for child in counted.children:  # "38 dead people", "the 12 wounded"
            if child.dep_ == "amod" and word_class(child) in _EVENT_CLASSES:
                return word_class(child), None
    predicate = _predicate(counted if counted is not None else number)
    if predicate is None:
        return None, None
    for word in [predicate, *(c for c in predicate.children if c.dep_ in {"acomp", "oprd", "xcomp", "ccomp"})]:
        if word_class(word) in _EVENT_CLASSES:
            return word_class(word), predicate
    subject = next((c for c in predicate.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.lower_ == "toll":  # "the death toll rose to 38"
        for child in subject.children:
            if child.dep_ in {"compound", "amod"} and word_class(child) in _EVENT_CLASSES:
                return word_class(child), predicate
    return None, predicate


_EVENT_CLASSES = frozenset({"killed", "injured", "missing", "detained", "displaced", "evacuated",
                            "rescued", "protested"})


def _hedged(predicate: Token | None, number: Token) -> bool:
    """A figure someone fears, expects or says may be true is no reported figure."""
    if predicate is None:
        return False
    words = [predicate, *predicate.children]
    if predicate.dep_ in {"xcomp", "ccomp", "oprd", "acomp"}:
        words += [predicate.head, *predicate.head.children]
    return any(lemma(w).lower() in HEDGE_WORDS or w.lower_ in HEDGE_WORDS for w in words)


@lru_cache(maxsize=4096)
def _is_people_noun(word: str) -> bool:
    senses = wordnet().senses(word, "n")[:1]
    return bool(senses) and wordnet().synset(senses[0], "n").lexfile in PEOPLE_LEXFILES


def _kind(counted: Token, event: str | None, sized: bool) -> str:
    if event is not None or sized:
        return "people"
    unit = word_class(counted)
    if unit in {"distance", "duration"}:
        return unit
    if unit == "currency":
        return "money"
    return "people" if _is_people_noun(lemma(counted).lower()) else "count"


def _names(context: tuple[list[Token], list[Token]]) -> list[str]:
    """"LABEL:name" of the named entities in the phrases' subtrees and at the places (each
    once, sorted)."""
    phrases, places = context
    found: set[str] = set()
    for token in [t for p in phrases for t in _own_subtree(p)] + places:
        ent = entity_at(token.doc, token.i)
        if ent is not None and ent.label_ in ENTITY_LABELS:
            found.add(f"{ent.label_}:{ent.text.lower().removeprefix('the ').strip()}")
    return sorted(found)


def _own_subtree(token: Token) -> list[Token]:
    """The phrase without its coordinated phrases: "176 people in Mexico and one in the
    United States" names Mexico only."""
    conjuncts = [range(c.left_edge.i, c.right_edge.i + 1) for c in token.children if c.dep_ in {"conj", "cc"}]
    return [t for t in token.subtree if not any(t.i in r for r in conjuncts)]


def _context(noun: Token, predicate: Token | None) -> tuple[list[Token], list[Token]]:
    """Where the referent's names are: its own phrase and the doer (whole subtrees), and the
    place of the act (only the place's own name: "in Mexico and one in the United States")."""
    phrases, places = [noun], []
    if predicate is not None:
        phrases += [c for c in predicate.children if c.dep_ in {"nsubj", "nsubjpass", "agent"} and c.i != noun.i]
        for prep in (c for c in predicate.children if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS):
            places += [c for c in prep.children if c.dep_ == "pobj"]
    return [t for t in phrases if not _contains(t, noun) or t is noun], places


def _contains(token: Token, other: Token) -> bool:
    return token.left_edge.i <= other.i <= token.right_edge.i


def _is_rate(counted: Token) -> bool:
    """"90 flights a day", "3 per cent a year": a rate, not a total."""
    doc = counted.doc
    after = doc[counted.i + 1 : counted.i + 3]
    return (len(after) == 2 and after[0].lower_ in {"a", "per", "each", "every"}
            and word_class(after[1]) == "duration")


def _pollster(sentence: Span) -> str | None:
    """The poll a sentence reports: "" when it is a poll's figure with no pollster named,
    the pollster (an organisation of the sentence) when named, None when it is no poll."""
    text = sentence.text.lower()
    if not (any(word_class(t) == "poll" for t in sentence) or re.search(r"\b\w+ (in|out of) (10|ten)\b", text)):
        return None
    ents = ents_within(sentence.doc, sentence.start, sentence.end)  # (no scan of every entity)
    orgs = sorted(e.text.lower() for e in ents if e.label_ == "ORG")
    return orgs[0] if orgs else ""


def _reporter(token: Token) -> str | None:
    """The named subject of the nearest reporting verb above the figure ("organisers said
    20,000 marched": organisers), lower-cased; None for a pronoun or no such verb."""
    for above in token.ancestors:
        if above.pos_ == "VERB" and lemma(above).lower() in REPORTING_VERBS:
            subject = next((c for c in above.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None or subject.lower_ in PRONOUNS:
                return None
            return subject.doc[subject.left_edge.i : subject.i + 1].text.lower()
    return None


class _Reader:
    """Reads the figures of one parsed article."""

    def __init__(self, doc: Doc, article_id: str, quotes: Sequence[Quote] = ()) -> None:
        self.doc = doc
        self.article_id = article_id
        self.quotes = [q for q in quotes if q.kind != "attitude"]
        self.sentences = list(doc.sents)
        self.sentence_at: dict[int, int] = {}
        for i, sentence in enumerate(self.sentences):
            self.sentence_at.setdefault(sentence.start, i)

    def read(self, group: list[Token], high_group: list[Token] | None) -> Quantity | None:
        value = number_value(group)
        last = (high_group or group)[-1]
        high = number_value(high_group) if high_group else None
        if value is None or (high_group and high is None):
            return None
        money = entity_at(self.doc, last.i)
        if money is not None and money.label_ in {"MONEY", "PERCENT"}:
            return self._measure(group, money, value, high)
        if last.ent_type_ == "CARDINAL" and last.i + 1 < len(self.doc) and self.doc[last.i + 1].lower_ in {"percent", "%"}:
            return None  # a share spaCy did not label: too unsure of its referent
        return self._count(group, last, value, high)

    def _count(self, group: list[Token], number: Token, value: float, high: float | None) -> Quantity | None:
        counted = _counted(number)
        if counted is None and high is not None:  # "between 100 and 150 people": 150 is a conjunct
            number = group[-1]
            counted = _counted(number)
        event, predicate = _event(counted, number)
        if (counted is None and event is None) or (counted is not None and _is_enumeration(counted)):
            return None
        noun = counted if counted is not None else number
        sized = counted is not None and event is None and _is_size(counted, number)
        if sized:
            organisation = _organisation(counted, self.sentences, self.sentence_at)
            if organisation is None and event is None:
                return None
            noun = organisation or counted
        phrase_end = counted if counted is not None else number
        if "\n" in doc_text(self.doc)[min(number.idx, phrase_end.idx) : max(number.idx, phrase_end.idx)]:
            return None  # a caption number running into the next line
        cls = _class_token(noun)
        qualifiers = _qualifiers(noun) + (_qualifiers(counted) if counted is not None else [])
        keys = {_key(t) for t in qualifiers if t.i not in {cls.i, noun.i, number.i}}
        if counted is not None and any(c.lower_ in INCREMENT_WORDS for c in counted.children):
            keys.add(INCREMENT_KEY)
        if counted is not None and _is_rate(counted):
            keys.add(RATE_KEY)
        kind = _kind(counted, event, sized) if counted is not None else "people"
        class_key = self._class_key(cls, counted, event, sized, kind)
        if class_key is None:
            return None
        if class_key == "percentage point":
            kind = "share"
        last = max((t for t in (noun, cls, counted) if t is not None and 0 < t.i - number.i <= 8),
                   key=lambda t: t.i, default=number)
        return self._quantity(group[0], last, value, high, kind, class_key, keys, event,
                              None if sized else predicate,
                              about=self._about(noun, counted, number), context=_context(noun, predicate))

    @staticmethod
    def _class_key(cls: Token, counted: Token | None, event: str | None, sized: bool, kind: str) -> str | None:
        """What is counted: "troop", "size:mission" (a size is no count of missions), "people"
        for any tally of an event's victims, "mile:coastline" (a distance of something; "42 miles
        southeast of Venice" measures nothing and gives None)."""
        if counted is None:
            return "people"
        key = _key(cls)
        if event is not None and (key in {"people", "person"} or word_class(counted) == event):
            return "people"  # "38 people died", "38 deaths", "38 were killed": one tally
        if sized:
            return f"size:{key}"
        if key == "point" and any(c.lower_ == "percentage" for c in counted.children):
            return "percentage point"  # a margin or a move: a share
        if kind in {"distance", "duration"}:
            measured = next((o for p in counted.children if p.dep_ == "prep" and p.lower_ == "of"
                             for o in p.children if o.dep_ == "pobj"), None)
            return f"{key}:{_key(measured)}" if measured is not None else None
        return key

    def _measure(self, group: list[Token], entity: Span, value: float, high: float | None) -> Quantity | None:
        """Money and shares: the thing the amount is of ("a $20bn fund", "unemployment rose to 9%")."""
        root = entity.root
        share = entity.label_ == "PERCENT"
        unit = "percent" if share else self._currency(entity)
        if unit is None:
            return None
        referent, predicate = None, None
        if root.dep_ in {"compound", "nmod", "amod", "nummod"} and root.head.pos_ in {"NOUN", "PROPN"}:
            referent = root.head
        elif root.dep_ == "pobj" and root.head.head.pos_ in {"NOUN", "PROPN"}:
            referent = root.head.head  # "a loan of $5m", "a rise of 3%"
        elif (part := _of_object(entity)) is not None:
            referent, predicate = part, _predicate(root)  # "won 73 percent of the votes"
        else:
            predicate = _predicate(root)
            if predicate is not None:
                referent = next((c for c in predicate.children
                                 if c.dep_ in {"nsubj", "nsubjpass"} and c.i != root.i), None)
        if referent is None or referent.pos_ not in {"NOUN", "PROPN"}:
            return None
        inside = range(entity.start, entity.end)
        keys = {_key(t) for t in _qualifiers(referent) if t.i != referent.i and t.i not in inside}
        # "shares gained 4.7%" and "shares plunged 17%" are two moves, not one figure
        verb = f":{lemma(predicate).lower()}" if predicate is not None else ""
        class_key = f"{unit}:{_key(_class_token(referent))}{verb}"
        last = entity[-1] if entity[-1].i >= group[-1].i else group[-1]
        return self._quantity(entity[0], last, value, high, "share" if share else "money", class_key,
                              keys, None, predicate, about=_phrase_text(referent),
                              context=_context(referent, predicate))

    @staticmethod
    def _currency(entity: Span) -> str | None:
        for token in entity:
            low = token.lower_
            if low in _CURRENCY_SIGNS:
                return _CURRENCY_SIGNS[low]
            if word_class(token) == "currency":
                return lemma(token).lower()
        return None

    def _about(self, noun: Token, counted: Token | None, number: Token) -> str:
        if counted is None:
            return doc_text(self.doc)[number.idx : number.idx + len(number)]
        if noun is counted:
            return doc_text(self.doc)[noun.idx : noun.idx + len(noun)]
        return _phrase_text(noun)

    def _quantity(self, first: Token, last: Token, value: float, high: float | None, kind: str,
                  class_key: str, keys: set[str], event: str | None, predicate: Token | None,
                  about: str, context: tuple[list[Token], list[Token]]) -> Quantity:
        start, end = min(first.idx, last.idx), max(first.idx, last.idx) + len(last)
        if first.i > 0 and self.doc[first.i - 1].text in _CURRENCY_SIGNS:
            start = min(start, self.doc[first.i - 1].idx)
        bound = "range" if high is not None else _bound(first)
        return Quantity(
            article=self.article_id, start=start, end=end, text=doc_text(self.doc)[start:end],
            value=value, high=high, bound=bound, about=about, kind=kind,
            keys=[class_key] + sorted(keys - {class_key}), event=event,
            predicate=lemma(predicate).lower() if predicate is not None else None,
            names=_names(context), poll=_pollster(first.sent),
            hedged=_hedged(predicate, first), source=self._source(first),
        )

    def _source(self, first: Token) -> str | None:
        """Who gives the figure, lower-cased: the subject of the reporting verb above it, the
        named speaker of the innermost quote holding it (a direct quote the parse does not
        reach), or "according to X" in its sentence; None when nobody named gives it."""
        speaker = _reporter(first)
        if speaker is not None:
            return speaker
        holding = sorted((q for q in self.quotes if q.start <= first.idx < q.end), key=lambda q: q.end - q.start)
        if holding:
            quote = holding[0]
            start, end = quote.speaker_anchor or (quote.speaker_start, quote.speaker_end)
            name = doc_text(self.doc)[start:end] if start is not None and end is not None else quote.speaker_text
            if name and name.lower() not in PRONOUNS:
                return name.lower()
        for token in first.sent:
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                named = next((c for c in self.doc[token.i + 1].children if c.dep_ == "pobj"), None)
                if named is not None:
                    return self.doc[named.left_edge.i : named.right_edge.i + 1].text.lower()
        return None

def _of_object(entity: Span) -> Token | None:
    """"73 percent of 223 votes": what the share is of."""
    for token in entity:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= entity.end:
                found = next((o for o in prep.children if o.dep_ == "pobj"), None)
                if found is not None and found.pos_ in {"NOUN", "PROPN"}:
                    return found
    return None


def _phrase_text(noun: Token) -> str:
    """The noun with its pre-modifiers as written ("EU police and justice mission"), or its name."""
    name = entity_at(noun.doc, noun.i)
    if name is not None and noun.pos_ == "PROPN":
        return name.text.strip("\"“” ")
    modifiers = [
        c for c in noun.lefts
        if c.dep_ in {"compound", "amod", "nmod"} and not c.like_num and c.lower_ not in SIZE_WORDS
    ]
    start = min((t.i for m in modifiers for t in m.subtree), default=noun.i)
    return noun.doc[start : noun.i + 1].text


def find_quantities(doc: Doc, article_id: str, quotes: Sequence[Quote] = ()) -> list[Quantity]:
    """Figures in one parsed article and what each measures (numbers that measure nothing
    the parse can name are left out); `quotes` (the article's) say who gives a figure."""
    reader = _Reader(doc, article_id, quotes)
    found = []
    seen: set[tuple[int, int]] = set()
    for group, high_group in _ranges(_number_groups(doc)):
        quantity = reader.read(group, high_group)
        if quantity is not None and (quantity.start, quantity.end) not in seen:
            seen.add((quantity.start, quantity.end))
            found.append(quantity)
    return found
