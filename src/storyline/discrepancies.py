"""Discrepancies: the same figure, or the same event's date, reported differently by different
articles.

Per article (`find_quantities`, cheap: it only visits number tokens of the parsed `Doc`), each
figure is tied to what it counts through the dependency parse: "17,000 troops" counts troops;
"2,000-strong mission", "1,800-member mission" and "1,800 staff" (of the mission the text is
talking about) all give the size of a mission. `Quantity.keys[0]` is that counted class
(lemma), `keys[1:]` the qualifiers (modifier lemmas, named entities in the phrase).

Across articles (`find_discrepancies`), figures from different articles of one story with the
same counted class and at least one shared qualifier are grouped; groups whose values differ
are reported, every value with its span and sentence.

Dates (`find_date_discrepancies`): events of one story with the same type and actors, dated by
their own text to days at most `DATE_REACH` apart, from articles none of which reports both
days, are one event dated differently; each date is given with its date expression.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from storyline import textstats
from storyline.dating import parse_day
from storyline.entities import entity_at
from storyline.model import ArticleAnalysis, Discrepancy, DiscrepancyValue, Event, Quantity, Story
from storyline.nlp import doc_text, lemma

SKIP_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"})
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
# "N-strong X", "N-member X", "N staff": the figure is the size of X (an organisation).
SIZE_WORDS = frozenset({"strong", "member", "members", "man", "men", "staff", "personnel", "person", "people"})
# What such a size figure can belong to when the phrase itself does not say.
ORG_NOUNS = frozenset(
    {"mission", "force", "forces", "contingent", "team", "operation", "delegation", "army", "unit",
     "battalion", "brigade", "corps", "crew"}
)
# "700 more troops" is an increment, never comparable with a total.
INCREMENT_WORDS = frozenset({"more", "additional", "extra", "another", "further", "new"})
INCREMENT_KEY = "more"
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
# Before a number these make it vague ("several dozen", "a few hundred"): not a reported figure.
VAGUE_WORDS = frozenset({"several", "few", "many", "some", "dozens", "hundreds", "thousands", "tens"})
CONTEXT_SENTENCES = 2  # how far back "N staff" looks for its organisation


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
    """Maximal runs of number tokens ("two thousand", "twenty - five"), outside dates/money."""
    groups: list[list[Token]] = []
    run: list[Token] = []
    for token in doc:
        joins = token.text == "-" and run and token.i + 1 < len(doc) and _is_number_word(doc[token.i + 1])
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
    """Not a year, not the pronoun "one", not vague ("several dozen")."""
    first = group[0]
    if len(group) == 1 and (_YEAR.match(first.text) or first.lower_ == "one"):
        return False
    before = first.doc[first.i - 1] if first.i > 0 else None
    return before is None or before.lower_ not in VAGUE_WORDS


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


def _quantity(group: list[Token], sentences: Sequence[Span], sentence_at: dict[int, int],
              article_id: str) -> Quantity | None:
    value = number_value(group)
    number = group[-1]
    counted = _counted(number) if value is not None else None
    if counted is None:
        return None
    noun = counted
    if counted.lower_ in SIZE_WORDS:
        organisation = _organisation(counted, sentences, sentence_at)
        if organisation is None:
            return None
        noun = organisation
    if "\n" in doc_text(number.doc)[min(number.idx, counted.idx) : max(number.idx, counted.idx)]:
        return None  # a caption number running into the next line
    cls = _class_token(noun)
    keys = {_key(t) for t in _qualifiers(noun) + _qualifiers(counted) if t.i not in {cls.i, counted.i}}
    if any(c.lower_ in INCREMENT_WORDS for c in counted.children):
        keys.add(INCREMENT_KEY)
    last = max((t for t in (counted, cls) if 0 < t.i - number.i <= 8), key=lambda t: t.i, default=number)
    start, end = min(group[0].idx, counted.idx), last.idx + len(last)
    doc = number.doc
    about = doc_text(doc)[noun.idx : noun.idx + len(noun)] if noun is counted else _phrase_text(noun)
    return Quantity(
        article=article_id,
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        value=value,
        about=about,
        keys=[_key(cls)] + sorted(keys - {_key(cls)}),
    )


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


def find_quantities(doc: Doc, article_id: str) -> list[Quantity]:
    """Figures in one parsed article and what each counts (numbers with no counted noun are left out)."""
    sentences = list(doc.sents)
    sentence_at: dict[int, int] = {}
    for i, sentence in enumerate(sentences):
        sentence_at.setdefault(sentence.start, i)
    found = []
    for group in _number_groups(doc):
        quantity = _quantity(group, sentences, sentence_at, article_id)
        if quantity is not None:
            found.append(quantity)
    return found


# --- across articles ----------------------------------------------------------------------


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same counted class, same increment/total kind, and at least one shared qualifier."""
    if not a.keys or not b.keys or a.keys[0] != b.keys[0]:
        return False
    qa, qb = set(a.keys[1:]), set(b.keys[1:])
    if (INCREMENT_KEY in qa) != (INCREMENT_KEY in qb):
        return False
    return bool((qa & qb) - {INCREMENT_KEY})


