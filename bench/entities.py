"""Score `storyline.entities.find_mentions` and `storyline.entity_merge.merge_entities` on MEANTIME and GUM news.

    python bench/entities.py [--data DIR] [--limit N] [--scope topic|corpus] [--sentences N]
                             [--model NAME] [--write-calibration]

DIR holds `meantime/` and `gum-news/` (default: `dataset_dir()`, i.e. ../shared/datasets);
`--limit N` keeps the first N documents of each MEANTIME topic and of GUM news. The texts are
rebuilt from the datasets' tokens (MEANTIME: PTB tokens joined with light detokenisation, title
and date line as their own paragraphs; GUM: tokens with their SpaceAfter, `# newpar` as a blank
line) and go uncleaned through the spaCy pipeline, so every offset is an offset into that text.

Alignment: a predicted span matches a gold mention when it contains the gold mention's head
word, or (parts 1 and 2 only) lies inside a gold mention of its kind (PERSON ~ PER/person, ORG ~
ORG/organization, GPE/LOC/FAC ~ LOC/place: "Steve Jobs" in "Apple CEO Steve Jobs"). Pairs are
one-to-one: identical spans first, then head matches, then by character overlap (Jaccard).
MEANTIME heads: the token named by the data's `mention_head` (a spaCy guess made by the
conversion; its last occurrence in the mention, else the last token); GUM heads: the mention
token whose (gold) dependency head lies outside the mention.

1. MEANTIME English, cross-document entity coreference. Gold = the entity mentions of
   `entities_mentions.json` (chain = the instance id with its cross_/intra_ prefix dropped, as
   the prefixes only say which annotation layer a mention came from) of type PER, ORG or LOC
   that are *named*: head word capitalised and not a pronoun (MEANTIME's own NAM/NOM/PRO tag
   is not in this conversion). 14 corpus_gm documents carry no mentions in the conversion and
   are skipped. Only the first 6 sentences (title, date line, four body sentences) are scored
   (`--sentences`, 0 for all): MEANTIME annotates entities exhaustively there only (in this
   data 75% of the entity mentions lie there; later sentences carry a few selected ones, so
   correct predictions there would count as spurious); Storyline still reads whole documents.
   Storyline: find_mentions per document, then merge_entities over the documents
   of each topic (`--scope topic`, default; gold chains are cut at topic edges as well) or of
   the whole corpus (`--scope corpus`). Response mentions: predictions aligned to an in-scope
   gold mention, plus unaligned predictions labelled PERSON/ORG/GPE/LOC/FAC; predictions
   aligned to other gold mentions (products, finance, nominals, pronouns) are left out.
   Twinless mentions are scored as the CoNLL-2012 reference scorer does (Pradhan et al. 2014):
   missed gold mentions lower recall, spurious predictions lower precision; singleton chains
   are kept. Figures: mention P/R/F1; MUC, B3 and CEAF-e P/R/F1 and CoNLL F1 (mean of the three
   F1s), micro-summed over topics; once end to end and once on matched mentions only (key and
   response cut to the aligned pairs: clustering quality alone). Baseline: the same predicted
   mentions, clustered by identical mention text (case-sensitive) within the same scope.

2. GUM news (24 Wikinews documents), purity against Wikipedia links. Scored mentions:
   predicted mentions aligned to a gold mention that carries a Wikipedia identity (any entity
   type). Purity = share of scored mentions that carry their predicted cluster's majority
   identity; inverse purity (collocation) = share of each identity's scored mentions that sit
   in its largest predicted cluster; F = harmonic mean. Clusters from merge_entities over all
   documents, and over each document alone. Baseline: identical-text clusters, same scopes.

3. GUM news NER. Gold: named person / organization / place mentions (head word UPOS PROPN),
   span without a leading article and a trailing possessive 's (GUM's mentions include both,
   named-entity spans do not). Predicted labels: PERSON -> person, ORG -> organization,
   GPE/LOC/FAC -> place (other labels not scored). P/R/F1 per type and typed overall for the
   exact span, and F1~head: the predicted span holds the gold head word (same type, one-to-one),
   for (a) the pipeline's bare `doc.ents` and (b) find_mentions's trimmed, relabelled spans.
   GUM's spans are whole noun phrases ("U.S. President Donald Trump", head "Donald" as UD
   heads flat names on their first word), so exact-span figures sit well below F1~head.

4. Typed NER on both datasets, span-exact PER/ORG/LOC micro F1 (PERSON=PER, ORG=ORG,
   GPE+LOC+FAC=LOC; NORP, EVENT and the rest not scored on either side), in the same run for
   the bare model's doc.ents, find_mentions's spans and labels, and the same spans under the
   type of the entity merge_entities files them in (what the brief shows). Gold: named
   mentions (MEANTIME: in the scored sentences) without a leading article or trailing 's.
   bench/entities_pipeline.py scores the same through the real input path (.txt files,
   `storyline.api.brief`, the page cleaner) and lists what the cleaner cut.

5. Merge confidence. Every merge merge_entities makes is kept with its evidence kind
   (`EntityIndex.links`); a merge is judged right when the gold referents of its two sides
   agree (MEANTIME: cross-document chain; GUM: Wikipedia identity, else the document's own
   coreference chain, not judged across documents). Per kind: entities holding merges of it,
   and those whose merges of it are all right; `--write-calibration` writes the smoothed
   shares to src/storyline/data/entity_confidence.tsv (what Entity.confidence is computed
   from) and re-scores under the new table. Then the reliability table: for confidence bands,
   the share of entities (with a judged merge) whose judged merges are all right; and how
   many surnames and names merge_entities left unmerged as ambiguous.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from benchdata import dataset_dir

if TYPE_CHECKING:  # storyline (and spaCy) load only when the benchmark runs, not for its tests
    from storyline.model import EntityMention

Assignment = Mapping[Hashable, Hashable]  # mention -> cluster id
SpanPair = tuple[int, int]

MEANTIME_KINDS = ("PER", "ORG", "LOC")
MEANTIME_KIND_OF = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
GUM_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
_TWINLESS = object()


# --- scoring (plain structures) -------------------------------------------------------------


@dataclass
class Tally:
    """Recall and precision numerators and denominators, summable across documents."""

    r_num: float = 0.0
    r_den: float = 0.0
    p_num: float = 0.0
    p_den: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.r_num + other.r_num, self.r_den + other.r_den, self.p_num + other.p_num, self.p_den + other.p_den
        )

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def clusters_of(assignment: Assignment) -> dict[Hashable, set[Hashable]]:
    """{cluster id: its mentions}."""
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assignment.items():
        out[cluster].add(mention)
    return dict(out)


def _muc_side(a: Assignment, b: Assignment) -> tuple[int, int]:
    """MUC recall of `a` against `b`: links kept over links needed (Vilain et al. 1995)."""
    num = den = 0
    for members in clusters_of(a).values():
        parts = {b[m] if m in b else (_TWINLESS, m) for m in members}
        num += len(members) - len(parts)
        den += len(members) - 1
    return num, den


def muc(key: Assignment, response: Assignment) -> Tally:
    """MUC; a twinless mention is a partition of its own."""
    return Tally(*_muc_side(key, response), *_muc_side(response, key))


def _b3_side(a: Assignment, b: Assignment) -> tuple[float, int]:
    """B3 recall of `a` against `b`: mean over a's mentions of |A ∩ B| / |A|."""
    num = 0.0
    for members in clusters_of(a).values():
        shared = Counter(b[m] for m in members if m in b)
        num += sum(n * n for n in shared.values()) / len(members)
    return num, len(a)


