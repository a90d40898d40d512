"""The HTTP API over a store: answers, pagination, filters, errors, and the security rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyline.errors import UsageError
from storyline.api import brief as run_brief
from storyline.server import app_for_store, check_binding


@pytest.fixture(scope="module")
def client(tmp_path_factory, seed_dir) -> TestClient:
    out = tmp_path_factory.mktemp("served")
    run_brief([str(seed_dir)], out)
    return TestClient(app_for_store(out / "storyline.duckdb"))


def test_brief_overview_and_security_headers(client):
    response = client.get("/api/brief")
    assert response.status_code == 200
    body = response.json()
    assert body["counts"]["articles"] == 5 and body["summary"] and body["schema"] == "storyline.brief/1"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_stories_are_paged_and_one_story_has_its_parts(client):
    first = client.get("/api/stories", params={"limit": 1}).json()
    assert first["total"] == 2 and len(first["items"]) == 1 and first["limit"] == 1
    story = first["items"][0]
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["story"]["id"] == story["id"]
    assert {a["id"] for a in detail["articles"]} == set(story["articles"])
    assert detail["key_actors"] and detail["events"]
    assert client.get("/api/stories/nope").status_code == 404


def test_entity_search_and_detail(client):
    found = client.get("/api/entities", params={"q": "lavrov"}).json()
    assert found["total"] >= 1
    lavrov = found["items"][0]
    assert "Lavrov" in lavrov["name"]
    detail = client.get(f"/api/entities/{lavrov['id']}").json()
    assert detail["quotes"] and all(q["speaker"] == lavrov["id"] for q in detail["quotes"])
    assert detail["co_occurring"]
    assert client.get("/api/entities", params={"q": "zzzz-nobody"}).json()["total"] == 0


def test_quote_and_event_filters(client):
    quotes = client.get("/api/quotes", params={"speaker": "Lavrov", "q": "irony"}).json()
    assert quotes["total"] >= 1 and all("irony" in q["text"].lower() for q in quotes["items"])
    events = client.get("/api/events", params={"type": "disapprove"}).json()
    assert events["total"] >= 1 and {e["type"] for e in events["items"]} == {"DISAPPROVE"}
    dated = client.get("/api/events", params={"since": "2008-02-17", "until": "2008-02-17"}).json()
    assert dated["items"] and all(e["date"].startswith("2008-02-17") for e in dated["items"])
    assert client.get("/api/events", params={"since": "last week"}).status_code == 422
    assert client.get("/api/events", params={"limit": 10_000}).status_code == 422


def test_article_with_its_spans(client):
    story = client.get("/api/stories").json()["items"][0]
    article = client.get(f"/api/articles/{story['articles'][0]}").json()
    text = article["article"]["text"]
    assert article["mentions"] and all(text[m["start"] : m["end"]] for m in article["mentions"])
    assert all(text[q["start"] : q["end"]] == q["text"] for q in article["quotes"])
    assert client.get("/api/articles/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_binding_off_loopback_needs_a_token():
    check_binding("127.0.0.1", None)
    check_binding("localhost", None)
    check_binding("::1", None)
    check_binding("0.0.0.0", "secret")
    with pytest.raises(UsageError, match="--token"):
        check_binding("0.0.0.0", None)
    with pytest.raises(UsageError):
        check_binding("192.168.1.20", "")


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    from storyline.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.duckdb"), "--host", "0.0.0.0"]) == 2


def test_api_docs_are_served_without_any_other_host(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "<script>" not in page.text  # no inline script
    for src in ("/assets/swagger/swagger-ui-bundle.js", "/assets/swagger/swagger-ui.css", "/assets/docs.js"):
        assert src in page.text and client.get(src).status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/openapi.json").json()["info"]["title"] == "Storyline"


def _wait(client, job_id, seconds=120):
    import time

    deadline = time.time() + seconds
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} still running")


def test_added_articles_are_analysed_in_the_background_and_appear(tmp_path, seed_dir):
    import json

    out = tmp_path / "store"
    run_brief([str(next(seed_dir.iterdir()))], out)  # one seed article
    client = TestClient(app_for_store(out / "storyline.duckdb", token="s3cret"))
    before = client.get("/api/brief").json()["counts"]["articles"]
    lines = [json.dumps({"id": "up-1", "title": "Serbia recalls envoy", "published": "2008-02-18",
                         "text": "Serbia recalled its ambassador from Washington on Monday after the "
                                 "United States recognised Kosovo's independence, the ministry said."}),
             '{"id": "up-2"}', "not json"]
    body = "\n".join(lines).encode()
    assert client.post("/api/articles", content=body).status_code == 401  # no token
    assert client.post("/api/articles", content=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    started = client.post("/api/articles", content=body, headers={"Authorization": "Bearer s3cret"})
    assert started.status_code == 202 and started.headers["location"].startswith("/api/jobs/")
    job = _wait(client, started.json()["id"])
    assert job["state"] == "done" and job["new"] == 1
    assert {s["reason"] for s in job["skipped"]} >= {"missing 'text'"} and len(job["skipped"]) == 2
    assert client.get("/api/brief").json()["counts"]["articles"] == before + 1
    article = client.get("/api/articles/up-1").json()
    assert article["article"]["title"] == "Serbia recalls envoy" and article["story"]
    assert client.post("/api/articles", content=b"  ", headers={"Authorization": "Bearer s3cret"}).status_code == 400


def test_uploads_over_the_limit_are_refused(tmp_path, seed_dir, monkeypatch):
    from storyline.server import app as app_module

    out = tmp_path / "store"
    run_brief([str(next(seed_dir.iterdir()))], out)
    monkeypatch.setattr(app_module, "MAX_UPLOAD_BYTES", 100)
    client = TestClient(app_for_store(out / "storyline.duckdb"))
    assert client.post("/api/articles", content=b"x" * 101).status_code == 413


def test_search_finds_sentences_by_their_words(client):
    found = client.get("/api/search", params={"q": "irony"}).json()
    assert found["total"] >= 1
    hit = found["items"][0]
    article = client.get(f"/api/articles/{hit['article']}").json()["article"]
    assert article["text"][hit["start"] : hit["end"]].startswith(hit["text"][:40])
    assert "irony" in hit["text"].lower() and hit["story"]
    stemmed = client.get("/api/search", params={"q": "denouncing"}).json()  # Porter stems: denounced
    assert any("denounce" in h["text"].lower() for h in stemmed["items"])
    assert client.get("/api/search", params={"q": "zzqxq"}).json()["total"] == 0
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "'; DROP TABLE sentences; --"}).status_code == 200


def test_the_web_app_is_served_from_this_server_only(client):
    page = client.get("/")
    assert page.status_code == 200 and '<main id="main"' in page.text
    assert "<script>" not in page.text and " style=" not in page.text  # the CSP forbids inline code
    for asset in ("/assets/app.js", "/assets/app.css"):
        body = client.get(asset)
        assert body.status_code == 200
        assert "http://" not in body.text.replace("http://www.w3.org/2000/svg", "") and "https://" not in body.text
    script = client.get("/assets/app.js").text
    assert ".innerHTML" not in script  # text from the store only ever enters as text nodes
    assert client.get("/api/brief").json()["report_confidence"] == 0.8
    assert all("days" in s for s in client.get("/api/stories").json()["items"])


def test_an_upload_big_enough_for_worker_processes_is_analysed(tmp_path, seed_dir):
    """The job's process starts the analysis's worker pool (a daemonic one could not)."""
    import json

    from storyline.analysis import BATCH_SIZE

    out = tmp_path / "store"
    run_brief([str(next(seed_dir.iterdir()))], out)
    client = TestClient(app_for_store(out / "storyline.duckdb"))
    lines = [json.dumps({"id": f"bulk-{n}", "text": f"Report {n}: Serbia recalled its ambassador from "
                         f"Washington on Monday, the ministry said, in protest number {n}."})
             for n in range(2 * BATCH_SIZE + 1)]
    job = client.post("/api/articles", content="\n".join(lines).encode()).json()
    done = _wait(client, job["id"], seconds=240)
    assert done["state"] == "done", done["error"]
    assert done["new"] + done["duplicates"] == len(lines)  # near-copies are stored as duplicates


@pytest.fixture(scope="module")
def two_run_store(tmp_path_factory, seed_dir):
    """The seeds stored in two runs (three articles, then two)."""
    out = tmp_path_factory.mktemp("two-runs")
    seeds = sorted(seed_dir.glob("*.txt"))
    run_brief([str(p) for p in seeds[:3]], out)
    run_brief([str(p) for p in seeds[3:]], out)
    return out / "storyline.duckdb"


def test_whats_new_counts_from_the_previous_run_or_a_given_time(two_run_store, client):
    api = TestClient(app_for_store(two_run_store))
    latest = api.get("/api/changes").json()
    assert len(latest["articles"]) == 2 and latest["new_stories"] + latest["growing_stories"]
    everything = api.get("/api/changes", params={"since": "2000-01-01", "limit": 3}).json()
    assert len(everything["articles"]) == 5
    assert everything["events"]["total"] > 3 and len(everything["events"]["items"]) == 3
    assert api.get("/api/changes", params={"since": "soon"}).status_code == 422
    assert client.get("/api/changes").json() is None  # one run: nothing to compare with


def test_watches_need_the_token_list_matches_and_have_an_atom_feed(two_run_store):
    import feedparser

    api = TestClient(app_for_store(two_run_store, token="s3cret"))
    asked = {"kind": "phrase", "value": "Kosovo"}
    assert api.post("/api/watches", json=asked).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    made = api.post("/api/watches", json=asked, headers=auth)
    assert made.status_code == 201 and made.json()["matches"] > 0 and made.json()["new"] == 0
    watch_id = made.json()["id"]
    assert api.post("/api/watches", json={"kind": "type", "value": "dance"}, headers=auth).status_code == 422
    matches = api.get(f"/api/watches/{watch_id}", params={"limit": 5}).json()["matches"]
    assert matches["total"] == made.json()["matches"] and len(matches["items"]) == 5
    feed = api.get(f"/api/watches/{watch_id}/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and parsed.feed.title == "Storyline watch: phrase Kosovo"
    assert len(parsed.entries) == min(50, matches["total"])
    assert all(e.link.startswith("http://testserver/#/article/") and e.id.startswith("urn:storyline:")
               for e in parsed.entries)
    # saved in the store: a new server over it has the watch
    assert [w["id"] for w in TestClient(app_for_store(two_run_store)).get("/api/watches").json()] == [watch_id]
    assert api.delete(f"/api/watches/{watch_id}").status_code == 401
    assert api.delete(f"/api/watches/{watch_id}", headers=auth).status_code == 204
    assert api.get(f"/api/watches/{watch_id}").status_code == 404


def test_places_and_the_map_shapes(client):
    story = client.get("/api/stories").json()["items"][0]
    places = client.get("/api/places", params={"story": story["id"]}).json()
    assert places and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    assert any(p["name"] == "Belgrade" for p in client.get("/api/places").json())
    assert client.get("/api/places", params={"story": "nope"}).status_code == 404
    world = client.get("/api/world").json()
    assert len(world["land"]) > 100 and len(world["borders"]) > 100
    # the Balkans are drawn: a border point near Kosovo
    assert any(19 < lon < 23 and 41 < lat < 44 for line in world["borders"] for lon, lat in line)
