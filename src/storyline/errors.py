"""Storyline's one user-facing error type: what a user can fix, said in one line.

Anything else that escapes a run is a bug; the command line says so and keeps the traceback
in a log file instead of showing it.
"""

from __future__ import annotations


class StorylineError(Exception):
    """A problem the user can act on (a busy store, a bad setting); `exit_code` for the CLI."""

    exit_code = 1


class UsageError(StorylineError):
    """The command or the settings ask for something that cannot work (exit status 2)."""

    exit_code = 2


class StoreBusy(StorylineError):
    """Another process kept the store locked for longer than the run was willing to wait."""
