"""Within-article coreference for speakers: which named mention a pronoun, a relative pronoun,
a first-person pronoun in a quote or a definite description refers to.

No maintained coreference package fits the project's rules (coreferee downloads its model
at run time, fastcoref and spacy-experimental need HuggingFace weights), so this is a small
salience resolver over the one spaCy parse every analysis shares, in the spirit of Lappin and
Leass: every earlier noun phrase in a few sentences is a candidate, weighted by its role (the
subject of a main clause or of a reporting verb most, then other subjects, then objects) and
halved for each sentence back. The most salient candidate that agrees with the pronoun wins;
when it is itself a pronoun or a description, its own antecedent is taken; when it is a
common noun ("the plan", "officials"), the pronoun means that and no name is returned. So a
pronoun resolves to a name only when no closer, likelier phrase stands in between: an
unresolved speaker is better than a wrong one.

Constraints that hold whatever the weights: no antecedent inside a quoted stretch the pronoun
is outside of, no co-argument of the pronoun's own verb ("Obama praised him"), no person of
the other gender (honorifics and gendered role nouns, spread over a surname's mentions).

`Coreference(doc).antecedent(span)` works on any span, not only quote speakers; bench/coref.py
measures it on GUM and MEANTIME. Indexes are built lazily, once per Doc, and every lookup is
a bisect into them, so that articles without pronoun speakers pay nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from storyline.lexicon import (
    ACTOR_LABELS,
    ENTITY_LABELS,
    FEMININE,
    FIRST_PERSON,
    MASCULINE,
    NEUTER,
    PLURAL,
    ROLE_NOUNS,
    read_rows,
)
from storyline.nlp import (
    doc_ents,
    doc_text,
    doc_tokens,
    lemma,
    per_doc,
    sentence_end,
    sentence_starts,
)
from storyline.quotes.cues import SPEECH_VERBS
from storyline.quotes.marks import find_quoted

RELATIVE_TAGS = frozenset(("WP", "WDT", "WP$"))

_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_ARGUMENTS = frozenset(("nsubj", "nsubjpass", "dobj", "dative", "pobj", "attr", "poss", "appos"))
_LINKS_UP = frozenset(("appos", "compound", "conj", "flat"))
_WINDOW = 6  # sentences a pronoun may reach back (PolNeAR train: 6 finds more at the same precision)
_DESCRIPTION_WINDOW = 4  # and a description (GUM: wider finds more wrong ones)
_DEPTH = 4  # pronoun -> pronoun -> ... chains followed at most this far


def _table(name: str) -> dict[str, str]:
    """word -> value of a two-column data file under storyline/data."""
    return {row[0]: row[1] for row in read_rows(name)}


CLASS_NOUNS = {noun: frozenset(labels.split(",")) for noun, labels in _table("coref_class_nouns.tsv").items()}
GENDER_WORDS = _table("coref_gender.tsv")
FIRST_NAMES = _table("coref_first_names.tsv")


@dataclass(frozen=True)
class Candidate:
    """A noun phrase an anaphor may point back to: its head token, sentence and salience."""

    head: int
    sent: int
    weight: int
    named: Span | None  # the named mention it is, if any


def pronoun_class(word: str) -> str | None:
    """'m', 'f', 'n' (it), 'p' (they) or '1' (I/we) for a pronoun, else None."""
    for cls, words in (("m", MASCULINE), ("f", FEMININE), ("n", NEUTER), ("p", PLURAL), ("1", FIRST_PERSON)):
        if word in words:
            return cls
    return None


def is_relative(token: Token) -> bool:
    """"who", "which", "that" opening a relative clause ("X, who said ...")."""
    return token.tag_ in RELATIVE_TAGS and token.head.dep_ == "relcl"


def is_definite(span: Span) -> bool:
    """"the minister", "Serbia's foreign minister", "this company" refer back; "a spokesman" does not."""
    first = span[0]
    if first.tag_ in RELATIVE_TAGS:
        return False
    return first.lower_ in ("the", "this", "that", "these", "those") or any(t.dep_ == "poss" for t in span)


class Coreference:
    """Antecedents of anaphors in one Doc. Results are cached per head token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sent_starts = sentence_starts(doc)
        # Candidates depend on the Doc alone: every resolver of one article (speakers, event
        # actors) shares them rather than building them again.
        self._by_sentence: dict[int, list[Candidate]] = per_doc(doc, "storyline.coref.candidates", dict)
        self._memo: dict[tuple[int, bool], Span | None] = {}
        # head token -> named mention, set by a caller that resolved a phrase its own way (the
        # speaker resolver's "Serbia's foreign minister" -> the name of the next sentence), so
        # that a later "he" that points at that phrase reaches the same name
        self.known: dict[int, Span] = {}

    # --- public -----------------------------------------------------------------------

    def kind(self, span: Span) -> str:
        """What sort of mention `span` is: name, pronoun, first (I/we), relative, description, other."""
        head = span.root
        if head.ent_type_ or head.pos_ == "PROPN":
            return "name"
        if is_relative(head) or (head.lower_ in ("who", "which") and head.tag_ in RELATIVE_TAGS):
            return "relative"
        cls = pronoun_class(head.lower_) if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$") else None
        if cls == "1":
            return "first"
        if cls is not None:
            return "pronoun"
        if head.pos_ == "NOUN" and is_definite(span):
            return "description"
        return "other"

    def antecedent(self, span: Span, *, speaker: bool = False) -> Span | None:
        """The named mention `span` refers to, or None when nothing resolves it confidently.

        `speaker=True` for the subject of a reporting verb: its own sentence is then the
        reported content or the attribution and holds no antecedent ("Obama was the first
        black president, he said": "he" is not Obama).
        """
        kind = self.kind(span)
        head = span.root
        if kind == "name":
            return self.named_at(head)
        if kind == "relative":
            return self._relative(head)
        if kind == "first":
            return self._first_person(head)
        if kind == "pronoun":
            return self._pronoun(head, speaker, _DEPTH)
        if kind == "description":
            return self.description(span)
        return None

    def named_at(self, token: Token) -> Span | None:
        """The named-entity span holding `token` (from the IOB tags, no scan of doc.ents)."""
        if token.ent_type_ not in ENTITY_LABELS:
            return None
        doc, start, end = token.doc, token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return Span(doc, start, end, label=token.ent_type_)

    def relative_antecedent(self, token: Token) -> Token | None:
        """The noun a relative pronoun stands for ("officials who said" -> officials)."""
        if not is_relative(token):
            return None
        noun = token.head.head
        return noun if noun.pos_ in ("NOUN", "PROPN", "PRON") else None

    def description(self, span: Span) -> Span | None:
        """"the senator" -> the nearest earlier person introduced as senator; "the ministry" ->
        the most salient earlier organisation; a person role noun with no such introduction ->
        the most salient earlier person."""
        head = span.root
        noun = lemma(head)
        for child in head.children:
            if child.dep_ == "appos":
                named = self.named_at(child)
                if named is not None:
                    return named
        with_role = self._roles.get(noun)
        if with_role:
            k = bisect_left(with_role, head.i) - 1
            while k >= 0:
                named = self._named_by_start[with_role[k]]
                if self._sent(head) - self._sent(named.root) <= 3 * _DESCRIPTION_WINDOW and not named.start <= head.i < named.end:
                    return named
                k -= 1
        labels = CLASS_NOUNS.get(noun)
        if labels is None and noun in ROLE_NOUNS and head.tag_ != "NNS":
            labels = frozenset(("PERSON",))
        if labels is None:
            return None
        best = self._most_salient(head, lambda c: c.named is not None and c.named.label_ in labels, False,
                                  _DESCRIPTION_WINDOW)
        return best.named if best is not None else None

    # --- anaphors ---------------------------------------------------------------------

    def _pronoun(self, token: Token, speaker: bool, depth: int) -> Span | None:
        key = (token.i, speaker)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None  # guards against cycles
        cls = pronoun_class(token.lower_)
        best = self._most_salient(token, lambda c: self._agrees(c, cls), speaker)
        found = self._follow(best, depth) if best is not None else None
        self._memo[key] = found
        return found

    def phrase_antecedent(self, token: Token) -> Span | None:
        """The noun phrase a third-person pronoun refers to when that is no name ("they" ->
        "Olympic Council officials"): the same salience choice as `antecedent`, for callers
        that can use a common noun phrase (event actors), where quote speakers cannot."""
        cls = pronoun_class(token.lower_)
        if cls is None or cls == "1":
            return None
        best = self._most_salient(token, lambda c: self._agrees(c, cls), False)
        if best is None or best.named is not None:
            return None
        head = self.doc[best.head]
        if head.pos_ != "NOUN":
            return None
        return self.doc[head.left_edge.i : head.i + 1]

    def _follow(self, best: Candidate, depth: int) -> Span | None:
        """The name a winning candidate stands for: itself, or its own antecedent."""
        if best.named is not None:
            return best.named
        if best.head in self.known:
            return self.known[best.head]
        if depth <= 0:
            return None
        head = self.doc[best.head]
        if pronoun_class(head.lower_) is not None:
            return self._pronoun(head, False, depth - 1)
        if head.pos_ == "NOUN":
            for child in head.children:  # "Co-founder of Google, Sergey Brin,"
                if child.dep_ == "appos" and self.named_at(child) is not None:
                    return self.named_at(child)
            phrase = self.doc[head.left_edge.i : head.i + 1]
            if is_definite(phrase) and (lemma(head) in ROLE_NOUNS or lemma(head) in CLASS_NOUNS):
                return self.description(phrase)
        return None

    def _relative(self, token: Token) -> Span | None:
        noun = self.relative_antecedent(token)
        if noun is None:
            return None
        named = self.named_at(noun)
        if named is None and noun.dep_ == "appos":
            named = self.named_at(noun.head)
        if named is not None:
            return named
        if noun.pos_ == "PRON":
            return self._pronoun(noun, False, _DEPTH)
        phrase = self.doc[noun.left_edge.i : noun.i + 1]
        return self.description(phrase) if is_definite(phrase) else None

    def _first_person(self, token: Token) -> Span | None:
        """"I"/"we" inside a quote is the quote's speaker: the subject of the reporting verb
        next to the quote marks (after the closing mark, else before the opening one)."""
        quoted = self.quote_at(token.idx)
        if quoted is None:
            return None
        for start, stop in ((quoted[1], None), (None, quoted[0])):
            subject = self._reporting_subject(start, stop)
            if subject is not None:
                if pronoun_class(subject.lower_) == "1":
                    return None
                span = self.doc[subject.left_edge.i : subject.i + 1]
                named = self.named_at(subject)
                if named is not None:
                    return named
                return self._pronoun(subject, True, _DEPTH) if subject.pos_ == "PRON" else self.description(span)
        return None

    def _reporting_subject(self, after: int | None, before: int | None) -> Token | None:
        """The subject of a reporting verb in the sentence just after char `after` (or just
        before char `before`), outside the quote."""
        if after is not None:
            token = self._token_at(after)
            if token is None:
                return None
            sent = token.sent
            tokens = self.doc[token.i : sent.end]
        else:
            token = self._token_at(max((before or 0) - 1, 0))
            if token is None:
                return None
            tokens = self.doc[token.sent.start : token.i + 1]
        for t in tokens:
            verb = t.head
            if t.dep_ == "nsubj" and tokens.start <= verb.i < tokens.end and verb.pos_ in ("VERB", "AUX") \
                    and lemma(verb) in SPEECH_VERBS:
                return t
        return None

    # --- salience -----------------------------------------------------------------------

    def _most_salient(self, token: Token, agrees, speaker: bool, window: int = _WINDOW) -> Candidate | None:
        """The agreeing candidate with the highest weight / 2**(sentences back) before `token`."""
        here = self._sent(token)
        quote = self.quote_at(token.idx)
        verb = token.head
        # a speaker's own sentence is its attribution and content: only a clause outside the
        # reporting verb's reach may hold the antecedent ("Cruz is highlighting ... as he urges")
        inverted = speaker and (verb.dep_ in ("parataxis", "ccomp") or verb.i == token.i)
        reach = (verb.left_edge.i, verb.right_edge.i)
        best: tuple[float, int, Candidate] | None = None
        for back in range(min(window, here) + 1):
            for cand in reversed(self._sentence_candidates(here - back)):
                if back == 0 and (cand.head >= token.i or (speaker and (inverted or reach[0] <= cand.head <= reach[1]))):
                    continue
                if best is not None and cand.weight / 2**back <= best[0]:
                    continue
                if not agrees(cand) or self._blocked(cand, token, quote):
                    continue
                best = (cand.weight / 2**back, cand.head, cand)
        return best[2] if best else None

    def _blocked(self, cand: Candidate, token: Token, quote: tuple[int, int] | None) -> bool:
        """Hard constraints: the quote barrier and co-arguments of one verb."""
        cand_char = self.doc[cand.head].idx
        cand_quote = self.quote_at(cand_char)
        if cand_quote is not None and cand_quote != quote:
            return True
        if cand.named is not None and cand.named.start <= token.i < cand.named.end:
            return True
        if token.dep_ in ("dobj", "dative") or (token.dep_ == "pobj" and token.head.head.pos_ == "VERB"):
            verb = token.head if token.dep_ != "pobj" else token.head.head
            cand_head = _governor(self.doc[cand.head])
            if cand_head.head.i == verb.i and cand_head.dep_ in _SUBJECTS:
                return True
        return False

    def _agrees(self, cand: Candidate, cls: str | None) -> bool:
        head = self.doc[cand.head]
        if cand.named is not None:
            label = cand.named.label_
            if cls in ("m", "f"):
                return label == "PERSON" and self._gender(cand.named) in (cls, None, "?")
            if cls == "n":
                return label in ("ORG", "GPE")
            if cls == "p":
                return label in ("ORG", "NORP")
            return False
        word = head.lower_
        pron = pronoun_class(word)
        if pron is not None:
            return pron == cls
        if head.pos_ != "NOUN":
            return False
        plural = head.tag_ == "NNS"
        person = lemma(head) in ROLE_NOUNS or GENDER_WORDS.get(lemma(head)) is not None
        if cls in ("m", "f"):
            return person and not plural and GENDER_WORDS.get(lemma(head), cls) == cls
        if cls == "n":
            return not person and not plural
        if cls == "p":
            return plural
        return False

    def _gender(self, named: Span) -> str | None:
        """'m'/'f' from an honorific, a gendered title or a given name of any mention with
        the same surname ("Mr. Trump", "spokeswoman X", "Hillary Clinton")."""
        return self._genders.get(named[-1].lower_)

    # --- indexes (built on first use) -------------------------------------------------

    @cached_property
    def _named(self) -> list[Span]:
        """Named actors that can be referred back to (not adjectives such as "Serbian")."""
        return [
            ent for ent in doc_ents(self.doc)
            if ent.label_ in ACTOR_LABELS and not (ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound"))
        ]

    @cached_property
    def _named_by_start(self) -> dict[int, Span]:
        return {ent.start: ent for ent in self._named}

    @cached_property
    def _roles(self) -> dict[str, list[int]]:
        """role word -> sorted starts of the named mentions introduced with it."""
        roles: dict[str, list[int]] = {}
        for ent in self._named:
            for word in role_words(ent):
                roles.setdefault(word, []).append(ent.start)
        return roles

    @cached_property
    def _genders(self) -> dict[str, str]:
        """surname -> gender, from the first mention that shows one."""
        genders: dict[str, str] = {}
        for ent in self._named:
            if ent.label_ != "PERSON":
                continue
            words = {lemma(t) for t in ent} | role_words(ent)
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            if before is not None:
                words.add(before.lower_.rstrip("."))
            found = {GENDER_WORDS[w] for w in words if w in GENDER_WORDS}
            if len(ent) > 1 and ent[0].lower_ in FIRST_NAMES:
                found.add(FIRST_NAMES[ent[0].lower_])
            if len(found) == 1:
                # the first mention that shows a gender decides; a surname shared by a man
                # and a woman ("Bill"/"Hillary Clinton") gets none
                gender = found.pop()
                if genders.setdefault(ent[-1].lower_, gender) != gender:
                    genders[ent[-1].lower_] = "?"
        return genders

    @cached_property
    def _named_at_root(self) -> dict[int, Span]:
        return {ent.root.i: ent for ent in self._named if ent.root.dep_ != "compound"}

    def _sentence_candidates(self, si: int) -> list[Candidate]:
        """Noun phrase heads of sentence `si` that may be antecedents, in text order; built for
        the sentences a lookup reaches only (a window, never the whole article per pronoun)."""
        found = self._by_sentence.get(si)
        if found is not None:
            return found
        start = self._sent_starts[si]
        end = sentence_end(self.doc, si)
        surnames, named_at_root = self._surnames, self._named_at_root
        found = []
        for token in doc_tokens(self.doc)[start:end]:
            named = named_at_root.get(token.i)
            if named is not None and named.label_ != "PERSON" and named[-1].text in surnames:
                named = Span(self.doc, named.start, named.end, label="PERSON")  # "Montalvo" as ORG
            if named is None:
                if token.dep_ not in _ARGUMENTS or token.ent_type_:
                    continue
                if token.pos_ == "PROPN":
                    named = self._untagged_person(token)
                    if named is None:
                        continue
                elif not (token.pos_ == "NOUN" or pronoun_class(token.lower_) is not None):
                    continue
            found.append(Candidate(token.i, si, _weight(token), named))
        self._by_sentence[si] = found
        return found

    @cached_property
    def _surnames(self) -> frozenset[str]:
        """Last words of the PERSON mentions: a bare surname the NER missed or mistyped is theirs."""
        return frozenset(ent[-1].text for ent in self._named if ent.label_ == "PERSON" and len(ent) > 1)

    def _untagged_person(self, token: Token) -> Span | None:
        """A proper noun the NER missed, taken as a person when a PERSON mention ends with it."""
        if token.text not in self._surnames:
            return None
        start = token.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ in ("compound", "flat"):
            start -= 1
        return Span(self.doc, start, token.i + 1, label="PERSON")

    @cached_property
    def _quotes(self) -> tuple[list[int], list[tuple[int, int]]]:
        """Quoted stretches (start, end chars), sorted, with their starts for bisecting (found
        once per Doc)."""
        def make() -> tuple[list[int], list[tuple[int, int]]]:
            spans = [(q.start, q.end) for q in find_quoted(doc_text(self.doc))]
            return [s for s, _ in spans], spans

        return per_doc(self.doc, "storyline.coref.quoted", make)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.idx for t in doc_tokens(self.doc)]

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The innermost quoted stretch (start, end chars of its words) holding offset `char`."""
        starts, spans = self._quotes
        k = bisect_right(starts, char) - 1
        # stretches nest at most two deep (single quotes inside double ones), so the holder,
        # if any, is among the last few that open before `char`
        for j in range(k, max(k - 4, -1), -1):
            start, end = spans[j]
            if start <= char < end:
                return spans[j]
        return None

    def _token_at(self, char: int) -> Token | None:
        k = bisect_right(self._token_starts, char) - 1
        return self.doc[k] if k >= 0 else None

    def _sent(self, token: Token) -> int:
        return max(bisect_right(self._sent_starts, token.i) - 1, 0)


def _governor(token: Token) -> Token:
    """Up through appositions, compounds and conjunctions to the phrase's own dependency."""
    for _ in range(4):
        if token.dep_ not in _LINKS_UP or token.head is token:
            break
        token = token.head
    return token


