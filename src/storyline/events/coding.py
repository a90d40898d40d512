"""An event as the coder reads it from one sentence, before it becomes an `Event` record."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from storyline.events import lexicon as lx


@dataclass
class Coding:
    """An event as read from one sentence, before it becomes an `Event` record."""

    anchor: Token  # the verb whose arguments are the event's actors
    trigger: Token
    entry: lx.Trigger
    type: str
    mode: str | None
    cameo: str
    negated: bool = False
    refusal: bool = False  # a negated act read as a REJECT: its negation is spent
    wrapped: bool = False  # its content (first of `embedded`) is another act: "threatened to …"
    embedded: list[Coding] = field(default_factory=list)
    target_token: Token | None = None  # set where the construction names it ("said X must")
