from datasketch import MinHashLSH

from storyline.dedup import (CANDIDATE_THRESHOLD, NUM_PERM, DuplicateIndex, band_keys, find_duplicates,
                             signature)

BASE = (
    "Serbia is recalling its ambassadors from nations that recognise Kosovo's independence, "
    "including Australia and the United States, and has fired off letters of protest. "
    "In Vienna, the Organization for Security and Cooperation in Europe was due to discuss "
    "Kosovo on Thursday, the first day of its two-day parliamentary assembly. "
    "Hundreds of thousands of people were expected to gather in front of the parliament."
)


def test_republished_copy_is_marked_duplicate_of_the_earlier_article():
    copy = BASE.replace("recognise", "recognize") + " Reporting by a wire service."
    duplicates = find_duplicates([("b", copy, "2008-02-22"), ("a", BASE, "2008-02-21")])
    assert duplicates == {"b": "a"}


def test_different_articles_are_not_duplicates():
    other = (
        "Nato said it will send 700 more troops to northern Kosovo to help quell violent "
        "protests after the clashes on Monday, when thirty soldiers were injured in Zvecan."
    )
    assert find_duplicates([("a", BASE, None), ("b", other, None)]) == {}


def test_result_does_not_depend_on_input_order():
    copy = BASE + " Updated."
    items = [("x", BASE, None), ("y", copy, None)]
    assert find_duplicates(items) == find_duplicates(list(reversed(items))) == {"y": "x"}


def test_stored_articles_stay_originals():
    duplicates = find_duplicates([("new", BASE, "2000-01-01")], known=[("old", BASE)])
    assert duplicates == {"new": "old"}


def test_candidates_are_those_datasketchs_lsh_proposes():
    texts = {"base": BASE, "copy": BASE + " Updated.", "half": BASE[: len(BASE) // 2] + " Other words follow here.",
             "other": "Nato said it will send 700 more troops to northern Kosovo after the clashes on Monday."}
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    index = DuplicateIndex()
    for article, text in texts.items():
        lsh.insert(article, signature(text))
        index.add(article, text)
    for text in texts.values():
        assert index.candidates(signature(text)) == set(lsh.query(signature(text)))
    assert set(band_keys(signature(BASE))) & set(band_keys(signature(texts["copy"])))
