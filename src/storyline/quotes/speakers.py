"""Speaker resolution inside one article: a surface speaker mention -> the named mention it means.

Named speakers anchor on their own entity. Pronouns, relative pronouns and "I"/"we" inside a
quote go through the article's coreference (`coref.Coreference`): the most salient agreeing
phrase of the sentences before, never one inside the reported content or a quote; a pronoun
whose likeliest antecedent is a common noun ("officials ... they said") stays unresolved rather
than guessed. A relative pronoun whose noun is a description standing on its own ("a Kremlin
aide who said", "officials who") anchors on that description, so that the reports name it. Descriptions ("the French general", "the ministry") match
the role words each named mention was introduced with: its own words, pre-modifiers
("Kremlin spokesman Dmitry Peskov") and appositions ("The commander ..., General X").
A title with no earlier name ("Russia's foreign minister said ...") takes the person subject
of the next sentences; an indefinite one ("a spokesperson") only the person named with the
same role word in the very next sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.nlp import doc_ents, lemma, sentence_end, sentence_starts
from storyline.lexicon import ACTOR_LABELS, GROUP_PRONOUNS, PERSON_PRONOUNS, RELATIVE_PRONOUNS, ROLE_NOUNS
from storyline.quotes.coref import CLASS_NOUNS, Coreference, is_definite, pronoun_class, role_words

_LINKS_UP = frozenset(("appos", "compound", "conj", "flat"))
_MODIFIERS = frozenset(("amod", "compound", "poss", "nmod"))
_ROLE_WINDOW = 12  # sentences a bare role noun may reach back to the latest subject
_FORWARD_WINDOW = 3  # sentences a first-mention role noun may look ahead for its name


@dataclass
class _Named:
    span: Span
    subject: bool
    sent: int
    roles: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)


@dataclass
class _Antecedent:
    """A resolved speaker seen earlier: where it was said and which named mention it means."""

    start: int
    sent: int
    anchor: Span


class _Ordered:
    """Items kept sorted by (offset, arrival), so that the latest before a token is a bisect.

    `longest` bounds how far an item's own sentence can lie after its offset (the item's
    length in tokens), so that a search back to a sentence knows where to stop.
    """

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.items: list = []
        self.longest = 0

    def add(self, offset: int, item, length: int = 0) -> None:
        key = (offset, len(self.keys))
        at = bisect_right(self.keys, key)
        self.keys.insert(at, key)
        self.items.insert(at, item)
        self.longest = max(self.longest, length)

    def before(self, offset: int) -> int:
        """How many items lie before `offset`."""
        return bisect_left(self.keys, (offset, -1))


class SpeakerResolver:
    """Resolves speaker phrases of one Doc, in text order (call `resolve` left to right).

    Every lookup goes through indexes built once (named mentions by role word, by surname, by
    sentence, by position), so that a long article costs what its parts would cost apart.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sent_starts = sentence_starts(doc)
        self.named = [
            _Named(ent, _is_subject(ent), self._sent_index(ent.root), role_words(ent))
            for ent in doc_ents(doc)
            if ent.label_ in ACTOR_LABELS
        ]
        self._by_token: dict[int, _Named] = {}
        self._named_starts: list[int] = []
        self._named_longest = 0
        self._by_role: dict[str, list[int]] = {}
        self._by_role_stem: dict[tuple[str, str], set[int]] = {}
        self._org_by_stems: dict[tuple[str, str], set[int]] = {}
        self._by_sent: dict[int, list[int]] = {}
        self._persons_by_surname: dict[str, tuple[list[int], list[Span]]] = {}
        self._person_subjects: tuple[list[int], list[Span]] = ([], [])
        for n, named in enumerate(self.named):
            span = named.span
            named.stems = {_stem(r) for r in named.roles}
            for i in range(span.start, span.end):
                self._by_token[i] = named
            self._named_starts.append(span.start)
            self._named_longest = max(self._named_longest, len(span))
            for role in named.roles:
                self._by_role.setdefault(role, []).append(n)
                for stem in named.stems:
                    self._by_role_stem.setdefault((role, stem), set()).add(n)
            if span.label_ == "ORG":
                for pair in _pairs(named.stems):
                    self._org_by_stems.setdefault(pair, set()).add(n)
            self._by_sent.setdefault(named.sent, []).append(n)
            if span.label_ == "PERSON":
                starts, spans = self._persons_by_surname.setdefault(span[-1].text, ([], []))
                starts.append(span.start)
                spans.append(span)
                if named.subject:
                    self._person_subjects[0].append(span.start)
                    self._person_subjects[1].append(span)
        self._speakers = _Ordered()
        self._speakers_by_surname: dict[str, _Ordered] = {}
        self.coref = Coreference(doc)

    def resolve(self, speaker: Span) -> tuple[int, int] | None:
        """Character span of the named mention `speaker` refers to, or None."""
        anchor = self._anchor(speaker)
        if anchor is not None:
            seen = _Antecedent(speaker.start, self._sent_index(speaker.root), anchor)
            self.coref.known[speaker.root.i] = anchor
            if anchor.label_ in ACTOR_LABELS:  # a description anchor ("officials") names no one
                self._speakers.add(seen.start, seen, len(speaker))
                self._speakers_by_surname.setdefault(anchor[-1].text, _Ordered()).add(anchor.start, anchor)
            return anchor.start_char, anchor.end_char
        return None

    def names_someone(self, speaker: Span | None, anchor: tuple[int, int] | None) -> bool:
        """Whether the speaker may be shown as who said it: resolved to a named mention, or a
        description that stands on its own ("a Kremlin aide", "officials"), never a pronoun
        or relative pronoun nothing resolves."""
        if speaker is None:
            return False
        if anchor is not None:
            return True
        root = speaker.root
        if root.lower_ in RELATIVE_PRONOUNS or pronoun_class(root.lower_) is not None:
            return False
        return root.pos_ in ("NOUN", "PROPN")

    def _anchor(self, speaker: Span) -> Span | None:
        head = speaker.root
        own = self._by_token.get(head.i)
        if own is not None:
            return own.span
        if head.pos_ == "PROPN":
            return self._same_surname(head) or _proper_name(speaker)
        word = head.lower_
        if self.coref.kind(speaker) == "relative":
            return self._relative(head)
        if word in PERSON_PRONOUNS or word in GROUP_PRONOUNS or pronoun_class(word) == "1":
            return _actor(self.coref.antecedent(speaker, speaker=True))
        if head.pos_ == "NOUN" and head.tag_ == "NNS":
            return self._group_description(speaker, head)
        if head.pos_ == "NOUN" and head.tag_ != "NNS":
            if is_definite(speaker):
                return self._class_description(speaker, head) or self._description(speaker, head)
            return self._introduced_next(head)
        return None

    def _relative(self, head: Token) -> Span | None:
        """"X, who said" -> X's anchor; "a Kremlin aide who said" -> that description itself,
        which stands on its own; "a statement that said" -> nothing (no one is named)."""
        noun = self.coref.relative_antecedent(head)
        if noun is None:
            return None
        phrase = self.doc[noun.left_edge.i : noun.i + 1]
        while len(phrase) > 1 and (phrase[0].is_punct or phrase[0].is_space):
            phrase = phrase[1:]
        found = self._anchor(phrase) if noun.i != head.i else None
        if found is not None:
            return found
        if noun.pos_ == "NOUN" and (lemma(noun) in ROLE_NOUNS or lemma(noun) in CLASS_NOUNS or noun.tag_ == "NNS"):
            return Span(self.doc, phrase.start, phrase.end, label="")
        return None

    def _class_description(self, speaker: Span, head: Token) -> Span | None:
        """"Sanders' campaign", "his campaign" -> its possessor; "the ministry", "the company"
        -> the most salient organisation of the sentences before."""
        if lemma(head) not in CLASS_NOUNS:
            return None
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            if owner.pos_ == "PRON":
                return _actor(self.coref.antecedent(self.doc[owner.i : owner.i + 1], speaker=True))
            return _actor(self.coref.named_at(owner))
        return _actor(self.coref.description(speaker))

    def _sent_index(self, token: Token) -> int:
        """The index of the token's sentence in `doc.sents` (a bisect over sentence starts)."""
        return max(bisect_right(self._sent_starts, token.i) - 1, 0)

    def _same_surname(self, head: Token) -> Span | None:
        """A name the NER missed: the latest (else first) entity ending with the same word.

        Named mentions and earlier speakers' anchors both count; at the same position the
        speaker's anchor wins as the latest, the named mention as the first.
        """
        starts, spans = self._persons_by_surname.get(head.text, ([], []))
        speakers = self._speakers_by_surname.get(head.text)
        k = bisect_left(starts, head.i) - 1
        named = spans[k] if k >= 0 else None
        j = speakers.before(head.i) - 1 if speakers is not None else -1
        said = speakers.items[j] if j >= 0 else None
        if named is not None or said is not None:
            if said is not None and (named is None or said.start >= named.start):
                return said
            return named
        first_named = spans[0] if spans else None
        first_said = speakers.items[0] if speakers is not None and speakers.items else None
        if first_said is not None and (first_named is None or first_said.start < first_named.start):
            return first_said
        return first_named

    def _latest(self, head: Token, labels: tuple[str, ...] | frozenset[str], window: int) -> Span | None:
        """Latest named subject (or resolved speaker) with a compatible label, within `window`."""
        here = self._sent_index(head)
        # a mention whose sentence is in the window has its head at or after this token
        lowest = self._sent_starts[here - window] if here - window > 0 else None
        best: tuple[int, Span] | None = None
        for k in range(bisect_left(self._named_starts, head.i) - 1, -1, -1):
            named = self.named[k]
            if lowest is not None and named.span.start + self._named_longest <= lowest:
                break
            if named.subject and named.span.label_ in labels and here - named.sent <= window:
                best = (named.span.start, named.span)
                break
        speakers = self._speakers
        found: _Antecedent | None = None
        for k in range(speakers.before(head.i) - 1, -1, -1):
            seen = speakers.items[k]
            if found is not None and seen.start != found.start:
                break  # (earlier arrivals at the same position win)
            if lowest is not None and seen.start + speakers.longest <= lowest:
                break
            if here - seen.sent <= window and seen.anchor.label_ in labels:
                found = seen
        if found is not None and (best is None or found.start > best[0]):
            best = (found.start, found.anchor)
        return best[1] if best else None

    def _description(self, speaker: Span, head: Token) -> Span | None:
        """"the French general" -> the named mention introduced with that role word."""
        noun = lemma(head)
        mods = {_stem(lemma(t)) for t in speaker if t.i != head.i and t.dep_ in _MODIFIERS}
        with_role = self._by_role.get(noun)
        if with_role:
            # mentions sharing a modifier come first; among the rest (or among them) the
            # nearest before the description, else the first after it
            sharing = sorted(set().union(*(self._by_role_stem.get((noun, m), ()) for m in mods)))
            if sharing:
                scored = [(-len(mods & self.named[n].stems), self._distance(n, head), self.named[n].span)
                          for n in sharing]
                return min(scored, key=lambda s: (s[0], s[1]))[2]
            k = bisect_left(with_role, head.i, key=lambda n: self.named[n].span.start)
            return self.named[with_role[k - 1] if k > 0 else with_role[0]].span
        if noun in ROLE_NOUNS:
            return self._latest(head, ("PERSON",), _ROLE_WINDOW) or self._next_subject(head)
        return None

    def _distance(self, n: int, head: Token) -> int:
        """Mentions before the description rank by nearness, all of them before any after it."""
        start = self.named[n].span.start
        return head.i - start if start < head.i else 10_000 + start

    def _group_description(self, speaker: Span, head: Token) -> Span | None:
        """"NATO-led peacekeepers" -> the organisation introduced with the same modifiers
        ("the NATO-led Kosovo Force"); plain plurals ("officials") stay unresolved."""
        mods = {_stem(lemma(t)) for t in speaker if t.i != head.i and t.is_alpha and t.dep_ != "det"}
        # two shared modifiers are needed: an organisation sharing any two is found under that pair
        candidates = sorted(set().union(*(self._org_by_stems.get(pair, ()) for pair in _pairs(mods))))
        scored: list[tuple[int, int, Span]] = []
        for n in candidates:
            named = self.named[n]
            if speaker.start <= named.span.start < speaker.end:
                continue
            overlap = len(mods & named.stems)
            if overlap >= 2:
                scored.append((-overlap, abs(named.span.start - head.i), named.span))
        return min(scored, key=lambda s: (s[0], s[1]))[2] if scored else None

    def _next_subject(self, head: Token) -> Span | None:
        """A lede's "Russia's foreign minister said ..." names the person in the next sentences.

        The first person subject after `head`, whether the NER tagged it or not.
        """
        here = self._sent_index(head)
        starts, spans = self._person_subjects
        k = bisect_right(starts, head.i)
        first = spans[k] if k < len(spans) else None
        untagged = self._untagged_subject(head, here + _FORWARD_WINDOW)
        if untagged is not None and (first is None or untagged.start < first.start):
            first = untagged
        if first is None:
            return None
        return first if self._sent_index(first.root) - here <= _FORWARD_WINDOW else None

    def _untagged_subject(self, head: Token, last_sent: int) -> Span | None:
        """The first subject after `head` (up to sentence `last_sent`) that is a name the NER missed."""
        end = sentence_end(self.doc, last_sent)
        for token in self.doc[head.i + 1 : max(end, head.i + 1)]:
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and not token.ent_type_:
                name = _proper_name(self.doc[token.left_edge.i : token.i + 1])
                if name is not None and name.label_ == "PERSON" and not any(t.ent_type_ for t in name):
                    return name
        return None

    def _introduced_next(self, head: Token) -> Span | None:
        """"A government spokesperson said ... Spokesman X told ...": an indefinite role noun means
        the person named as a subject in the very next sentence with the same role word.
        """
        if lemma(head) not in ROLE_NOUNS:
            return None
        here, stem = self._sent_index(head), _stem(lemma(head))
        for n in self._by_sent.get(here + 1, ()):
            named = self.named[n]
            if named.span.start <= head.i or named.span.label_ != "PERSON":
                continue
            if named.subject and stem in named.stems:
                return named.span
        return None


