"""Crash and resume: a run killed with SIGKILL at random points, several times, then resumed,
writes the same brief, byte for byte, as a run that was never interrupted.

The small version of bench/crash_resume.py (whose harness it runs): the five example articles
plus twenty generated ones (three developing stories) and a wire copy of one of them: 25
articles to analyse in four batches over two worker processes. One run is killed as soon as
its first analyses are stored (the store then holds some but not all), then three rounds are
killed after random delays (stratified over the reference run's time), then the run resumes.
Set STORYLINE_CRASH_SEED to draw other kill times.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, load_bench

pytestmark = pytest.mark.slow

ROUNDS = 3
SEED = int(os.environ.get("STORYLINE_CRASH_SEED", "20240611"))


def _model_installed() -> bool:
    from storyline.nlp import MODEL_CANDIDATES

    return any(importlib.util.find_spec(name) is not None for name in MODEL_CANDIDATES)


# --- a small generated corpus: two stories told over several days -------------------------

FLOOD_TOWNS = [
    ("Osijek", "Croatia", "Drava", "Ivana Maric", "mayor of Osijek"),
    ("Vukovar", "Croatia", "Danube", "Tomislav Babic", "county prefect"),
    ("Novi Sad", "Serbia", "Danube", "Milan Petrovic", "head of the city's emergency office"),
    ("Mohacs", "Hungary", "Danube", "Eszter Nagy", "deputy mayor of Mohacs"),
    ("Slavonski Brod", "Croatia", "Sava", "Davor Kovacevic", "interior minister"),
    ("Sabac", "Serbia", "Sava", "Jelena Ilic", "regional civil protection chief"),
    ("Apatin", "Serbia", "Danube", "Dragan Jovanovic", "mayor of Apatin"),
    ("Sisak", "Croatia", "Kupa", "Ana Juric", "head of the county crisis team"),
]
STRIKE_PORTS = [
    ("Rijeka", "Croatia", "Luka Horvat", "the dockworkers' union", "Adriatic Terminals"),
    ("Koper", "Slovenia", "Maja Zupan", "the port workers' union", "Luka Koper"),
    ("Trieste", "Italy", "Marco Bianchi", "the harbour union", "Trieste Marine Terminal"),
    ("Bar", "Montenegro", "Nikola Vukovic", "the union of port employees", "Port of Bar"),
    ("Ploce", "Croatia", "Ante Rados", "the dockworkers' union", "Ploce Bulk Terminal"),
    ("Durres", "Albania", "Arben Hoxha", "the independent port union", "Durres Container Terminal"),
]
MINES = [
    ("Kakanj", "Bosnia", "Emir Hodzic", "Kakanj Coal Mine"),
    ("Breza", "Bosnia", "Senad Mujic", "Breza Colliery"),
    ("Pljevlja", "Montenegro", "Vesna Radulovic", "Pljevlja Lignite"),
    ("Banovici", "Bosnia", "Adnan Begic", "Banovici Mining"),
    ("Resavica", "Serbia", "Zoran Stankovic", "Resavica Pit"),
    ("Zenica", "Bosnia", "Amra Selimovic", "Zenica Deep Mine"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def flood_article(n: int) -> dict:
    town, country, river, official, role = FLOOD_TOWNS[n]
    day = 3 + 2 * n  # March 2024: the 3rd was a Sunday
    weekday = WEEKDAYS[(day + 5) % 7]
    displaced, dead, level = 1200 + 450 * n, 2 + n, 7.1 + 0.35 * n
    text = (
        f"Floods force {displaced:,} from homes around {town}\n\n"
        f"{town.upper()}, {country} (Wire) - The {river} burst its banks near {town} on {weekday}, "
        f"forcing {displaced:,} people from their homes, officials said.\n\n"
        f'"The river has never risen this fast," said {official}, the {role}. '
        f'"We are asking our neighbours for pumps, boats and sandbags."\n\n'
        f"At least {dead} people have died since the heavy rains began on March 1, according to "
        f"the {country} Red Cross, and the water reached {level:.2f} metres on {weekday} evening.\n\n"
        f"The European Union said it would send rescue teams to {country} within two days. "
        f"Soldiers built a {3 + n} kilometre dyke overnight to protect the hospital in {town}.\n\n"
        f"{official} accused the national water agency of ignoring warnings issued in February. "
        f"The agency denied the claim and said its forecasts had been accurate.\n"
    )
    record = {"id": f"flood-{n:02d}", "text": text, "title": f"Floods force {displaced:,} from homes around {town}"}
    if n % 3 != 2:  # some undated, for the dating and story stages
        record["published"] = f"2024-03-{day:02d}"
    return record


def strike_article(n: int) -> dict:
    port, country, leader, union, company = STRIKE_PORTS[n]
    day = 10 + 3 * n
    ships, share = 14 + 5 * n, 3 + n
    text = (
        f"{port} dockers extend strike over pay\n\n"
        f"Dockworkers in {port} extended their strike for a {n + 2}th day on {WEEKDAYS[n]}, "
        f"leaving {ships} container ships waiting outside the harbour, {union} said.\n\n"
        f'"We will not go back until the company honours the agreement it signed in 2022," '
        f"{leader}, who leads {union}, told reporters in {port}.\n\n"
        f"{company} offered a pay rise of {share} percent on {WEEKDAYS[(n + 2) % 7]}, which the union "
        f"rejected. The {country} transport ministry called on both sides to meet in "
        f"{port} next week and warned that exporters were losing money every day.\n\n"
        f"Police said about {300 + 40 * n} workers marched to the company's offices, where "
        f"they were met by managers who promised to return to talks.\n"
    )
    return {"id": f"strike-{n:02d}", "text": text, "published": f"2024-05-{day:02d}"}


def mine_article(n: int) -> dict:
    town, country, chief, mine = MINES[n]
    trapped, depth, hours = 4 + n, 300 + 60 * n, 20 + 6 * n
    text = (
        f"Rescuers reach {trapped} miners trapped at {mine}\n\n"
        f"Rescue teams reached {trapped} miners trapped {depth} metres underground at {mine} near "
        f"{town} after {hours} hours, the {country} energy ministry said on {WEEKDAYS[(n + 4) % 7]}.\n\n"
        f'"They are exhausted but alive, and we expect to bring them up tonight," said {chief}, '
        f"who leads the rescue service. A methane explosion had blocked the main shaft.\n\n"
        f"Union officials said safety inspections at {mine} had been cut since 2021, a claim the "
        f"company rejected. Prosecutors in {town} opened an investigation into the blast.\n"
    )
    return {"id": f"mine-{n:02d}", "text": text, "published": f"2024-0{7 + n % 2}-{4 + 4 * n:02d}"}


def write_corpus(path: Path) -> Path:
    records = [flood_article(n) for n in range(len(FLOOD_TOWNS))]
    records += [strike_article(n) for n in range(len(STRIKE_PORTS))]
    records += [mine_article(n) for n in range(len(MINES))]
    # A wire copy of the first flood report: marked a duplicate before any analysis is stored.
    wire = dict(records[0], id="flood-00-wire")
    wire["text"] = records[0]["text"] + "\nCopyright 2024 The Wire Agency. All rights reserved.\n"
    records.append(wire)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- the tests ----------------------------------------------------------------------------


def test_generated_corpus_is_distinct_articles(tmp_path):
    lines = write_corpus(tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 21
    assert len({r["id"] for r in records}) == len({r["text"] for r in records}) == 21


def test_killed_runs_resume_to_the_byte_identical_brief(tmp_path):
    if not _model_installed():
        pytest.skip("no spaCy English model installed")
    crash = load_bench("crash_resume.py", "crash_resume_bench")
    corpus = write_corpus(tmp_path / "input" / "articles.jsonl")
    # The same inputs by the same paths in every run; outputs in different folders.
    inputs = [str(Path("examples") / "kosovo"), str(corpus)]
    report = crash.crash_and_resume(
        inputs, tmp_path / "work", rounds=ROUNDS, seed=SEED, processes=2, cwd=ROOT,
        targets=[crash.ANALYSES_STORED],
    )
    table = "\n".join(report.lines())

    for run in [report.reference, *report.rounds, report.resume]:
        assert not run.traceback, f"{run.label} printed a traceback:\n{run.stderr_tail}\n{table}"
        # After every round, killed or not, the store opens and holds no half-stored article.
        assert run.store.error is None, f"{run.label}: store unreadable: {run.store.error}\n{table}"
        assert not run.store.orphans, f"{run.label}: {run.store.orphans}\n{table}"
        if not run.killed:  # the run after a killed one opens the store and finishes
            assert run.returncode in (0, 1), f"{run.label}: exit {run.returncode}\n{run.stderr_tail}\n{table}"
    assert report.resume.returncode == report.reference.returncode == 0, table
    assert report.resume.store.analyses == report.reference.store.analyses, table
    assert report.resume.store.duplicates == report.reference.store.duplicates == 1, table

    assert not report.path_leaks, table
    assert not report.stray_files, table  # no temporary report, WAL or error log left behind
    assert report.identical(("brief.json", "brief.md", "brief.html")), table