def _components(items: Sequence[Quantity]) -> list[list[int]]:
    """Connected components of the `comparable` relation between different articles."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Two figures are comparable exactly when they share a (class, increment or total,
    # qualifier) key. The figures under one key from two or more articles are all connected
    # (two of one article through one of another); under one article's alone, none are.
    # So each key is one merge, not a comparison of every pair.
    by_key: dict[tuple[str, bool, str], list[int]] = {}
    for i, item in enumerate(items):
        if not item.keys:
            continue
        qualifiers = set(item.keys[1:])
        increment = INCREMENT_KEY in qualifiers
        for key in sorted(qualifiers - {INCREMENT_KEY}):
            by_key.setdefault((item.keys[0], increment, key), []).append(i)
    for members in by_key.values():
        if len({items[i].article for i in members}) > 1:
            for j in members[1:]:
                parent[find(j)] = find(members[0])
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def _about(members: Sequence[Quantity], sentences: Sequence[str | None]) -> str:
    """A name for the compared figure: its most shared qualifier and its class ("EU mission")."""
    counts = Counter(k for q in members for k in set(q.keys[1:]) if k != INCREMENT_KEY)
    shared = sorted((k for k, n in counts.items() if n > 1), key=lambda k: (-counts[k], k))
    head = members[0].keys[0]
    if not shared:
        return head
    word = shared[0]
    for quantity, sentence in zip(members, sentences):  # show the qualifier as one article wrote it
        context = " ".join((quantity.about, quantity.text, sentence or ""))
        match = re.search(rf"\b{re.escape(word)}\b", context, re.IGNORECASE)
        if match:
            word = match.group(0)
            break
    return f"{word} {head}"


def _sentence(analysis: ArticleAnalysis, start: int, index: _SentenceIndex | None) -> str | None:
    """The text of the sentence holding `start`; `index` (when the sentences are in text order,
    as the parse gives them) makes it a bisection, else each sentence is looked at."""
    if index is not None:
        found = textstats.span_at(*index, start)
    else:
        found = next(((s.start, s.end) for s in analysis.sentences if s.start <= start < s.end), None)
    return analysis.article.text[found[0] : found[1]].strip() if found else None


_SentenceIndex = tuple[list[tuple[int, int]], list[int]]


def _sentence_index(analysis: ArticleAnalysis) -> _SentenceIndex | None:
    """The sentences' spans and starts when they are in order and do not overlap, else None."""
    sentences = analysis.sentences
    if all(a.end <= b.start for a, b in zip(sentences, sentences[1:])):
        return [(s.start, s.end) for s in sentences], [s.start for s in sentences]
    return None


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def find_discrepancies(analyses: Sequence[ArticleAnalysis], stories: Sequence[Story] = ()) -> list[Discrepancy]:
    """Figures about the same thing, from different articles of one story, that disagree."""
    by_id = {a.article.id: a for a in analyses}
    story_of = {article: story.id for story in stories for article in story.articles}
    pools: dict[str, list[Quantity]] = {}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        pool = story_of.get(analysis.article.id, "") if stories else ""
        if stories and not pool:
            continue
        pools.setdefault(pool, []).extend(sorted(analysis.quantities, key=lambda q: (q.start, q.end)))
    indexes: dict[str, _SentenceIndex | None] = {}

    def sentence(q: Quantity) -> str | None:
        if q.article not in indexes:
            indexes[q.article] = _sentence_index(by_id[q.article])
        return _sentence(by_id[q.article], q.start, indexes[q.article])

    found = []
    for pool in sorted(pools):
        items = pools[pool]
        for members in _components(items):
            group = [items[i] for i in members]
            if len({q.value for q in group}) < 2:
                continue
            values = [
                DiscrepancyValue(
                    value=_format(q.value), article=q.article, start=q.start, end=q.end,
                    text=sentence(q),
                )
                for q in sorted(group, key=lambda q: (q.article, q.start))
            ]
            about = _about(group, [sentence(q) for q in group])
            found.append(Discrepancy(about=about, values=values))
    return sorted(found, key=lambda d: (d.values[0].article, d.values[0].start, d.about))


