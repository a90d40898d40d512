"""Closed word classes shared by several modules, and the loaders of the open ones.

Closed classes (entity label sets, pronouns, honorifics, negations) are short and fixed, so they
live here as constants; open classes (role nouns, and the tables `actors` reads) are data files
under `storyline/data/`. A module that needs one of these reads it from here, never a copy.
"""

from __future__ import annotations

from importlib import resources

# spaCy entity labels, grouped by what the modules do with them.
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")  # kept as entities
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # may speak, act or hold a stance
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})  # actors that are not one person
PLACE_LABELS = frozenset({"GPE", "LOC"})

# Third-person pronouns by agreement (the coreference resolver needs gender and number).
MASCULINE = frozenset("he him his himself".split())
FEMININE = frozenset("she her hers herself".split())
NEUTER = frozenset("it its itself".split())
PLURAL = frozenset("they them their theirs themselves".split())
FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())

# Pronouns, by what they can refer to.
PERSON_PRONOUNS = frozenset("he she him her his".split())
GROUP_PRONOUNS = frozenset("it they them its their".split())
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Every pronoun a speaker or actor may be written as; never shown as a name.
PRONOUNS = (MASCULINE | FEMININE | NEUTER | PLURAL | FIRST_PERSON | RELATIVE_PRONOUNS
            | frozenset("you your this these those".split()))

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Double quotation marks (single ones double as apostrophes): a span holding one quotes someone.
DOUBLE_QUOTES = "\"“”"
# Subjects that make a remark general, not a report of an act ("anyone who cannot condemn …").
GENERIC_SUBJECTS = frozenset({"anyone", "anybody", "everyone", "everybody", "whoever"})


def read_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file under `storyline/data/`: comments after '#' and
    blank lines skipped, every data table of the package read the same way."""
    text = resources.files("storyline.data").joinpath(name).read_text(encoding="utf-8")
    rows = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return [row.split("\t") for row in rows if row.strip()]


def read_words(name: str) -> frozenset[str]:
    """The words of a word-list file under `storyline/data/` (comments after '#' ignored)."""
    return frozenset(word for row in read_rows(name) for cell in row for word in cell.split())


def read_classes(name: str) -> dict[str, frozenset[str]]:
    """The words of a two-column data file (word, class) by class."""
    classes: dict[str, set[str]] = {}
    for word, cls in read_rows(name):
        classes.setdefault(cls, set()).add(word)
    return {cls: frozenset(words) for cls, words in classes.items()}


def _verb_classes() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].split(",")) for row in read_rows("reporting_verbs.tsv")}


# Reporting verbs (lemma -> the constructions it attributes content through; the classes are
# documented in `data/reporting_verbs.tsv`). Quotes read all of them; other modules ask for one
# class with `verbs_with` ("speech": say, tell, warn ...).
REPORTING_VERBS = _verb_classes()


def verbs_with(cls: str) -> frozenset[str]:
    """The reporting verbs that have construction class `cls`."""
    return frozenset(verb for verb, classes in REPORTING_VERBS.items() if cls in classes)


# Nouns naming a person by office or role ("minister", "spokesman", "senator").
ROLE_NOUNS = read_words("role_nouns.txt")
# Words that, in front of a role noun, belong to the title ("Foreign Minister", "Vice President").
ROLE_MODIFIERS = frozenset("foreign defence defense interior finance vice state".split())
