"""The HTTP API over a store: the brief, stories, entities, quotes, events and articles as JSON
that follows the brief contract, with OpenAPI docs at /docs.

Security: `check_binding` refuses a non-local address without a token; every response carries
a strict Content-Security-Policy and `nosniff`; nothing in a request names a file.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import swagger_ui_bundle
from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from storyline import __version__
from storyline.changes import MAX_WATCH_TEXT, Watch, new_watch, parse_time
from storyline.errors import StoreBusy, UsageError
from storyline.api import Store
from storyline.ingest.sources import MAX_FILE_BYTES
from storyline.server.catalogue import MAX_LIMIT, Catalogue, Page, page
from storyline.server.jobs import Busy, Jobs
from storyline.server.feed import FEED_ENTRIES, atom_feed
from storyline.server.search import SentenceIndex
from storyline.server.world import world_shapes
from storyline.store import Store as StoreRecords
from storyline.store import now
from storyline.settings import REPORT_CONFIDENCE, Settings

LOCAL_HOSTS = frozenset({"localhost"})
STATIC = Path(__file__).resolve().parent / "static"
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Storyline API</title>
<link rel="stylesheet" href="/assets/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/assets/swagger/swagger-ui-bundle.js"></script>
<script src="/assets/docs.js"></script></body></html>
"""
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def is_local(host: str) -> bool:
    """Whether `host` is a loopback address or name."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Binding any address but loopback needs a token: others on the network could read and write."""
    if not is_local(host) and not token:
        raise UsageError(f"binding {host} makes the store reachable from other machines; "
                         "give --token (every write must then carry it) or bind 127.0.0.1")


def load_catalogue(db: Path, settings: Settings) -> Catalogue:
    """The store's brief (built first when articles were stored since it was last built),
    indexed, with its sentences searchable, when each article came, and the saved watches;
    the store is closed again."""
    with Store(db, settings, must_exist=True) as store:
        records = store.records
        sentences = records.sentences()
        catalogue = Catalogue(store.brief(), stored=records.stored_times(), runs=records.runs(),
                              watches=records.watches(), sentences=sentences)
    catalogue.search = SentenceIndex(catalogue.articles, sentences)
    return catalogue


def _json(data: object) -> JSONResponse:
    """Pydantic records (and pages of them) in the brief's field names."""
    return JSONResponse(_plain(data))


def _plain(data: object) -> object:
    if hasattr(data, "model_dump"):
        return data.model_dump(mode="json", by_alias=True)
    if isinstance(data, Page):
        return {"total": data.total, "offset": data.offset, "limit": data.limit, "items": _plain(data.items)}
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


T = TypeVar("T")
MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # one upload, as one input file
WATCH_WAIT = 2.0  # seconds a watch's write waits for the store before answering 409


