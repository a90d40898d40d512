"""Latency of the HTTP API on a large store, and 20 clients while an upload is analysed.

    .venv/bin/python bench/api_latency.py [--db STORE] [--articles 2000] [--clients 20] [--seconds 60]

Without `--db`, builds (once, then reuses) `out/bench-api/storyline.duckdb` from the first N
Timeline17 articles (`$STORYLINE_DATA/timeline17/*/articles.json`, tokens joined back, each
with its `dct` as publication date) through `storyline.Store`. Then serves the store with
`storyline serve`'s app on a local port and:

1. times 200 requests of each kind one after another — `search` (a word drawn from the
   articles' titles), `story` (a story drawn at random), `entity` (an entity drawn at random)
   — and 50 or 200 of `changes` (everything since 2000), `places` (a story's) and `watch` (the
   matches of a phrase watch saved first) — and prints the median and 95th percentile in
   milliseconds;
2. starts an upload of 20 more articles (a background job) and, while it is analysed, runs
   `--clients` threads for `--seconds` seconds, each requesting stories, stories' pages,
   entities and searches in a loop; prints the requests made, errors (any status but 200 or a
   failed connection), and the latency percentiles under that load.

The draws use a fixed seed, so two runs ask the same questions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from benchdata import timeline17_records
from storyline import Store
from storyline.server import app_for_store

SEED = 13


def build(db: Path, articles: int) -> None:
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        result = store.add(texts=timeline17_records(articles))
    print(f"built {db}: {result.new} articles in {time.perf_counter() - started:.0f} s")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   ({len(ordered)} requests)"


def timed(client: httpx.Client, url: str, out: list[float]) -> int:
    started = time.perf_counter()
    status = client.get(url).status_code
    out.append(1000 * (time.perf_counter() - started))
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("out/bench-api/storyline.duckdb"))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    build(args.db, args.articles)

    started = time.perf_counter()
    app = app_for_store(args.db)
    print(f"catalogue and search index loaded in {time.perf_counter() - started:.1f} s")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(SEED)
    with httpx.Client(base_url=base, timeout=30) as client:
        stories = [s["id"] for s in client.get("/api/stories?limit=200").json()["items"]]
        entities = [e["id"] for e in client.get("/api/entities?limit=200").json()["items"]]
        words = [w for s in client.get("/api/stories?limit=200").json()["items"]
                 for w in re.findall(r"[A-Za-z]{5,}", s["title"])]
        watch = client.post("/api/watches", json={"kind": "phrase", "value": rng.choice(words)}).json()["id"]
        asks = {
            "search": [f"/api/search?q={rng.choice(words)}" for _ in range(200)],
            "story": [f"/api/stories/{rng.choice(stories)}" for _ in range(200)],
            "entity": [f"/api/entities/{rng.choice(entities)}" for _ in range(200)],
            "changes": ["/api/changes?since=2000-01-01" for _ in range(50)],
            "places": [f"/api/places?story={rng.choice(stories)}" for _ in range(200)],
            "watch": [f"/api/watches/{watch}" for _ in range(50)],
        }
        print(f"store: {len(app.state.catalogue.brief.articles)} articles, "
              f"{len(app.state.catalogue.brief.stories)} stories, {app.state.catalogue.search.size} sentences")
        for kind, urls in asks.items():
            samples: list[float] = []
            bad = sum(timed(client, url, samples) != 200 for url in urls)
            print(f"{kind:<7} {percentiles(samples)}   errors {bad}")
        upload = "\n".join(json.dumps(r) for r in timeline17_records(20, skip=args.articles))
        job = client.post("/api/articles", content=upload.encode()).json()
    print(f"upload of 20 articles started (job {job['id']}); {args.clients} clients for {args.seconds:.0f} s")
    loaded: list[float] = []
    errors: list[str] = []
    stop = time.time() + args.seconds

    def clients(seed: int) -> None:
        local = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30) as c:
            while time.time() < stop:
                url = local.choice(["/api/stories", f"/api/stories/{local.choice(stories)}",
                                    f"/api/entities/{local.choice(entities)}", f"/api/search?q={local.choice(words)}"])
                try:
                    if timed(c, url, loaded) != 200:
                        errors.append(url)
                except httpx.HTTPError as error:
                    errors.append(f"{url}: {error}")

    threads = [threading.Thread(target=clients, args=(SEED + n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with httpx.Client(base_url=base, timeout=30) as client:
        state = client.get(f"/api/jobs/{job['id']}").json()
    print(f"under load: {percentiles(loaded)}   errors {len(errors)}")
    print(f"upload job: {state['state']}, stage {state['stage']}, {state['done']} of {state['total']}, new {state['new']}")
    server.should_exit = True


if __name__ == "__main__":
    main()
