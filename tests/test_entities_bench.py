"""The scoring functions of bench/entities.py on textbook examples worked out by hand."""

from __future__ import annotations

import itertools

import pytest
from conftest import load_bench


def _bench():
    return load_bench("entities.py", "entities_bench")


bench = _bench()


def assignment(*clusters: str) -> dict[str, int]:
    """{mention: cluster number} from strings of one-letter mentions: assignment("abc", "de")."""
    return {m: n for n, cluster in enumerate(clusters) for m in cluster}


# Bagga & Baldwin (1998), fig. 2: key {1-5} {6,7} {8-12}; the response merges the last two.
BB_KEY = {**{m: "A" for m in range(1, 6)}, 6: "B", 7: "B", **{m: "C" for m in range(8, 13)}}
BB_RESPONSE = {**{m: "x" for m in range(1, 6)}, **{m: "y" for m in range(6, 13)}}
# Pradhan et al. (2014), section 3: twinless mentions e (key only) and h, i (response only).
P14_KEY = assignment("abc", "defg")
P14_RESPONSE = assignment("ab", "cd", "fghi")


# --- MUC ------------------------------------------------------------------------------------


def test_muc_vilain_split_chain():
    """Vilain et al. (1995): key {A B C D}, response {A B} {C D}: R = (4-2)/(4-1), P = 1."""
    t = bench.muc(assignment("ABCD"), assignment("AB", "CD"))
    assert t.recall == pytest.approx(2 / 3)
    assert t.precision == pytest.approx(1.0)
    assert t.f1 == pytest.approx(0.8)


def test_muc_bagga_baldwin():
    """Every key chain is kept whole (R = 9/9); the response has 10 links, 9 right."""
    t = bench.muc(BB_KEY, BB_RESPONSE)
    assert t.recall == pytest.approx(1.0)
    assert t.precision == pytest.approx(9 / 10)


def test_muc_twinless_mentions():
    """Pradhan et al. (2014): R = (1 + 1) / (2 + 3), P = (1 + 0 + 1) / (1 + 1 + 3)."""
    t = bench.muc(P14_KEY, P14_RESPONSE)
    assert (t.recall, t.precision) == pytest.approx((0.4, 0.4))


def test_muc_singletons_have_no_links():
    t = bench.muc(assignment("a", "b"), assignment("a", "b"))
    assert (t.r_den, t.p_den) == (0, 0)
    assert t.f1 == 0.0


# --- B-cubed --------------------------------------------------------------------------------


def test_b_cubed_bagga_baldwin():
    """P = (5·1 + 2·2/7 + 5·5/7) / 12 = 16/21; recall perfect."""
    t = bench.b_cubed(BB_KEY, BB_RESPONSE)
    assert t.precision == pytest.approx(16 / 21)
    assert t.recall == pytest.approx(1.0)


def test_b_cubed_twinless_mentions():
    """R = (2/3+2/3+1/3 + 1/4+0+2/4+2/4) / 7 = 5/12; P = (1+1 + 1/2+1/2 + 2/4+2/4+0+0) / 8."""
    t = bench.b_cubed(P14_KEY, P14_RESPONSE)
    assert t.recall == pytest.approx(5 / 12)
    assert t.precision == pytest.approx(0.5)
    assert t.f1 == pytest.approx(2 * (5 / 12) * 0.5 / (5 / 12 + 0.5))


def test_b_cubed_all_in_one_cluster():
    """One response cluster over key {a b} {c d}: each mention's precision is 2/4."""
    t = bench.b_cubed(assignment("ab", "cd"), assignment("abcd"))
    assert (t.precision, t.recall) == pytest.approx((0.5, 1.0))


# --- CEAF-e ---------------------------------------------------------------------------------


def test_ceaf_e_bagga_baldwin():
    """φ4: {1-5}↔x = 1, {8-12}↔y = 2·5/12; Σ = 11/6 over 3 key and 2 response entities."""
    t = bench.ceaf_e(BB_KEY, BB_RESPONSE)
    assert t.recall == pytest.approx(11 / 18)
    assert t.precision == pytest.approx(11 / 12)


def test_ceaf_e_twinless_mentions():
    """Pradhan et al. (2014): best alignment abc↔ab (0.8) + defg↔fghi (0.5): R 0.65, P 1.3/3."""
    t = bench.ceaf_e(P14_KEY, P14_RESPONSE)
    assert t.recall == pytest.approx(0.65)
    assert t.precision == pytest.approx(1.3 / 3)


