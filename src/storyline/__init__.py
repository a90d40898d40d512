"""Storyline: from a pile of news articles to a sourced, structured brief.

    import storyline
    brief = storyline.analyze(["text of one article", {"id": "a2", "text": "..."}])
    with storyline.Store("news.duckdb") as store:
        store.add(["articles/"])
        print([story.title for story in store.stories()])

`analyze` builds a brief in memory; `Store` keeps articles and analyses in a DuckDB file
between calls; `Settings` holds every setting; `StorylineError` is the one error a user sees.
"""

from storyline import collector

# The collector is paused while Storyline and its dependencies import: they make hundreds of
# thousands of objects that live as long as the process, and it scanned them over three
# hundred times, a tenth of the start-up.
with collector.paused():
    from storyline.api import Item, Store, analyze
    from storyline.errors import StorylineError
    from storyline.model import Brief
    from storyline.settings import Settings

__version__ = "0.1.0"

__all__ = ["Brief", "Item", "Settings", "Store", "StorylineError", "__version__", "analyze"]