def b_cubed(key: Assignment, response: Assignment) -> Tally:
    """B-cubed (Bagga & Baldwin 1998); a twinless mention scores 0."""
    return Tally(*_b3_side(key, response), *_b3_side(response, key))


def ceaf_e(key: Assignment, response: Assignment) -> Tally:
    """Entity-based CEAF (Luo 2005): best one-to-one entity alignment under φ4 = 2|K∩R|/(|K|+|R|)."""
    k_size, r_size = Counter(key.values()), Counter(response.values())
    shared = Counter((key[m], response[m]) for m in key if m in response)
    total = 0.0
    for k_ids, r_ids in _components(shared):
        weights = [[2 * shared.get((k, r), 0) / (k_size[k] + r_size[r]) for r in r_ids] for k in k_ids]
        total += max_weight_matching(weights)
    return Tally(total, len(k_size), total, len(r_size))


def _components(edges: Iterable[tuple[Hashable, Hashable]]) -> list[tuple[list, list]]:
    """Connected components of a bipartite graph given as (left, right) edges."""
    parent: dict[Hashable, Hashable] = {}

    def find(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in edges:
        parent[find(("L", left))] = find(("R", right))
    groups: dict[Hashable, tuple[list, list]] = defaultdict(lambda: ([], []))
    for node in list(parent):
        side, name = node
        groups[find(node)][0 if side == "L" else 1].append(name)
    return list(groups.values())


def max_weight_matching(weights: Sequence[Sequence[float]]) -> float:
    """Largest total weight of a one-to-one row/column assignment (Hungarian method)."""
    if not weights or not weights[0]:
        return 0.0
    if len(weights) > len(weights[0]):
        weights = [list(col) for col in zip(*weights)]
    cost = [[-w for w in row] for row in weights]
    return -sum(cost[i][j] for i, j in _hungarian(cost))


def _hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= columns), potentials version, O(n²m)."""
    n, m = len(cost), len(cost[0])
    u, v, owner, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        best, used = [float("inf")] * (m + 1), [False] * (m + 1)
        while owner[col]:
            used[col], i, delta, nxt = True, owner[col], float("inf"), 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i - 1][j - 1] - u[i] - v[j]
                    if cur < best[j]:
                        best[j], way[j] = cur, col
                    if best[j] < delta:
                        delta, nxt = best[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col], col = owner[prev], prev
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def conll_f1(key: Assignment, response: Assignment) -> float:
    """CoNLL F1: the mean of the MUC, B3 and CEAF-e F1."""
    return sum(t.f1 for t in (muc(key, response), b_cubed(key, response), ceaf_e(key, response))) / 3


def purity(clusters: Assignment, labels: Assignment) -> float:
    """Share of the mentions (in both maps) that carry their cluster's majority label.

    Inverse purity (collocation) is `purity(labels, clusters)`.
    """
    counts = Counter((clusters[m], labels[m]) for m in clusters if m in labels)
    best: dict[Hashable, int] = defaultdict(int)
    for (cluster, _), n in counts.items():
        best[cluster] = max(best[cluster], n)
    total = sum(counts.values())
    return sum(best.values()) / total if total else 0.0


def harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def span_prf(gold: Collection[Hashable], predicted: Collection[Hashable]) -> Tally:
    """Exact-match P/R/F1 of two collections of spans (e.g. (doc, start, end, type) tuples)."""
    gold, predicted = set(gold), set(predicted)
    tp = len(gold & predicted)
    return Tally(tp, len(gold), tp, len(predicted))


def align(
    predicted: Sequence[SpanPair],
    gold: Sequence[tuple[int, int, int, int]],
    same_kind: Callable[[int, int], bool] | None = None,
) -> dict[int, int]:
    """{predicted index: gold index}, one-to-one.

    `gold` holds (start, end, head_start, head_end). A pair is possible when the predicted span
    contains the gold head, or, given `same_kind(i, j)`, lies inside a gold mention of its kind.
    Identical spans pair first, then head matches, then by character overlap (Jaccard).
    """
    pairs = []
    for i, (ps, pe) in enumerate(predicted):
        for j, (gs, ge, hs, he) in enumerate(gold):
            has_head = ps <= hs and he <= pe
            inside = same_kind is not None and gs <= ps and pe <= ge and same_kind(i, j)
            if has_head or inside:
                overlap = (min(pe, ge) - max(ps, gs)) / (max(pe, ge) - min(ps, gs))
                pairs.append(((ps, pe) == (gs, ge), has_head, overlap, -j, -i, i, j))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for *_, i, j in sorted(pairs, reverse=True):
        if i not in out and j not in taken:
            out[i] = j
            taken.add(j)
    return out


# --- documents ------------------------------------------------------------------------------


@dataclass
class GoldMention:
    start: int
    end: int
    head: SpanPair
    cluster: str
    kind: str
    named: bool
    ne_span: SpanPair | None = None
    local: str = ""  # the document's own coreference id (GUM), "" when none


@dataclass
class Document:
    id: str
    group: str
    text: str
    gold: list[GoldMention] = field(default_factory=list)
    scored_end: int | None = None  # mentions starting at or after this offset are not scored

    def scored(self, start: int) -> bool:
        return self.scored_end is None or start < self.scored_end


def join_tokens(pieces: Iterable[tuple[str, str]]) -> tuple[str, list[SpanPair]]:
    """Text and token offsets from (separator before, token) pairs."""
    parts: list[str] = []
    offsets: list[SpanPair] = []
    pos = 0
    for sep, token in pieces:
        parts.append(sep)
        pos += len(sep)
        parts.append(token)
        offsets.append((pos, pos + len(token)))
        pos += len(token)
    return "".join(parts), offsets


# MEANTIME -----------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "''", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "$", "``", "US$"}
_QUOTES = {"``": '"', "''": '"'}
_CHAIN_PREFIX = re.compile(r"^(?:cross_intra_|cross_|intra_)")


def read_meantime_tokens(path: Path) -> dict[str, list[list[str]]]:
    """{document key: sentences of tokens} from the simplified CoNLL file."""
    docs: dict[str, list[list[str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 5 or line.startswith("#"):
            continue
        sentences = docs[cols[0]]
        sent = int(cols[1])
        while len(sentences) <= sent:
            sentences.append([])
        sentences[sent].append(cols[3])
    return dict(docs)


def meantime_text(sentences: list[list[str]]) -> tuple[str, dict[tuple[int, int], SpanPair]]:
    """Title and date line as paragraphs, body sentences run on; {(sent, token): offsets}."""
    pieces, keys = [], []
    for s, tokens in enumerate(sentences):
        for t, token in enumerate(tokens):
            if t == 0:
                sep = "" if s == 0 else "\n\n" if s <= 2 else " "
            elif token in _NO_SPACE_BEFORE or tokens[t - 1] in _NO_SPACE_AFTER:
                sep = ""
            elif _tight_hyphen(tokens, t) or _tight_hyphen(tokens, t - 1):
                sep = ""
            else:
                sep = " "
            pieces.append((sep, _QUOTES.get(token, token)))
            keys.append((s, t))
    text, offsets = join_tokens(pieces)
    return text, dict(zip(keys, offsets))


def _tight_hyphen(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] is the "-" of a split capitalised compound ("Wal - Mart")."""
    return tokens[i] == "-" and 0 < i < len(tokens) - 1 and tokens[i - 1][:1].isupper() and tokens[i + 1][:1].isupper()