def test_ceaf_e_needs_the_optimal_not_the_greedy_alignment():
    """K1 = {a b c}, K2 = {d}; R1 = {a b d}, R2 = {c}.

    φ(K1,R1) = 4/6, φ(K1,R2) = 2/4, φ(K2,R1) = 2/4, φ(K2,R2) = 0. Greedy pairs K1↔R1 (0.667)
    and stops; the optimal alignment K1↔R2 + K2↔R1 scores 1.0.
    """
    t = bench.ceaf_e(assignment("abc", "d"), assignment("abd", "c"))
    assert t.r_num == pytest.approx(1.0)
    assert t.recall == pytest.approx(0.5)


def test_perfect_response_scores_one():
    key = assignment("abc", "de", "f")
    for metric in (bench.muc, bench.b_cubed, bench.ceaf_e):
        t = metric(key, dict(key))
        assert (t.precision, t.recall) == pytest.approx((1.0, 1.0))


def test_conll_f1_is_the_mean_of_the_three():
    expected = (0.4 + 2 * (5 / 12) * 0.5 / (5 / 12 + 0.5) + 2 * 0.65 * (1.3 / 3) / (0.65 + 1.3 / 3)) / 3
    assert bench.conll_f1(P14_KEY, P14_RESPONSE) == pytest.approx(expected)


def test_tallies_sum_over_documents():
    """Micro-averaging: numerators and denominators add up."""
    t = bench.muc(assignment("ABCD"), assignment("AB", "CD")) + bench.muc(P14_KEY, P14_RESPONSE)
    assert t.recall == pytest.approx((2 + 2) / (3 + 5))


# --- assignment solver ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "best"),
    [
        ([[3, 2], [2, 0]], 4),  # greedy takes 3 and is left with 0
        ([[1, 5, 3]], 5),
        ([[1], [5], [3]], 5),
        ([[0.5, 0.4, 0.0], [0.45, 0.0, 0.0], [0.0, 0.3, 0.2]], 0.4 + 0.45 + 0.2),  # greedy: 0.8
        ([], 0),
    ],
)
def test_max_weight_matching(weights, best):
    assert bench.max_weight_matching(weights) == pytest.approx(best)


def test_max_weight_matching_against_brute_force():
    weights = [[7, 3, 9, 1], [8, 6, 2, 5], [4, 9, 8, 3], [2, 7, 6, 9]]
    brute = max(sum(weights[i][p[i]] for i in range(4)) for p in itertools.permutations(range(4)))
    assert bench.max_weight_matching(weights) == pytest.approx(brute)


# --- purity ---------------------------------------------------------------------------------


def test_purity_manning_example():
    """Manning, Raghavan & Schütze (2008), fig. 16.4: purity (5 + 4 + 3) / 17 ≈ 0.71."""
    labels, clusters = {}, {}
    contents = {1: "xxxxxo", 2: "xoooo*", 3: "xx***"}
    for cluster, members in contents.items():
        for n, label in enumerate(members):
            labels[(cluster, n)] = label
            clusters[(cluster, n)] = cluster
    assert bench.purity(clusters, labels) == pytest.approx(12 / 17)
    # inverse: x has 8 mentions, 5 together; o 5, 4 together; * 4, 3 together
    assert bench.purity(labels, clusters) == pytest.approx(12 / 17)


def test_purity_and_inverse_purity_differ():
    """One cluster over two identities: purity 1/2, every identity whole (inverse purity 1)."""
    clusters = {1: "c", 2: "c", 3: "c", 4: "c"}
    labels = {1: "Apple_Inc.", 2: "Apple_Inc.", 3: "Apple_Corps", 4: "Apple_Corps"}
    assert bench.purity(clusters, labels) == pytest.approx(0.5)
    assert bench.purity(labels, clusters) == pytest.approx(1.0)
    assert bench.harmonic(0.5, 1.0) == pytest.approx(2 / 3)


def test_purity_counts_only_labelled_mentions():
    clusters = {1: "c", 2: "c", 3: "d"}
    labels = {1: "A", 3: "B"}  # mention 2 has no identity
    assert bench.purity(clusters, labels) == pytest.approx(1.0)
    assert bench.purity({}, {}) == 0.0


# --- spans ----------------------------------------------------------------------------------


def test_span_prf_exact_and_typed():
    gold = {("d", 0, 5, "person"), ("d", 10, 15, "place")}
    predicted = {("d", 0, 5, "person"), ("d", 10, 15, "person"), ("d", 20, 25, "place")}
    t = bench.span_prf(gold, predicted)
    assert (t.precision, t.recall) == pytest.approx((1 / 3, 1 / 2))
    assert t.f1 == pytest.approx(0.4)


