"""`nlp.lemma`: the rule lemmatizer's candidates read by English spelling."""

from __future__ import annotations

import pytest

from storyline.nlp import lemma


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Christie hopes that it works.", "hopes", "hope"),
        ("Sanders hoped that it would work.", "hoped", "hope"),
        ("They taped the show.", "taped", "tape"),
        ("The rabbit hopped away.", "hopped", "hop"),
        ("They planned the rally.", "planned", "plan"),
    ],
)
def test_lemma_follows_english_spelling(nlp, sentence: str, word: str, expected: str) -> None:
    token = next(t for t in nlp(sentence) if t.text == word)
    assert lemma(token) == expected