def meantime_gold(record: dict, tokens: list[list[str]], offsets: dict) -> GoldMention:
    """One mention of entities_mentions.json as character spans."""
    sent, numbers = record["sent_id"], sorted(record["tokens_number"])
    words = [tokens[sent][n] for n in numbers]
    head_word = record["mention_head"]
    matches = [n for n, w in zip(numbers, words) if w == head_word] or [numbers[-1]]
    kind = record["mention_type"]
    named = head_word[:1].isupper() and record["mention_head_pos"] != "PRON"
    lo, hi = 0, len(numbers) - 1
    while lo < hi and words[lo].lower() in _ARTICLES:
        lo += 1
    while hi > lo and words[hi] in ("'s", "'"):
        hi -= 1
    return GoldMention(
        start=offsets[(sent, numbers[0])][0],
        end=offsets[(sent, numbers[-1])][1],
        head=offsets[(sent, matches[-1])],
        cluster=_CHAIN_PREFIX.sub("", record["coref_chain"]),
        kind=kind,
        named=named,
        ne_span=(offsets[(sent, numbers[lo])][0], offsets[(sent, numbers[hi])][1]),
    )


def read_meantime(folder: Path, limit: int | None, sentences_scored: int) -> list[Document]:
    """The English documents that have entity mentions, the first `limit` of each topic.

    Only mentions in the first `sentences_scored` sentences (0: all) are scored later.
    """
    records = json.loads((folder / "entities_mentions.json").read_text(encoding="utf-8"))
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_doc[record["conll_doc_key"]].append(record)
    docs, per_topic = [], Counter()
    for key, sentences in read_meantime_tokens(folder / "meantime.conll").items():
        topic = key.split("/")[0]
        if key not in by_doc or (limit is not None and per_topic[topic] >= limit):
            continue
        per_topic[topic] += 1
        text, offsets = meantime_text(sentences)
        gold = [meantime_gold(r, sentences, offsets) for r in by_doc[key]]
        end = None
        if 0 < sentences_scored < len(sentences):
            end = offsets[(sentences_scored, 0)][0]
        docs.append(Document(id=key, group=topic, text=text, gold=gold, scored_end=end))
    return docs


# GUM ----------------------------------------------------------------------------------------

