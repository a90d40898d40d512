"""PLOVER event coding: `find_events(doc, article_id, dates, published)` per article."""

from storyline.events.arguments import domestic_target
from storyline.events.coder import article_countries, code_sentence, find_events

__all__ = ["article_countries", "code_sentence", "domestic_target", "find_events"]