DATE_REACH = 3  # days: further apart, two reports are more likely two events


def find_date_discrepancies(
    events: Sequence[Event], analyses: Sequence[ArticleAnalysis], stories: Sequence[Story] = ()
) -> list[Discrepancy]:
    """One event (same story, type and actors) that different articles date to different days."""
    by_id = {a.article.id: a for a in analyses}
    story_of = {article: story.id for story in stories for article in story.articles}
    groups: dict[tuple, list[Event]] = {}
    for event in events:
        if event.date_source != "text" or parse_day(event.date) is None or event.negated:
            continue
        actors = (event.source or event.source_code, event.target or event.target_code)
        if actors[0] is None:
            continue
        groups.setdefault((story_of.get(event.article, ""), event.type, actors), []).append(event)
    found = []
    for (_, type_, _), events_of_key in sorted(groups.items(), key=lambda item: str(item[0])):
        for group in _close_runs(events_of_key):
            if len({e.date for e in group}) < 2 or _one_article_reports_both(group):
                continue
            values = [_date_value(e, by_id.get(e.article))
                      for e in sorted(group, key=lambda e: (e.article, e.start))]
            actor = group[0].source_text or group[0].source_code
            found.append(Discrepancy(about=f"date of {type_} by {actor}", kind="date", values=values))
    return found


def _close_runs(events: Sequence[Event]) -> list[list[Event]]:
    """Events in runs whose days lie within `DATE_REACH` of the run's first day."""
    runs: list[list[Event]] = []
    for event in sorted(events, key=lambda e: (e.date or "", e.article, e.start)):
        if runs and (parse_day(event.date) - parse_day(runs[-1][0].date)).days <= DATE_REACH:
            runs[-1].append(event)
        else:
            runs.append([event])
    return runs


def _one_article_reports_both(group: Sequence[Event]) -> bool:
    """An article that dates the event two ways reports two events, not a disagreement."""
    days_by_article: dict[str, set[str | None]] = {}
    for event in group:
        days_by_article.setdefault(event.article, set()).add(event.date)
    return any(len(days) > 1 for days in days_by_article.values())


def _date_value(event: Event, analysis: ArticleAnalysis | None) -> DiscrepancyValue:
    """The event's date with the span of the expression that gives it (else its sentence)."""
    mention = next((m for m in (analysis.dates if analysis else ())
                    if event.start <= m.start < event.end and m.value == event.date), None)
    start, end = (mention.start, mention.end) if mention else (event.start, event.end)
    return DiscrepancyValue(value=event.date or "", article=event.article, start=start, end=end,
                            text=event.text)