_ENTITY_PART = re.compile(r"\((\d+)-([^()]*)(\))?|(\d+)\)")
_ARTICLES = {"the", "a", "an"}


@dataclass
class _Token:
    form: str
    upos: str
    xpos: str
    head: int  # document-wide index, -1 for the root
    entity: str


def _conllu_sentences(path: Path) -> Iterable[tuple[bool, list[list[str]]]]:
    """(starts a paragraph, rows) for each sentence; rows include multi-word token ranges."""
    rows: list[list[str]] = []
    newpar = False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line:
            if rows:
                yield newpar, rows
            rows, newpar = [], False
        elif line.startswith("# newpar"):
            newpar = True
        elif not line.startswith("#"):
            rows.append(line.split("\t"))


def _misc(cols: list[str], name: str) -> str:
    for item in cols[9].split("|"):
        if item.startswith(name + "="):
            return item[len(name) + 1 :]
    return ""


def gum_tokens(path: Path) -> tuple[str, list[_Token], list[SpanPair]]:
    """Text, tokens and token offsets of one CoNLL-U document."""
    pieces: list[tuple[str, str]] = []
    tokens: list[_Token] = []
    units: list[list[int]] = []  # token indices behind each surface piece
    for newpar, rows in _conllu_sentences(path):
        base = len(tokens)
        space, covered = ("\n\n" if newpar else " ") if pieces else "", 0
        for cols in rows:
            if "." in cols[0]:
                continue
            first, _, last = cols[0].partition("-")
            if last or int(first) > covered:
                pieces.append((space, cols[1]))
                units.append([base + k - 1 for k in range(int(first), int(last or first) + 1)])
                space, covered = ("" if "SpaceAfter=No" in cols[9] else " "), int(last or first)
            if not last:
                head = int(cols[6])
                tokens.append(_Token(cols[1], cols[3], cols[4], base + head - 1 if head else -1, _misc(cols, "Entity")))
    text, surface = join_tokens(pieces)
    return text, tokens, _split_units(surface, units, tokens)


def _split_units(surface: list[SpanPair], units: list[list[int]], tokens: list[_Token]) -> list[SpanPair]:
    """Token offsets; the parts of a multi-word token ("Trump's") share its characters in order."""
    offsets: list[SpanPair] = [(0, 0)] * len(tokens)
    for (start, end), members in zip(surface, units):
        pos = start
        for n, index in enumerate(members):
            stop = end if n == len(members) - 1 else min(end, pos + len(tokens[index].form))
            offsets[index] = (pos, stop)
            pos = stop
    return offsets


def gum_mentions(tokens: list[_Token]) -> list[tuple[int, int, list[str]]]:
    """(first token, last token, [id, etype, infstat, salience, centering, minspan, link, identity?])."""
    open_: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    out = []
    for i, token in enumerate(tokens):
        for match in _ENTITY_PART.finditer(token.entity):
            if match.group(1):
                fields = [match.group(1)] + match.group(2).split("-", 6)
                if match.group(3):
                    out.append((i, i, fields))
                else:
                    open_[match.group(1)].append((i, fields))
            elif open_.get(match.group(4)):
                start, fields = open_[match.group(4)].pop()
                out.append((start, i, fields))
    return out


def gum_gold(first: int, last: int, fields: list[str], tokens: list[_Token], offsets: list[SpanPair]) -> GoldMention:
    """A GUM mention: head = the token whose head is outside the mention; NE span trimmed."""
    inside = range(first, last + 1)
    head = next((i for i in inside if tokens[i].head not in inside), last)
    lo, hi = first, last
    while lo < hi and tokens[lo].upos == "DET" and tokens[lo].form.lower() in _ARTICLES:
        lo += 1
    while hi > lo and tokens[hi].xpos == "POS":
        hi -= 1
    identity = fields[7] if len(fields) > 7 else ""
    return GoldMention(
        start=offsets[first][0],
        end=offsets[last][1],
        head=offsets[head],
        cluster=identity,
        kind=fields[1],
        named=tokens[head].upos == "PROPN",
        ne_span=(offsets[lo][0], offsets[hi][1]),
        local=fields[0],
    )


def read_gum(folder: Path, limit: int | None) -> list[Document]:
    docs = []
    for path in sorted((folder / "dep").glob("*.conllu"))[:limit]:
        text, tokens, offsets = gum_tokens(path)
        gold = [gum_gold(a, b, f, tokens, offsets) for a, b, f in gum_mentions(tokens)]
        docs.append(Document(id=path.stem, group="gum", text=text, gold=gold))
    return docs


# --- running Storyline ----------------------------------------------------------------------


@dataclass
class Parsed:
    doc: Document
    ents: list[tuple[int, int, str]]
    mentions: list[EntityMention]


def parse_all(nlp, docs: list[Document]) -> tuple[list[Parsed], float, float]:
    """spaCy + find_mentions on every document; (results, parse seconds, find_mentions seconds)."""
    from storyline.entities import find_mentions

    out, t_parse, t_find = [], 0.0, 0.0
    t0 = time.perf_counter()
    for doc, spacy_doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=8)):
        t1 = time.perf_counter()
        t_parse += t1 - t0
        mentions = find_mentions(spacy_doc, doc.id)
        t0 = time.perf_counter()
        t_find += t0 - t1
        ents = [(e.start_char, e.end_char, e.label_) for e in spacy_doc.ents]
        out.append(Parsed(doc, ents, mentions))
    return out, t_parse, t_find


def merged_index(parsed: Sequence[Parsed]):
    """merge_entities over these documents (the EntityIndex)."""
    from storyline.entity_merge import merge_entities
    from storyline.model import Article, ArticleAnalysis

    analyses = [
        ArticleAnalysis(article=Article(id=p.doc.id, path=p.doc.id, text=p.doc.text), mentions=p.mentions)
        for p in parsed
    ]
    return merge_entities(analyses)