def test_align_prefers_identical_spans_then_heads():
    # "Airbus parent EADS": gold "Airbus" (0-6) and the whole phrase, headed by "EADS" (14-18)
    gold = [(0, 6, 0, 6), (0, 18, 14, 18)]
    assert bench.align([(0, 6), (14, 18)], gold) == {0: 0, 1: 1}
    assert bench.align([(0, 18)], gold) == {0: 1}  # holds both heads; the identical span wins


def test_align_is_one_to_one():
    gold = [(0, 10, 6, 10)]
    assert bench.align([(6, 10), (0, 10)], gold) == {1: 0}


def test_align_inside_a_mention_of_the_same_kind():
    """'Apple CEO Steve Jobs' with its head on 'CEO': 'Steve Jobs' pairs only as a PERSON."""
    gold = [(0, 20, 6, 9)]
    assert bench.align([(10, 20)], gold) == {}
    assert bench.align([(10, 20)], gold, lambda i, j: True) == {0: 0}
    assert bench.align([(10, 20)], gold, lambda i, j: False) == {}


# --- readers --------------------------------------------------------------------------------


def _token(form: str, entity: str = "") -> object:
    return bench._Token(form, "PROPN", "NNP", -1, entity)


def test_gum_entity_brackets():
    """Nested, single-token and hyphenated identities (GUM's CoNLL-U `Entity=` column)."""
    tokens = [
        _token("the", "(1-organization-new-sssss-cf1-2-coref-The_Coca-Cola_Company"),
        _token("Coca-Cola", "(2-object-new-sssss-cf2-1-sgl)"),
        _token("Company", "1)"),
        _token("Atlanta", "(3-place-new-sssss-cf3-1-coref-Atlanta)"),
    ]
    found = {(a, b, f[0], f[1], f[7] if len(f) > 7 else "") for a, b, f in bench.gum_mentions(tokens)}
    assert found == {
        (0, 2, "1", "organization", "The_Coca-Cola_Company"),
        (1, 1, "2", "object", ""),
        (3, 3, "3", "place", "Atlanta"),
    }


def test_meantime_text_detokenises_and_keeps_offsets():
    sentences = [
        ["Apple", "'s", "iPhone"],
        ["March", "01", ",", "2008"],
        ["``", "Wal", "-", "Mart", "''", "(", "WMT", ")", "."],
    ]
    text, offsets = bench.meantime_text(sentences)
    assert text == 'Apple\'s iPhone\n\nMarch 01, 2008\n\n"Wal-Mart" (WMT).'
    assert text[slice(*offsets[(2, 6)])] == "WMT"
    assert text[slice(*offsets[(0, 2)])] == "iPhone"


def test_calibration_counts_entities_per_kind_and_smooths_towards_the_overall_share():
    from entities import calibration

    links = [("e1", "same_name", True), ("e1", "same_name", False), ("e2", "same_name", True),
             ("e3", "acronym_corpus", True)]
    rows = {kind: (n, r, p) for kind, n, r, p in calibration({"X": (links, {}, {}, 0)})}
    assert rows["same_name"][:2] == (2, 1)  # e1 holds one wrong merge: wrong as a whole
    overall = 2 / 3
    assert rows["same_name"][2] == round((1 + 2 * overall) / 4, 3)
    assert rows["surname_dominant"] == (0, 0, round(overall, 3))  # never seen: the overall share


def test_judged_links_skip_unaligned_sides_and_local_chains_of_other_documents():
    from entities import judged_links
    from storyline.entity_merge import Link

    class Index:
        links = [
            Link("a", "same_name", (("d1", 0, 5),), (("d2", 0, 5),)),
            Link("b", "same_name", (("d1", 9, 12),), (("d3", 0, 3),)),  # one side unaligned
            Link("c", "same_name", (("d1", 20, 25),), (("d2", 20, 25),)),  # two documents' own chains
            Link("d", "table", (("d1", 30, 32),), (("d2", 30, 32),)),
        ]

    identity = {("d1", 0, 5): "Q1", ("d2", 0, 5): "Q1", ("d1", 9, 12): "Q2",
                ("d1", 20, 25): "d1#4", ("d2", 20, 25): "d2#7", ("d1", 30, 32): "Q3", ("d2", 30, 32): "Q4"}
    found, entities = judged_links(Index(), identity)
    assert found == [("a", "same_name", True), ("d", "table", False)]
    assert entities == {"a": True, "d": False}
