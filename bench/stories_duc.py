"""Story clustering on DUC 2004's document clusters, with the TF-IDF average-link baseline.

    .venv/bin/python bench/stories_duc.py [DUC_DIR]   (default: $STORYLINE_DATA/duc2004)

Each of the 25 development clusters (10 wire articles of 1998 on one news event, picked by NIST
annotators) is one gold story; the articles are read as bench/summary_duc.py reads them (one
sentence per line, dated by their document id) and grouped with the table of
bench/story_scoring.py. Nothing of the story clustering was tuned on these clusters: this is
the confirmation on full articles that no setting was chosen on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchdata import dataset_dir
from story_scoring import print_table
from summary_duc import load_cluster


def main(root: Path) -> None:
    analyses, gold = [], {}
    for cluster in sorted(p for p in (root / "docs").iterdir() if p.is_dir()):
        for analysis in load_cluster(cluster):
            analyses.append(analysis)
            gold[analysis.article.id] = cluster.name
    print(f"{len(analyses)} articles in {len(set(gold.values()))} clusters")
    print_table(analyses, gold)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else dataset_dir("duc2004"))