def merged_clusters(parsed: Sequence[Parsed]) -> dict[tuple[str, int, int], str]:
    """{(doc, start, end): entity id} from merge_entities over these documents."""
    index = merged_index(parsed)
    return {(m.article, m.start, m.end): entity.id for entity in index.entities for m in entity.mentions}


def string_clusters(parsed: Sequence[Parsed]) -> dict[tuple[str, int, int], str]:
    """The baseline: mentions with identical text (case-sensitive) are one entity."""
    return {(p.doc.id, m.start, m.end): m.text for p in parsed for m in p.mentions}


Clusterer = Callable[[Sequence[Parsed]], dict[tuple[str, int, int], str]]


def scoped(parsed: Sequence[Parsed], group_of: Callable[[Parsed], str], clusterer: Clusterer) -> dict:
    """{(doc, start, end): (group, cluster)}, clustering each group of documents on its own."""
    groups: dict[str, list[Parsed]] = defaultdict(list)
    for p in parsed:
        groups[group_of(p)].append(p)
    return {m: (g, c) for g, ps in groups.items() for m, c in clusterer(ps).items()}


# --- 1. MEANTIME ----------------------------------------------------------------------------


def in_scope(g: GoldMention) -> bool:
    return g.kind in MEANTIME_KINDS and g.named


def align_doc(p: Parsed, kinds: Mapping[str, str]) -> dict[int, int]:
    """find_mentions's mentions aligned to the document's gold mentions (kinds: label -> gold kind)."""
    mentions, gold = p.mentions, p.doc.gold
    return align(
        [(m.start, m.end) for m in mentions],
        [(g.start, g.end, *g.head) for g in gold],
        lambda i, j: kinds.get(mentions[i].label) == gold[j].kind,
    )


def meantime_sets(parsed: Sequence[Parsed], by_topic: bool) -> tuple[dict, dict]:
    """(key: gold id -> chain, response: {(doc, start, end): mention id}) after alignment."""
    key, response = {}, {}
    for p in parsed:
        gold = p.doc.gold
        links = align_doc(p, MEANTIME_KIND_OF)
        for j, g in enumerate(gold):
            if in_scope(g) and p.doc.scored(g.start):
                key[(p.doc.id, j)] = (p.doc.group if by_topic else "", g.cluster)
        for i, m in enumerate(p.mentions):
            span = (p.doc.id, m.start, m.end)
            if not p.doc.scored(m.start):
                continue
            if i in links:
                if (p.doc.id, links[i]) in key:
                    response[span] = (p.doc.id, links[i])
            elif m.label in MEANTIME_KIND_OF:
                response[span] = span
    return key, response


def coref_row(name: str, key: Assignment, response: Assignment) -> str:
    tallies = (muc(key, response), b_cubed(key, response), ceaf_e(key, response))
    cells = " ".join(f"{t.precision:5.3f} {t.recall:5.3f} {t.f1:5.3f} " for t in tallies)
    return f"  {name:28} {cells} {sum(t.f1 for t in tallies) / 3:5.3f}"


def report_meantime(parsed: list[Parsed], by_topic: bool, sentences: int) -> list[str]:
    key, ids = meantime_sets(parsed, by_topic)
    group_of = (lambda p: p.doc.group) if by_topic else (lambda p: "")
    systems = {
        "storyline merge_entities": scoped(parsed, group_of, merged_clusters),
        "exact-string baseline": scoped(parsed, group_of, string_clusters),
    }
    responses = {name: {ids[s]: c for s, c in clusters.items() if s in ids} for name, clusters in systems.items()}
    matched = {v for v in ids.values() if v in key}
    detection = Tally(len(matched), len(key), len(matched), len(ids))
    topics = len({p.doc.group for p in parsed})
    lines = [
        f"1. MEANTIME cross-document entity coreference — {len(parsed)} documents, {topics} topics, "
        f"merged {'per topic' if by_topic else 'over the whole corpus'}, "
        f"scored in {f'the first {sentences} sentences' if sentences else 'all sentences'}",
        f"   gold: named PER/ORG/LOC mentions {len(key)} in {len(set(key.values()))} chains; "
        f"response mentions {len(ids)}; "
        f"mention P {detection.precision:.3f} R {detection.recall:.3f} F1 {detection.f1:.3f}",
        f"  {'':28} {'MUC P':>5} {'R':>5} {'F1':>5}  {'B3 P':>5} {'R':>5} {'F1':>5}  "
        f"{'CEAFe':>5} {'R':>5} {'F1':>5}  CoNLL",
        "  end to end (twinless mentions scored as in the CoNLL-2012 scorer)",
    ]
    lines += [coref_row(name, key, response) for name, response in responses.items()]
    lines.append("  matched mentions only")
    key_m = {k: v for k, v in key.items() if k in matched}
    for name, response in responses.items():
        lines.append(coref_row(name, key_m, {k: v for k, v in response.items() if k in matched}))
    return lines


# --- 2. GUM purity --------------------------------------------------------------------------


def linked_mentions(parsed: Sequence[Parsed]) -> dict[tuple[str, int, int], str]:
    """{predicted span: Wikipedia identity} for predictions aligned to a linked gold mention."""
    out = {}
    for p in parsed:
        gold = p.doc.gold
        for i, j in align_doc(p, GUM_TYPES).items():
            if gold[j].cluster:
                m = p.mentions[i]
                out[(p.doc.id, m.start, m.end)] = gold[j].cluster
    return out


