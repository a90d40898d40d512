"""The web app in Chromium, as an analyst uses it (Playwright driving Debian's Chromium).

Skipped when Playwright or a Chromium binary is missing (`.ci/run` installs Chromium with apt).
Every request the page makes is recorded: none may go to another host.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from urllib.parse import urlparse

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary (apt install chromium)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_dir):
    import uvicorn

    from storyline.api import brief as run_brief
    from storyline.server import app_for_store

    out = tmp_path_factory.mktemp("app")
    run_brief([str(seed_dir)], out)
    port = _free_port()
    config = uvicorn.Config(app_for_store(out / "storyline.duckdb"), host="127.0.0.1", port=port, log_level="warning")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not web.started and time.time() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(server):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        hosts: set[str] = set()
        tab.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        yield tab
        browser.close()
        assert hosts <= {urlparse(server).netloc}, f"requests to other hosts: {hosts}"
        assert not errors, errors


def test_story_citation_opens_its_sentence_highlighted(page, server):
    page.goto(server + "/")
    page.get_by_role("link", name="Serbia urges UN action on Kosovo").click()
    page.get_by_role("heading", name="Summary").wait_for()
    first = page.locator("main p a.cite").first
    first.click()
    cited = page.locator("mark#cited")
    cited.wait_for()
    assert cited.is_visible() and len(cited.inner_text()) > 20
    assert page.locator("p.legend").is_visible()


def test_actor_page_lists_their_quotes(page, server):
    page.goto(server + "/#/entities?q=Lavrov")
    page.locator("main ul a", has_text="Lavrov").first.click()
    page.get_by_role("heading", name="Said").wait_for()
    said = page.locator("main ul").first.locator("li")
    assert said.count() >= 1 and "“" in said.first.inner_text()


def test_search_a_phrase(page, server):
    page.goto(server + "/#/search")
    page.get_by_role("searchbox").fill("bitter irony")
    page.get_by_role("button", name="Search").click()
    page.locator("main li.card").first.wait_for()
    assert "irony" in page.locator("main li.card").first.inner_text().lower()


def test_upload_a_jsonl_file_and_see_the_article_in_a_story(page, server, tmp_path):
    record = {"id": "upload-1", "title": "Serbia recalls its envoy", "published": "2008-02-18",
              "text": "Serbia recalled its ambassador from Washington on Monday after the United States "
                      "recognised Kosovo's independence, the foreign ministry in Belgrade said. "
                      "A reader wrote <script>alert('x')</script> in the comments."}
    upload = tmp_path / "new.jsonl"
    upload.write_text(json.dumps(record) + "\n", encoding="utf-8")
    page.goto(server + "/#/add")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Add").click()
    page.get_by_text("Added 1 new article").wait_for(timeout=180_000)
    page.goto(server + "/#/article/upload-1")
    page.get_by_role("link", name="its story").wait_for()
    assert "<script>alert('x')</script>" in page.locator(".article-text").inner_text()  # shown as text


def test_story_map_marks_its_places_and_a_place_opens_by_keyboard(page, server):
    page.goto(server + "/")
    page.locator("main li.card a", has_text="Kosovo").first.click()  # the seeds' largest story
    page.get_by_role("heading", name="Places").wait_for()
    dots = page.locator("svg.map circle")
    dots.first.wait_for()
    assert dots.count() >= 3 and page.locator("svg.map path.land").count() == 1
    page.locator("svg.map a").last.focus()  # the most named place, drawn last
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Appears with").wait_for()


def test_pages_fit_a_phone_and_the_menu_works_from_the_keyboard(page, server):
    page.set_viewport_size({"width": 375, "height": 740})
    for route in ("/", "/#/map", "/#/search?q=Kosovo", "/#/entities", "/#/watches", "/#/new", "/#/add"):
        page.goto(server + route)
        page.locator("main h1").wait_for()
        page.wait_for_timeout(300)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{route} is {overflow}px wider than the phone"
    page.goto(server + "/")
    page.locator("main li.card").first.wait_for()
    page.locator("a.brand").focus()
    for _ in range(2):  # Stories, What's new
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "What's new"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="What's new").wait_for()


def test_a_saved_watch_lists_its_matches_with_a_feed(page, server):
    page.goto(server + "/#/watches")
    page.get_by_role("combobox", name="Watch kind").select_option("phrase")
    page.get_by_role("textbox", name="Name, event type or phrase").fill("independence")
    page.get_by_role("button", name="Watch").click()
    page.get_by_role("heading", name="phrase: independence").wait_for()
    matches = page.locator("main li.card")
    assert matches.count() >= 1 and "independence" in matches.first.inner_text().lower()
    feed = page.get_by_role("link", name="Atom feed")
    assert "/feed.atom" in feed.get_attribute("href")
