"""Where the benchmarks find the evaluation datasets (never inside the repository)."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dataset_dir(*parts: str) -> Path:
    """`$STORYLINE_DATA/parts…`, else `../shared/datasets/parts…` beside the repository."""
    base = Path(os.environ.get("STORYLINE_DATA", ROOT.parent / "shared" / "datasets"))
    return base.joinpath(*parts)


def timeline17_records(limit: int, skip: int = 0, seed: int = 13) -> list[dict]:
    """Timeline17 articles as JSON Lines records (id, text with tokens joined back, published,
    title), shuffled with `seed`; `limit` of them after the first `skip`."""
    records = []
    for topic in sorted(dataset_dir("timeline17").iterdir()):
        if not (topic / "articles.json").exists():
            continue
        for item in sorted(json.loads((topic / "articles.json").read_text("utf-8")), key=lambda x: int(x["uid"])):
            text = re.sub(r" ([,.;:!?%)])", r"\1", item["text"].replace("-LRB-", "(").replace("-RRB-", ")"))
            if text.strip():
                records.append({"id": f"{topic.name}-{item['uid']}", "text": text, "published": item["dct"],
                                "title": text.split(". ")[0][:120]})
    random.Random(seed).shuffle(records)
    return records[skip : skip + limit]