def report_purity(parsed: list[Parsed]) -> list[str]:
    labels = linked_mentions(parsed)
    linked_gold = [g for p in parsed for g in p.doc.gold if g.cluster]
    docs_of: dict[str, set[str]] = defaultdict(set)
    for p in parsed:
        for g in p.doc.gold:
            if g.cluster:
                docs_of[g.cluster].add(p.doc.id)
    cross = sum(1 for docs in docs_of.values() if len(docs) > 1)
    lines = [
        f"2. GUM news purity against Wikipedia identities — {len(parsed)} documents",
        f"   scored: {len(labels)} predicted mentions aligned to linked gold mentions "
        f"(gold: {len(linked_gold)} linked mentions, {sum(g.named for g in linked_gold)} named; "
        f"{len(docs_of)} identities, {cross} in more than one document)",
        f"  {'':40} {'purity':>7} {'inverse':>7} {'F':>6} {'clusters':>8}",
    ]
    scopes = (("merged across all documents", lambda p: ""), ("each document alone", lambda p: p.doc.id))
    systems = (("storyline merge_entities", merged_clusters), ("exact-string baseline", string_clusters))
    for scope, group_of in scopes:
        lines.append(f"  {scope}")
        for name, clusterer in systems:
            clusters = {m: c for m, c in scoped(parsed, group_of, clusterer).items() if m in labels}
            pur, inv, n = purity(clusters, labels), purity(labels, clusters), len(set(clusters.values()))
            lines.append(f"  {'  ' + name:40} {pur:7.3f} {inv:7.3f} {harmonic(pur, inv):6.3f} {n:8d}")
    return lines


# --- 3. GUM NER -----------------------------------------------------------------------------


def ner_gold(parsed: Sequence[Parsed]) -> list[tuple[str, GoldMention]]:
    return [(p.doc.id, g) for p in parsed for g in p.doc.gold if g.named and g.kind in set(GUM_TYPES.values())]


def ner_predictions(parsed: Sequence[Parsed], bare: bool) -> list[tuple[str, int, int, str]]:
    """(doc, start, end, GUM type) of bare doc.ents or of find_mentions, mapped labels only."""
    out = []
    for p in parsed:
        spans = p.ents if bare else [(m.start, m.end, m.label) for m in p.mentions]
        out += [(p.doc.id, s, e, GUM_TYPES[label]) for s, e, label in spans if label in GUM_TYPES]
    return out


def head_matches(gold: list[tuple[str, GoldMention]], predicted: list[tuple[str, int, int, str]]) -> int:
    """Pairs aligned by the head rule, per document and type."""
    by_gold, by_pred = defaultdict(list), defaultdict(list)
    for doc, g in gold:
        by_gold[(doc, g.kind)].append((g.start, g.end, *g.head))
    for doc, s, e, kind in predicted:
        by_pred[(doc, kind)].append((s, e))
    return sum(len(align(by_pred[k], by_gold[k])) for k in by_gold)


def ner_cells(gold: list[tuple[str, GoldMention]], predicted: list[tuple[str, int, int, str]]) -> str:
    exact = span_prf({(d, *g.ne_span, g.kind) for d, g in gold}, set(predicted))
    hits = head_matches(gold, predicted)
    lenient = Tally(hits, len(gold), hits, len(predicted))
    return f"{exact.precision:5.3f} {exact.recall:5.3f} {exact.f1:5.3f} {lenient.f1:7.3f}"


def report_ner(parsed: list[Parsed]) -> list[str]:
    gold = ner_gold(parsed)
    systems = {"bare": ner_predictions(parsed, True), "storyline": ner_predictions(parsed, False)}
    lines = [
        f"3. GUM news NER, named person/organization/place mentions — {len(parsed)} documents",
        f"  {'':14} {'gold':>5}   {'spaCy doc.ents':^25}   {'storyline find_mentions':^25}",
        f"  {'':14} {'':5}   {'P':>5} {'R':>5} {'F1':>5} {'F1~head':>7}   {'P':>5} {'R':>5} {'F1':>5} {'F1~head':>7}",
    ]
    for kind in ("person", "organization", "place", None):
        g = [x for x in gold if kind in (None, x[1].kind)]
        cells = [ner_cells(g, [x for x in pred if kind in (None, x[3])]) for pred in systems.values()]
        lines.append(f"  {kind or 'all (typed)':14} {len(g):5d}   {cells[0]}   {cells[1]}")
    return lines


# --- 4. typed NER, span-exact, both datasets ---------------------------------------------