def _pairs(stems: set[str]) -> list[tuple[str, str]]:
    ordered = sorted(stems)
    return [(a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 :]]


def _actor(span: Span | None) -> Span | None:
    """Only actors speak: a place or a date the coreference found is no speaker."""
    return span if span is not None and span.label_ in ACTOR_LABELS else None


def _is_subject(ent: Span) -> bool:
    """True when the mention is (part of) a clause subject, e.g. through an apposition."""
    token = ent.root
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if token.dep_ not in _LINKS_UP or token.head is token:
            return False
        token = token.head
    return False


def _proper_name(speaker: Span) -> Span | None:
    """A speaker name the NER missed ("Vuk Jeremic"): its run of capitalised proper nouns.

    Labelled PERSON when it has two to four such words (a given name and a surname), so
    that later pronouns and titles can find it.
    """
    names = [t for t in speaker if t.pos_ == "PROPN" and t.text[:1].isupper()]
    if not names or names[-1].i != speaker.root.i:
        return None
    first = names[-1].i
    while first - 1 >= speaker.start and speaker.doc[first - 1] in names:
        first -= 1
    size = speaker.root.i + 1 - first
    label = "PERSON" if 2 <= size <= 4 else ""
    return Span(speaker.doc, first, speaker.root.i + 1, label=label)


def _stem(word: str) -> str:
    """Crude shared stem so that "Serbian" and "Serbia" meet."""
    return word[:5]
