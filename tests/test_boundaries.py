"""The build's geometry (core/etl/boundaries.py): valid, closed and oriented rings, counties that are the union of their
municipalities, areas measured in EPSG:25833 against the register's, land neighbours, and a simplification that keeps
validity (a property test)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import MultiPoint, box, shape

from core import geometry
from core.etl import boundaries
from core.sources import read


@pytest.fixture(scope="module")
def built():
    """(area rows, neighbour rows, the validated unsimplified municipalities) as the build makes them."""
    features = read("municipality_boundaries")
    rows, pairs = boundaries.geometry_rows(features)
    return rows, pairs, boundaries.municipal_frame(features)


def drawn(rows, level: str) -> dict[str, object]:
    part = rows[rows.area_level == level]
    return {code: shape(json.loads(text)) for code, text in zip(part.area_code, part.geometry, strict=True)}


def register_codes() -> set[str]:
    return {str(code) for code in read("municipality_register").id}


def test_one_drawn_area_per_municipality_and_county(built):
    rows, _, _ = built
    assert set(drawn(rows, "municipality")) == register_codes()
    assert set(drawn(rows, "county")) == {f["properties"]["fylkesnummer"] for f in read("county_boundaries")}


@pytest.mark.parametrize("level", ["municipality", "county"])
def test_every_area_is_valid_with_closed_oriented_rings(built, level):
    rows, _, _ = built
    for code, area in drawn(rows, level).items():
        assert area.is_valid and not area.is_empty, code
        assert area.geom_type in ("Polygon", "MultiPolygon"), code
        for polygon in shapely.get_parts(area):
            rings = [polygon.exterior, *polygon.interiors]
            for ring in rings:
                coordinates = list(ring.coords)
                assert coordinates[0] == coordinates[-1], code  # closed
            assert polygon.exterior.is_ccw, code  # GeoJSON (RFC 7946): exterior counter-clockwise
            assert not any(ring.is_ccw for ring in polygon.interiors), code  # holes clockwise


def test_a_county_is_the_union_of_its_municipalities(built):
    rows, _, _ = built
    municipalities, counties = drawn(rows, "municipality"), drawn(rows, "county")
    for county, outline in counties.items():
        union = shapely.union_all([g for code, g in municipalities.items() if code[:2] == county])
        # the same up to rounding to the drawn grid (1e-5 degrees): a millionth of the county's area
        assert outline.symmetric_difference(union).area <= 1e-6 * union.area, county
    area = rows.set_index(["area_level", "area_code"]).area_km2
    for county in counties:
        parts = [area["municipality", code] for code in municipalities if code[:2] == county]
        assert area["county", county] == pytest.approx(sum(parts))


def test_dissolved_counties_match_kartverkets_county_file(built):
    """A check on the data rather than the code: the dissolved municipalities cover Kartverket's own county polygons
    (the two files are simplified separately, so the match is close, not exact)."""
    rows, _, _ = built
    counties = drawn(rows, "county")
    for feature in read("county_boundaries"):
        published = shapely.make_valid(shape(feature["geometry"]))
        ours = counties[feature["properties"]["fylkesnummer"]]
        overlap = ours.intersection(published).area / ours.union(published).area
        assert overlap > 0.98, feature["properties"]["fylkesnummer"]


def test_areas_match_the_registers_published_areas(built):
    """Areas are measured in EPSG:25833 on the unsimplified polygons. The boundary file keeps 3 % of Kartverket's points
    and drops the smallest islands, so coastal municipalities can lose a share of their islands (Træna: 2.9 of
    16.5 km²); the register's figure is met where the drawing is complete: the whole country, and municipalities with no
    coast or national border (every border shared with a neighbour)."""
    rows, pairs, frame = built
    area = rows[rows.area_level == "municipality"].set_index("area_code").area_km2
    register = read("municipality_register").assign(id=lambda r: r.id.astype(str)).set_index("id").area
    assert area.sum() == pytest.approx(register.sum(), rel=0.01)
    geometries = dict(zip(frame.code, frame.to_crs(boundaries.NATIONAL_PROJECTION).geometry, strict=True))
    neighbours = pairs.groupby("code").neighbour_code.apply(list)
    enclosed = [code for code, g in geometries.items() if code in neighbours and g.boundary.difference(
        shapely.union_all([geometries[n] for n in neighbours[code]]).buffer(1.0)).length == 0]
    assert len(enclosed) >= 50  # a real sample: inland municipalities from Viken to Finnmark
    errors = (area[enclosed] / register[enclosed] - 1).abs()
    assert errors.max() < 0.03, errors.sort_values().tail()
    assert (errors <= 0.01).mean() >= 0.9, errors.sort_values().tail(10)


def test_neighbours_are_symmetric_and_share_a_real_border(built):
    _, pairs, _ = built
    forwards = set(zip(pairs.code, pairs.neighbour_code, strict=True))
    assert forwards == {(b, a) for a, b in forwards}
    assert not any(a == b for a, b in forwards)
    assert (pairs.border_km * 1000 >= boundaries.MIN_SHARED_BORDER_M).all()


def test_corners_that_only_touch_are_not_neighbours(built):
    """Municipalities whose polygons meet in single points (found in the data, not assumed) are not neighbours."""
    _, pairs, frame = built
    forwards = set(zip(pairs.code, pairs.neighbour_code, strict=True))
    projected = frame.to_crs(boundaries.NATIONAL_PROJECTION)
    left, right = projected.sindex.query(projected.geometry, predicate="touches")
    points = [(projected.code[i], projected.code[j]) for i, j in zip(left, right, strict=True)
              if projected.geometry[i].boundary.intersection(projected.geometry[j].boundary).length == 0]
    assert points, "the data has corners meeting in a point"
    assert not forwards & set(points)


def test_known_neighbours_and_islands(built):
    _, pairs, _ = built
    of = pairs.groupby("code").neighbour_code.apply(set)
    assert "3201" in of["0301"]  # Oslo and Bærum share a land border (16.6 km in the boundary file)
    assert "3207" in of["0301"]  # Oslo and Nordre Follo
    for island in ("1144", "1835", "1856", "1857", "4627"):  # Kvitsøy, Træna, Røst, Værøy, Askøy: ferries, bridges
        assert island not in of.index and all(island not in n for n in of), island


def test_stored_geometry_is_what_the_build_makes(built, built_database):
    rows, pairs, _ = built
    for level in ("municipality", "county"):
        collection = geometry.boundaries(level)
        assert [f["id"] for f in collection["features"]] == sorted(rows[rows.area_level == level].area_code)
        assert all(f["properties"]["code"] == f["id"] for f in collection["features"])
    stored = geometry.neighbours()
    assert {(a, b) for a, neighbours in stored.items() for b in neighbours} == set(
        zip(pairs.code, pairs.neighbour_code, strict=True))


# Simplification keeps validity: a random coverage of polygons (Voronoi cells of random points in a square) -----------

@st.composite
def coverages(draw):
    count = draw(st.integers(3, 40))
    seed = draw(st.integers(0, 2**32 - 1))
    points = np.random.default_rng(seed).uniform(0, 1, size=(count, 2))
    square = box(0, 0, 1, 1)
    cells = shapely.voronoi_polygons(MultiPoint([tuple(p) for p in points]), extend_to=square)
    cells = [cell.intersection(square) for cell in shapely.get_parts(cells)]
    return [cell for cell in cells if not cell.is_empty and cell.area > 0]


@given(coverages(), st.floats(1e-4, 0.05))
def test_simplification_keeps_every_area_valid_and_neighbours_touching(cells, tolerance):
    simple = boundaries.simplified(cells, tolerance)
    assert len(simple) == len(cells)
    assert all(g.is_valid and not g.is_empty for g in simple)
    assert all(g.exterior.is_ccw for g in shapely.get_parts(simple))
    for i, a in enumerate(cells):
        for j in range(i + 1, len(cells)):
            if a.boundary.intersection(cells[j].boundary).length > 0.01:  # a border, not a corner
                assert simple[i].intersects(simple[j]), (i, j)
    # still a coverage: no overlaps made (the outline itself is simplified too, so its area may change)
    assert sum(g.area for g in simple) == pytest.approx(shapely.union_all(simple).area, abs=1e-6)