# PER/ORG/LOC as the newswire NER sets score them: FAC (buildings, airports, roads) counts as a
# location, as CoNLL's LOC holds them; NORP (nationalities, peoples, parties as adjectives),
# EVENT and the rest are not scored, on either side.
TYPED = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
GOLD_TYPED = {"person": "PER", "organization": "ORG", "place": "LOC", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def typed_gold(parsed: Sequence[Parsed]) -> set[tuple[str, int, int, str]]:
    """(doc, start, end, PER|ORG|LOC) of the named gold mentions in the scored part, NE spans."""
    out = set()
    for p in parsed:
        for g in p.doc.gold:
            if g.named and g.kind in GOLD_TYPED and g.ne_span and p.doc.scored(g.start):
                out.add((p.doc.id, *g.ne_span, GOLD_TYPED[g.kind]))
    return out


def typed_systems(parsed: Sequence[Parsed], group_of: Callable[[Parsed], str]) -> dict[str, set]:
    """The three typed predictions: the bare model's doc.ents, find_mentions's spans and labels,
    and the same spans under the type of the entity merge_entities files them in (what the
    brief shows), merged within each group of documents."""
    bare, found, brief = set(), set(), set()
    groups: dict[str, list[Parsed]] = defaultdict(list)
    for p in parsed:
        groups[group_of(p)].append(p)
    for members in groups.values():
        types = {
            (m.article, m.start, m.end): entity.type
            for entity in merged_index(members).entities
            for m in entity.mentions
        }
        for p in members:
            bare |= {(p.doc.id, s, e, TYPED[l]) for s, e, l in p.ents if l in TYPED and p.doc.scored(s)}
            for m in p.mentions:
                if not p.doc.scored(m.start):
                    continue
                if m.label in TYPED:
                    found.add((p.doc.id, m.start, m.end, TYPED[m.label]))
                label = types.get((p.doc.id, m.start, m.end))
                if label in TYPED:
                    brief.add((p.doc.id, m.start, m.end, TYPED[label]))
    return {"spaCy doc.ents": bare, "find_mentions": found, "brief (merged)": brief}


def typed_rows(gold: set, systems: dict[str, set]) -> list[str]:
    names = list(systems)
    lines = [
        f"  {'':8} {'gold':>5}   " + "   ".join(f"{n:^19}" for n in names),
        f"  {'':8} {'':5}   " + "   ".join(f"{'P':>5} {'R':>5} {'F1':>5}  " for _ in names),
    ]
    for kind in ("PER", "ORG", "LOC", None):
        g = {x for x in gold if kind in (None, x[3])}
        cells = []
        for predicted in systems.values():
            t = span_prf(g, {x for x in predicted if kind in (None, x[3])})
            cells.append(f"{t.precision:5.3f} {t.recall:5.3f} {t.f1:5.3f}  ")
        lines.append(f"  {kind or 'micro':8} {len(g):5d}   " + "   ".join(cells))
    return lines


def report_typed(parsed_m: list[Parsed], parsed_g: list[Parsed], by_topic: bool) -> list[str]:
    lines = [
        "4. Typed NER, span-exact PER/ORG/LOC micro F1 (PERSON=PER, ORG=ORG, GPE+LOC+FAC=LOC; NORP and "
        "other labels not scored; gold: named mentions without a leading article or trailing 's)",
        f"  MEANTIME, {len(parsed_m)} documents, scored part only, merged {'per topic' if by_topic else 'over the corpus'}",
    ]
    group_of = (lambda p: p.doc.group) if by_topic else (lambda p: "")
    lines += typed_rows(typed_gold(parsed_m), typed_systems(parsed_m, group_of))
    lines.append(f"  GUM news, {len(parsed_g)} documents, merged over all documents")
    lines += typed_rows(typed_gold(parsed_g), typed_systems(parsed_g, lambda p: ""))
    return lines


# --- 5. merge confidence --------------------------------------------------------------------

BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)
# A kind's estimate is its share of right cases with PRIOR_WEIGHT pseudo-cases at the share over
# all kinds (empirical Bayes), so that a kind the development data shows rarely or never (a
# surname two people of one corpus carry) takes the overall share rather than 0.5 or a lucky 3 of 3.
PRIOR_WEIGHT = 2


def gold_identity(parsed: Sequence[Parsed], kinds: Mapping[str, str], by_topic: bool) -> dict:
    """{(doc, start, end): gold referent} for predicted mentions aligned to a gold mention:
    MEANTIME's cross-document chain (cut at topics when `by_topic`); GUM's Wikipedia identity,
    else the document's own coreference chain."""
    out = {}
    for p in parsed:
        gold = p.doc.gold
        for i, j in align_doc(p, kinds).items():
            g = gold[j]
            m = p.mentions[i]
            if g.local:
                referent = g.cluster or f"{p.doc.id}#{g.local}"
            else:
                referent = f"{p.doc.group if by_topic else ''}:{g.cluster}"
            out[(p.doc.id, m.start, m.end)] = referent
    return out


def _side(keys, identity) -> str | None:
    found = Counter(identity[k] for k in keys if k in identity)
    return found.most_common(1)[0][0] if found else None


def judged_links(index, identity: Mapping) -> tuple[list[tuple[str, str, bool]], dict[str, bool]]:
    """([(entity, kind, right)] for every merge both of whose sides are aligned to gold,
    {entity: all its judged merges right})."""
    out = []
    for link in index.links:
        a, b = _side(link.left, identity), _side(link.right, identity)
        if a is None or b is None:
            continue
        if a != b and "#" in a + b and a.split("#")[0] != b.split("#")[0]:
            continue  # a chain of one document's own, met in another: gold cannot say
        out.append((link.entity, link.kind, a == b))
    entities: dict[str, bool] = {}
    for entity, _, right in out:
        entities[entity] = entities.get(entity, True) and right
    return out, entities


def confidence_data(parsed_m: list[Parsed], parsed_g: list[Parsed], by_topic: bool) -> dict[str, tuple]:
    """{dataset: (judged links, {entity: all right}, {entity: confidence}, ambiguous count)}."""
    out = {}
    group_of = (lambda p: p.doc.group) if by_topic else (lambda p: "")
    for name, parsed, kinds, topic in (
        ("MEANTIME", parsed_m, MEANTIME_KIND_OF, by_topic),
        ("GUM", parsed_g, GUM_TYPES, False),
    ):
        identity = gold_identity(parsed, kinds, topic)
        links, right, conf, ambiguous = [], {}, {}, 0
        groups: dict[str, list[Parsed]] = defaultdict(list)
        for p in parsed:
            groups[group_of(p) if name == "MEANTIME" else ""].append(p)
        for group, members in sorted(groups.items()):
            index = merged_index(members)
            ambiguous += index.ambiguous
            found, entities = judged_links(index, identity)
            links += [(f"{group}/{e}", k, r) for e, k, r in found]
            right.update({f"{group}/{e}": r for e, r in entities.items()})
            conf.update({f"{group}/{e.id}": e.confidence for e in index.entities})
        out[name] = (links, right, conf, ambiguous)
    return out


