"""The README's screenshots of the web app, taken with Playwright and the system's Chromium.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots]

Builds a store of the example corpus in two runs (three articles, then two, so that "What's
new" has something to show), saves a phrase watch, serves the store on a free local port and
photographs the pages the README shows.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = (  # file, route, viewport width, what to wait for
    ("stories.png", "/#/", 1100, "main li.card"),
    ("story.png", "/#/story/{story}", 1100, "main h2"),
    ("article.png", "/#/article/{article}/{span}", 1100, "mark#cited"),
    ("entity-phone.png", "/#/entity/{entity}", 375, "main h2"),
    ("whats-new.png", "/#/new", 1100, "main h2"),
    ("map.png", "/#/map", 1100, "svg.map circle"),
    ("watch.png", "/#/watch/{watch}", 1100, "main li.card"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    import uvicorn
    from fastapi.testclient import TestClient
    from playwright.sync_api import sync_playwright

    from storyline.api import brief
    from storyline.server import app_for_store

    chromium = next(p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = sorted((ROOT / "examples" / "kosovo").glob("*.txt"))
        brief([str(p) for p in seeds[:3]], Path(tmp))
        result = brief([str(p) for p in seeds[3:]], Path(tmp))
        app = app_for_store(Path(tmp) / "storyline.duckdb")
        watch = TestClient(app).post("/api/watches", json={"kind": "phrase", "value": "independence"}).json()
        story = max(result.brief.stories, key=lambda s: len(s.articles))
        quote = next(q for q in result.brief.quotes if q.article in story.articles and q.confidence >= 0.8)
        speaker = next(e for e in result.brief.entities if e.id == quote.speaker)
        fill = {"story": story.id, "article": quote.article, "span": f"{quote.start}-{quote.end}",
                "entity": speaker.id, "watch": watch["id"]}
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.1)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for name, route, width, ready in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 800})
                page.goto(f"http://127.0.0.1:{port}" + route.format(**fill))
                page.locator(ready).first.wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=str(args.out / name))
                print("wrote", args.out / name)
            browser.close()
        server.should_exit = True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
