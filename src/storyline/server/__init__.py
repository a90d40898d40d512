"""`storyline serve`: the HTTP API (and, to come, the web app) over a store."""

from storyline.server.app import app_for_store, check_binding, create_app
from storyline.server.catalogue import Catalogue

__all__ = ["Catalogue", "app_for_store", "check_binding", "create_app"]