def _weight(token: Token) -> int:
    """Salience of a noun phrase by its role: main or reporting subject 100, other subjects
    80, objects and possessors 50, prepositional objects 40, the rest 30."""
    gov = _governor(token)
    dep = gov.dep_
    if dep in _SUBJECTS:
        verb = gov.head
        if lemma(verb) in SPEECH_VERBS or _main_clause(verb):
            return 100
        return 80
    if dep in ("dobj", "dative", "attr", "poss"):
        return 50
    if dep == "pobj":
        return 40
    return 30


def _main_clause(verb: Token) -> bool:
    """The verb heads the sentence (through conjunctions), and no reporting verb takes it as
    its content ("Obama was great, Podesta said": "was" is content, not main)."""
    for _ in range(4):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    if verb.dep_ != "ROOT":
        return False
    return not any(c.dep_ in ("parataxis", "ccomp") and lemma(c) in SPEECH_VERBS for c in verb.children)


def role_words(ent: Span) -> set[str]:
    """Words a named mention was introduced with: its own words, title modifiers, appositions."""
    words = {lemma(t) for t in ent if t.is_alpha}
    root = ent.root
    for child in root.children:
        if child.i < ent.start and child.dep_ in ("compound", "amod"):
            words.update(lemma(t) for t in child.subtree if t.is_alpha)
        if child.dep_ == "appos":
            words.update(_phrase_words(child))
    if root.dep_ == "appos":
        words.update(_phrase_words(root.head))
    return words


def _phrase_words(head: Token) -> set[str]:
    """The head noun of an apposition and its pre-modifiers."""
    words = {lemma(head)}
    words.update(lemma(c) for c in head.children if c.i < head.i and c.dep_ in ("compound", "amod") and c.is_alpha)
    return words
