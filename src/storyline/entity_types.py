"""What a named-entity span is: a name at all (junk rules) and which type (evidence rules).

The statistical NER is right more often than any rule we can write without evidence, so its
label stands unless something positive contradicts it:

- an organisation's head word ends the name ("British Airways", "Munich Re", "Trump
  Organization"): ORG (`data/org_suffixes.txt`);
- our tables know the whole form as a country or an organisation: GPE or ORG;
- a personal title or honorific stands right before the name ("Chancellor Olaf Scholz",
  "Mr. Trump"): PERSON.

Junk is recognised by its form, never by a list of strings: lower-case words ("heifers"), a
hyphenated adjective ("ex-Soviet", "trans-Atlantic"), tokens glued together by a lost line
break or markup ("Jeff FlakeRep", "BushASSOCIATED"), a person's "name" holding a possessive
("Pandora's Box"). Capitals in a title-case line (a headline) say nothing: a span there is
kept only when the article writes the same name, or a part of it, in running text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.tokens import Span

from storyline.lexicon import HONORIFICS, ROLE_MODIFIERS, ROLE_NOUNS, read_words
from storyline.nlp import doc_tokens, per_doc, sentence_end, sentence_starts

# English prefixes that make adjectives of names ("ex-Soviet", "anti-Trump", "trans-Atlantic").
ADJECTIVE_PREFIXES = frozenset(
    "ex anti pro non post pre trans pan neo mid pseudo quasi semi sub super ultra inter intra "
    "cross counter multi over under".split()
)
# Two words glued by a lost line break or markup: "FlakeRep" (lower then upper), "BushASSOCIATED"
# (lower then a capital run), "PRESSOhio" (a capital run then a capitalised word), "paranoia,”Clinton".
_GLUED_CAPS = re.compile(r"[a-z][A-Z]{2}|[A-Z]{4,}[a-z]{2}")
_GLUED_PUNCT = re.compile(r"[a-z][,;:”“\"—–]+[A-Za-z0-9]")
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
# A title-case sentence: at least this many of its common words capitalised, and this share.
HEADLINE_MIN_CAPITALISED = 2
HEADLINE_SHARE = 0.6
_MINOR_WORDS = frozenset("a an the and or of in on at to for by with from as but vs nor".split())


@lru_cache(maxsize=1)
def org_suffixes() -> frozenset[str]:
    return read_words("org_suffixes.txt")


def is_org_name(words: list[str]) -> bool:
    """Whether a name of several words ends in an organisation's head word."""
    return len(words) >= 2 and words[-1].lower().rstrip(".") in org_suffixes() and words[-1][:1].isupper()


def is_junk(span: Span, words_in_doc: set[str]) -> bool:
    """Whether a span the NER found is no name: see the module docstring.

    `words_in_doc` holds the document's token texts (for the glued-token check: "FlakeRep" is
    glued when "Flake" or "Rep" also stands alone in the text).
    """
    if not any(ch.isupper() or ch.isdigit() for t in span for ch in t.text):
        return True  # "heifers", "the administration"
    if not span.text[:1].isalnum():
        return True  # a token glued to the punctuation before it ("-Cruz", "]Clinton")
    first_word, *rest = span.text.split()
    if _adjective_prefix(first_word) and (first_word[:1].islower() or not rest and span.root.pos_ == "ADJ"):
        return True  # "ex-Soviet", "trans-Atlantic sea", "Anti-Trump"; not "Trans-Dniester"
    if any(_glued(t.text, words_in_doc) for t in span):
        return True
    if span.label_ == "PERSON" and any(t.tag_ == "POS" for t in span[:-1]):
        return True  # "Pandora's Box"
    return False


def _adjective_prefix(word: str) -> bool:
    prefix, dash, rest = word.partition("-")
    return bool(dash) and prefix.lower() in ADJECTIVE_PREFIXES and rest[:1].isupper()


def _glued(word: str, words_in_doc: set[str]) -> bool:
    if _GLUED_CAPS.search(word) or _GLUED_PUNCT.search(word):
        return True
    parts = _CAMEL.split(word)
    return len(parts) == 2 and (parts[0] in words_in_doc or parts[1] in words_in_doc)


def in_title_case_line(span: Span, lowercase: set[str]) -> bool:
    """Whether the span lies in a sentence written in title case (a headline, a menu entry):
    among the sentence's common words (words the article also writes in lower case; function
    words and the first word aside), most are capitalised. Running text writes its common
    words in lower case whatever names it holds; a headline capitalises them ("Trump Says He's
    Unlikely To Have A Good Relationship")."""
    doc = span.doc
    starts = sentence_starts(doc)
    k = bisect_right(starts, span.start) - 1
    cache: dict[int, bool] = per_doc(doc, "storyline.title_case", dict)
    found = cache.get(k)
    if found is None:
        common = capitalised = 0
        tokens = doc_tokens(doc)
        for i in range(starts[k] + 1, sentence_end(doc, k)):
            token = tokens[i]
            word = token.lower_
            if not token.is_alpha or tokens[i - 1].text in (".", "“", '"', "‘", "'", ":"):
                continue  # a sentence or a quotation opens
            if word in _MINOR_WORDS:
                # Running text never capitalises "In" or "To" inside a sentence; a headline does.
                common += token.text[:1].isupper()
                capitalised += token.text[:1].isupper()
                continue
            if word not in lowercase:
                continue
            common += 1
            capitalised += token.text[:1].isupper()
        found = cache[k] = capitalised >= HEADLINE_MIN_CAPITALISED and capitalised >= HEADLINE_SHARE * common
    return found


def titled(span: Span) -> bool:
    """Whether a personal title or honorific stands right before the span ("Mr.", "Senator",
    "Foreign Minister"), written in capitals as titles are."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    word = before.lower_.rstrip(".")
    if word in HONORIFICS:
        return True
    return before.text[:1].isupper() and (word in ROLE_NOUNS or word in ROLE_MODIFIERS) and before.pos_ != "VERB"


def evidence_label(span: Span, country: bool, organisation: bool, place: bool) -> str:
    """The span's label after the evidence: the model's label unless something positive says
    otherwise. `country`/`organisation`: our tables know the whole form; `place`: the
    gazetteer knows it as a capital or a city (only read for one-word names)."""
    label = span.label_
    words = [t.text for t in span]
    if country and label in ("PERSON", "ORG", "NORP", "FAC", "LOC"):
        return "GPE" if label != "NORP" else label
    if organisation and label in ("PERSON", "GPE", "NORP", "LOC", "FAC"):
        return "ORG"
    if is_org_name(words) and label in ("PERSON", "NORP"):
        return "ORG"  # not a place's: "Soviet Union", "Kansas City" keep the model's label
    if place and label in ("ORG", "PERSON") and len(span) == 1 and not titled(span):
        return "GPE"
    if label in ("ORG", "GPE", "NORP", "LOC", "FAC") and titled(span) and not (country or organisation):
        if all(t.pos_ == "PROPN" for t in span) and not is_org_name(words):
            return "PERSON"
    return label
