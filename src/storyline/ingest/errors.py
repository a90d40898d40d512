"""The one exception readers raise for input they cannot use; `read_inputs` turns it into a skip."""

from __future__ import annotations


class InputError(Exception):
    """An input (or part of one) that cannot become an article, with a one-line human reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TruncatedInput(InputError):
    """A container (an archive, a compressed stream) that breaks off: what came before it is kept."""
