"""Average-link agglomerative clustering with a time gate, on a dense block of similarities.

Two clusters merge while their average pairwise similarity, scaled by how far apart in time
their nearest members are, reaches a threshold. Average link is what the published story
baselines use (TF-IDF with average-link clustering); the time gate keeps reports of a story
years apart from joining on shared words alone, while a story that runs for months still
grows through its members close in time. The result depends only on the set of items and their
order in the matrix, never on the order they arrived in.

Clusters cannot merge when no pair of their items reaches the threshold (an average never
exceeds its largest term), so callers cut the collection into the connected components of the
"similarity ≥ threshold" graph first (`components`) and cluster each one on its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

Gate = Callable[[np.ndarray], np.ndarray]


def components(links: csr_matrix) -> list[list[int]]:
    """Connected components of a (symmetric) link matrix, each sorted, in order of their
    first item."""
    count, labels = connected_components(links, directed=False)
    groups: list[list[int]] = [[] for _ in range(count)]
    for item, label in enumerate(labels):
        groups[label].append(item)
    return sorted(groups, key=lambda group: group[0])


def average_link(similarity: np.ndarray, gaps: np.ndarray, gate: Gate,
                 threshold: float) -> list[list[int]]:
    """Clusters of the items of a square `similarity` block, each sorted, in order of their
    first item. `gaps` holds the time between items (days; NaN where either is undated);
    `gate` turns the gap between two clusters' nearest dated members into a factor in [0, 1]
    on their average similarity (no factor when no pair is dated: an undated item never
    brings two clusters close in time).

    Each step merges the best-scoring pair of clusters (the lower index wins ties), keeping
    for every cluster its best partner so that a step costs a few rows, not the whole block.
    Both arrays are worked in place when they are float64 (a block of a few thousand items
    is tens of megabytes each).
    """
    n = len(similarity)
    sums = np.asarray(similarity, dtype=np.float64)
    np.fill_diagonal(sums, 0.0)
    nearest = np.asarray(gaps, dtype=np.float64)
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]

    def scores(i: int) -> np.ndarray:
        row = sums[i] / (sizes[i] * sizes) * np.nan_to_num(gate(nearest[i]), nan=1.0)
        row[~active] = -1.0
        row[i] = -1.0
        return row

    best_score = np.full(n, -1.0)
    best_partner = np.zeros(n, dtype=np.int64)
    for i in range(n):
        row = scores(i)
        best_partner[i] = int(np.argmax(row)) if n > 1 else i
        best_score[i] = row[best_partner[i]] if n > 1 else -1.0
    while n > 1:
        i = int(np.argmax(best_score))
        if best_score[i] < threshold:
            break
        keep, gone = sorted((i, int(best_partner[i])))
        _merge(sums, nearest, sizes, active, members, keep, gone)
        best_score[gone] = -1.0
        row = scores(keep)
        best_partner[keep] = int(np.argmax(row))
        best_score[keep] = row[best_partner[keep]]
        for k in np.flatnonzero(active):
            if k == keep:
                continue
            if best_partner[k] in (keep, gone):
                own = scores(int(k))
                best_partner[k] = int(np.argmax(own))
                best_score[k] = own[best_partner[k]]
            elif row[k] > best_score[k] or (row[k] == best_score[k] and keep < best_partner[k]):
                best_partner[k], best_score[k] = keep, row[k]
    return sorted((sorted(members[i]) for i in np.flatnonzero(active)), key=lambda m: m[0])


def _merge(sums: np.ndarray, nearest: np.ndarray, sizes: np.ndarray, active: np.ndarray,
           members: list[list[int]], keep: int, gone: int) -> None:
    """Fold cluster `gone` into `keep`: summed similarities add, the nearest gap is the smaller
    known one."""
    sums[keep] += sums[gone]
    sums[:, keep] += sums[:, gone]
    sums[keep, keep] = 0.0
    np.fmin(nearest[keep], nearest[gone], out=nearest[keep])
    nearest[:, keep] = nearest[keep]
    sizes[keep] += sizes[gone]
    active[gone] = False
    members[keep].extend(members[gone])