def calibration(data: Mapping[str, tuple]) -> list[tuple[str, int, int, float]]:
    """(kind, entities judged, right, probability) pooled over the datasets, counted per entity
    and kind (an entity's merges of one kind are right when all of them are: the confidence is
    a product over kinds, not over merges); the probability is the share right with
    PRIOR_WEIGHT pseudo-cases at the share right over all kinds."""
    from storyline.entity_merge import EVIDENCE_KINDS

    per_entity: dict[tuple[str, str, str], bool] = {}
    for dataset, (links, *_) in data.items():
        for entity, kind, right in links:
            key = (dataset, entity, kind)
            per_entity[key] = per_entity.get(key, True) and right
    tally: dict[str, list[int]] = {kind: [0, 0] for kind in EVIDENCE_KINDS}
    for (_, _, kind), right in per_entity.items():
        tally[kind][0] += 1
        tally[kind][1] += right
    judged = sum(n for n, _ in tally.values())
    prior = sum(r for _, r in tally.values()) / judged if judged else 0.5

    def estimate(kind: str) -> float:
        n, r = tally[kind]
        return (r + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)

    return [(kind, n, r, round(estimate(kind), 3)) for kind, (n, r) in tally.items()]


def write_calibration(rows, path: Path) -> None:
    lines = [
        "# Calibrated share of right merges per evidence kind (storyline.entity_merge.EVIDENCE_KINDS).",
        "# Written by: python bench/entities.py --write-calibration (MEANTIME cross-document chains and",
        "# GUM news coreference and Wikipedia links as gold identity). Do not edit by hand.",
        "# kind\tjudged (entities holding merges of the kind)\tright (all of them right)\tprobability",
        "# (probability: (right + 2 * share right over all kinds) / (judged + 2))",
    ]
    lines += [f"{kind}\t{n}\t{r}\t{p}" for kind, n, r, p in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def report_confidence(data: Mapping[str, tuple]) -> list[str]:
    lines = ["5. Merge confidence: merges judged against gold identity (both sides aligned to gold)"]
    lines.append(f"  {'evidence kind':26} {'judged':>6} {'right':>6} {'share':>6}   (entities holding the kind, pooled; "
                 "the calibration table)")
    for kind, n, r, p in calibration(data):
        lines.append(f"  {kind:26} {n:6d} {r:6d} {r / n if n else 0:6.3f}   p={p}")
    for name, (links, right, conf, ambiguous) in data.items():
        lines.append(f"  reliability on {name}: entities with at least one judged merge; "
                     f"{ambiguous} ambiguous surnames/names left unmerged")
        lines.append(f"    {'confidence':14} {'entities':>8} {'all right':>9} {'share':>6}")
        for lo, hi in zip(BANDS, BANDS[1:]):
            band = [e for e in right if lo <= conf.get(e, 1.0) < hi]
            ok = sum(right[e] for e in band)
            label = f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}"
            lines.append(f"    {label:14} {len(band):8d} {ok:9d} {ok / len(band) if band else 0:6.3f}")
    return lines


# --- main -----------------------------------------------------------------------------------


def meantime_dir(root: Path) -> Path:
    """Where the English MEANTIME conversion lies under the datasets folder."""
    return root / "meantime" / "MEANTIME-prep" / "output_data" / "en"


def check_data(root: Path) -> str | None:
    """A message naming the first missing input, or None."""
    meantime = meantime_dir(root)
    needed = [meantime / "entities_mentions.json", meantime / "meantime.conll", root / "gum-news" / "dep"]
    for path in needed:
        if not path.exists():
            return f"dataset input missing: {path} (pass --data DIR or set STORYLINE_DATA)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir(), help="folder holding meantime/ and gum-news/")
    parser.add_argument("--limit", type=int, default=None, help="first N documents per MEANTIME topic and of GUM")
    parser.add_argument("--scope", choices=("topic", "corpus"), default="topic", help="MEANTIME merge scope")
    parser.add_argument(
        "--sentences", type=int, default=6, help="MEANTIME: score the first N sentences only (0: all)"
    )
    parser.add_argument("--model", default=None, help="spaCy model (default: storyline's choice)")
    parser.add_argument(
        "--write-calibration", action="store_true",
        help="write the merge-confidence table (src/storyline/data/entity_confidence.tsv) from this run",
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    problem = check_data(args.data)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from storyline.nlp import ModelNotFound, load_pipeline, model_info

    started = time.perf_counter()
    try:
        nlp = load_pipeline(args.model)
    except ModelNotFound as error:
        print(error, file=sys.stderr)
        return 1
    meantime = read_meantime(meantime_dir(args.data), args.limit, args.sentences)
    gum = read_gum(args.data / "gum-news", args.limit)
    parsed_m, parse_m, find_m = parse_all(nlp, meantime)
    parsed_g, parse_g, find_g = parse_all(nlp, gum)
    info = model_info(nlp)
    print(f"model {info.name} {info.version}; spaCy {parse_m + parse_g:.1f}s, find_mentions {find_m + find_g:.1f}s")
    reports = [report_meantime(parsed_m, args.scope == "topic", args.sentences)]
    reports += [report_purity(parsed_g), report_ner(parsed_g)]
    reports.append(report_typed(parsed_m, parsed_g, args.scope == "topic"))
    data = confidence_data(parsed_m, parsed_g, args.scope == "topic")
    if args.write_calibration:
        target = Path(__file__).resolve().parent.parent / "src" / "storyline" / "data" / "entity_confidence.tsv"
        write_calibration(calibration(data), target)
        from storyline.entity_merge import evidence_confidence

        evidence_confidence.cache_clear()
        data = confidence_data(parsed_m, parsed_g, args.scope == "topic")  # entities under the new table
    reports.append(report_confidence(data))
    for lines in reports:
        print()
        print("\n".join(lines))
    print(f"\ntotal {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