def create_app(catalogue: Catalogue, token: str | None = None, jobs: Jobs | None = None) -> FastAPI:
    """The API over one catalogue. `token`, when given, is what every write must carry;
    `jobs` (over the store the catalogue came from) makes adding articles and saving watches
    possible."""
    app = FastAPI(title="Storyline", version=__version__, docs_url=None, redoc_url=None,
                  description="A sourced brief of a store of news articles: stories, entities, "
                              "quotes, events, stances, discrepancies; every record points at its sentence.")
    app.state.catalogue = catalogue
    app.state.token = token
    app.state.jobs = jobs

    @app.middleware("http")
    async def secure(request: Request, call_next) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    # The API docs, every file served from here (Swagger UI from its package): no CDN.
    app.mount("/assets/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")

    @app.get("/", include_in_schema=False)
    def web_app() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    def cat() -> Catalogue:
        return app.state.catalogue

    offset_q = Query(0, ge=0)
    limit_q = Query(50, ge=1, le=MAX_LIMIT)

    @app.get("/api/brief", summary="The brief's overview: counts, summary and countries")
    def brief_overview() -> JSONResponse:
        b = cat().brief
        return _json({"schema": b.schema_id, "nlp_model": b.nlp_model, "summary": b.summary,
                      "countries": b.countries, "report_confidence": REPORT_CONFIDENCE,
                      "counts": {"articles": len(b.articles), "entities": len(b.entities),
                                 "quotes": len(b.quotes), "events": len(b.events), "stories": len(b.stories),
                                 "stances": len(b.stances), "discrepancies": len(b.discrepancies)}})

    @app.get("/api/stories", summary="Stories, most recent and largest first, each with its "
                                      "articles per day")
    def stories(offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        found = page(cat().ranked_stories(), offset, limit)
        body = _plain(found)
        for item, story in zip(body["items"], found.items):
            item["days"] = cat().story_days(story)
        return JSONResponse(body)

    @app.get("/api/stories/{story_id}", summary="One story with its articles, events, stances, "
                                                 "discrepancies, timeline and key actors")
    def story(story_id: str) -> JSONResponse:
        return _json(cat().story_detail(_found(cat().stories, story_id, "story")))

    @app.get("/api/entities", summary="Entities, searched by name or alias")
    def entities(q: str | None = None, type: str | None = None,  # noqa: A002 - the API's word
                 offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        return _json(page(cat().find_entities(q, type), offset, limit))

    @app.get("/api/entities/{entity_id}", summary="One entity with its quotes, events, stances "
                                                   "and co-occurring entities")
    def entity(entity_id: str) -> JSONResponse:
        return _json(cat().entity_detail(_found(cat().entities, entity_id, "entity")))

    @app.get("/api/quotes", summary="Quotes, by speaker and by words of the quote")
    def quotes(speaker: str | None = None, q: str | None = None,
               offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        return _json(page(cat().find_quotes(speaker, q), offset, limit))

    @app.get("/api/events", summary="Events, by PLOVER type, actor and date range (ISO days)")
    def events(type: str | None = None, actor: str | None = None,  # noqa: A002
               since: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
               until: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
               offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        return _json(page(cat().find_events(type, actor, since, until), offset, limit))

    @app.post("/api/articles", status_code=202,
              summary="Add articles: a JSON Lines body (or a .jsonl file sent as the body), analysed "
                      "in the background; poll the job it returns")
    async def add_articles(request: Request) -> JSONResponse:
        _authorise(request, app.state.token)
        if app.state.jobs is None:
            raise HTTPException(503, "this server has no store to add to")
        payload = await _body(request, MAX_UPLOAD_BYTES)
        if not payload.strip():
            raise HTTPException(400, "empty body: send JSON Lines, one article a line")
        try:
            job = app.state.jobs.start(payload)
        except Busy as busy:
            raise HTTPException(409, f"{busy}; try again when it is done") from None
        return JSONResponse(job.as_dict(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})

    @app.get("/api/jobs/{job_id}", summary="How far a job adding articles is")
    def job(job_id: str) -> JSONResponse:
        jobs = app.state.jobs.jobs if app.state.jobs is not None else {}
        return JSONResponse(_found(jobs, job_id, "job").as_dict())

    @app.get("/api/search", summary="Sentences holding the words of `q`, best first (BM25)")
    def search(q: str = Query(..., min_length=1, max_length=500),
               offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        index = cat().search
        if index is None:
            raise HTTPException(503, "this server has no search index")
        total, items = index.search(q, offset, limit)
        for item in items:
            found = cat().articles.get(item["article"])
            item["title"] = found.title if found else None
            item["story"] = cat().story_of.get(item["article"])
        return _json(Page(total=total, offset=offset, limit=limit, items=items))

    @app.get("/api/changes", summary="What came since a time (ISO; default: the latest run, when "
                                     "there was an earlier one): new and growing stories, new events, "
                                     "quotes and discrepancies")
    def changes(since: str | None = Query(None, max_length=40), limit: int = limit_q) -> JSONResponse:
        found = cat().changes(_time(since) if since else None)
        if found is None:
            return JSONResponse(None)
        # events, quotes and discrepancies as pages (the first `limit`, with their totals)
        return _json({**{name: getattr(found, name) for name in ("since", "articles", "new_stories",
                                                                  "growing_stories")},
                      **{name: page(getattr(found, name), 0, limit)
                         for name in ("events", "quotes", "discrepancies")}})

    @app.get("/api/places", summary="Places with coordinates and how often they are named "
                                    "(in one story, when given)")
    def places(story: str | None = None) -> JSONResponse:
        chosen = _found(cat().stories, story, "story") if story is not None else None
        return JSONResponse(cat().places(chosen))

    @app.get("/api/world", summary="Land outlines and country borders for the map ([lon, lat] points)")
    def world() -> JSONResponse:
        return JSONResponse(world_shapes(), headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/watches", summary="The saved watches, each with how many matches are new")
    def watches() -> JSONResponse:
        return JSONResponse([_watch_summary(cat(), w) for w in cat().watches.values()])

    @app.post("/api/watches", status_code=201,
              summary="Save a watch: an entity (id or name), an event type, or a phrase")
    def add_watch(request: Request, watch: WatchRequest) -> JSONResponse:
        _authorise(request, app.state.token)
        made = _checked(lambda: new_watch(watch.kind, watch.value, now()))
        _write_watches(app.state.jobs, lambda store: store.add_watch(made))
        cat().watches[made.id] = made
        return JSONResponse(_watch_summary(cat(), made), status_code=201,
                            headers={"Location": f"/api/watches/{made.id}"})

    @app.get("/api/watches/{watch_id}", summary="One watch's matches, newest first")
    def watch(watch_id: str, offset: int = offset_q, limit: int = limit_q) -> JSONResponse:
        found = _found(cat().watches, watch_id, "watch")
        return _json({"watch": found, "matches": page(cat().watch_matches(found), offset, limit)})

    @app.delete("/api/watches/{watch_id}", status_code=204, summary="Forget a watch")
    def remove_watch(request: Request, watch_id: str) -> Response:
        _authorise(request, app.state.token)
        _found(cat().watches, watch_id, "watch")
        _write_watches(app.state.jobs, lambda store: store.remove_watch(watch_id))
        cat().watches.pop(watch_id, None)
        return Response(status_code=204)

    @app.get("/api/watches/{watch_id}/feed.atom", summary="One watch's matches as an Atom feed",
             response_class=Response)
    def watch_feed(request: Request, watch_id: str) -> Response:
        found = _found(cat().watches, watch_id, "watch")
        body = atom_feed(found, cat().watch_matches(found)[:FEED_ENTRIES], str(request.base_url))
        return Response(body, media_type="application/atom+xml")

    @app.get("/api/articles/{article_id}", summary="One article with the spans to highlight")
    def article(article_id: str) -> JSONResponse:
        return _json(cat().article_detail(_found(cat().articles, article_id, "article")))

    return app


class WatchRequest(BaseModel):
    """A watch to save: `kind` is entity, type or phrase."""

    kind: str = Field(max_length=10)
    value: str = Field(max_length=MAX_WATCH_TEXT)


def _watch_summary(catalogue: Catalogue, watch: Watch) -> dict:
    matches = catalogue.watch_matches(watch)
    return {**watch.model_dump(), "matches": len(matches), "new": sum(m.new for m in matches),
            "feed": f"/api/watches/{watch.id}/feed.atom"}


def _checked(make: Callable[[], T]) -> T:
    """`make()`, its `UsageError` answered as a 422 that says why."""
    try:
        return make()
    except UsageError as problem:
        raise HTTPException(422, str(problem)) from None


def _time(text: str) -> str:
    return _checked(lambda: parse_time(text))


def _write_watches(jobs: Jobs | None, change: Callable[[StoreRecords], object]) -> None:
    """Apply `change` to the store the server reads; 409 while a job holds it."""
    if jobs is None:
        raise HTTPException(503, "this server has no store to save watches in")
    try:
        with Store(jobs.db, jobs.settings.with_(wait=WATCH_WAIT), must_exist=True) as store:
            change(store.records)
    except StoreBusy:
        raise HTTPException(409, "the store is busy adding articles; try again when the job is done") from None


def _found(records: Mapping[str, T], key: str, what: str) -> T:
    """The record `key` names, or a 404 saying which."""
    found = records.get(key)
    if found is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return found


def _authorise(request: Request, token: str | None) -> None:
    """A write must carry the server's token (`Authorization: Bearer …`) when it has one."""
    if token is None:
        return
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise HTTPException(401, "this server needs its token for writes: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (counted as it arrives)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is over {limit:,} bytes; send it in parts")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over {limit:,} bytes; send it in parts")
        chunks.append(chunk)
    return b"".join(chunks)


def app_for_store(db: Path, settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """The API over the brief of the store at `db`; articles added over HTTP go into it."""
    settings = settings or Settings()
    app: FastAPI | None = None

    def reload() -> None:
        app.state.catalogue = load_catalogue(db, settings)

    app = create_app(load_catalogue(db, settings), token, Jobs(db, settings, reload))
    return app
