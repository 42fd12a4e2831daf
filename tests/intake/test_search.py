"""Catalog search: names, 事项编码, pinyin initials, full pinyin, departments, bundles, ranking."""

from __future__ import annotations

import dataclasses

import pytest

from hallclient.domain.catalog import Catalog, catalog_to_dict, load_sample_catalog, parse_catalog
from hallclient.intake.search import CatalogIndex, HitKind, MatchField, SearchHit


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> CatalogIndex:
    return CatalogIndex(catalog)


def codes(hits: tuple[SearchHit, ...]) -> list[str]:
    return [hit.code for hit in hits]


def test_name_substring_ranks_prefix_before_inside(index: CatalogIndex) -> None:
    hits = index.search("出生")
    assert codes(hits)[:3] == ["GA-001", "WJ-001", "YJS-002"]
    assert [h.rank for h in hits[:3]] == [2, 2, 3]
    assert hits[2].kind is HitKind.BUNDLE and hits[2].highlight == (3, 5)


def test_exact_name_comes_first(index: CatalogIndex) -> None:
    hits = index.search("出生登记")
    assert hits[0].code == "GA-001" and hits[0].rank == 0 and hits[0].highlight == (0, 4)


@pytest.mark.parametrize("typed", ["SCJG-001", "scjg-001", "scjg001", "ＳＣＪＧ－００１", " SCJG 001 "])
def test_exact_code_in_any_spelling(index: CatalogIndex, typed: str) -> None:
    hit = index.search(typed)[0]
    assert (hit.code, hit.rank, hit.matched) == ("SCJG-001", 0, MatchField.CODE)


def test_code_prefix_lists_the_department_in_code_order(index: CatalogIndex, catalog: Catalog) -> None:
    hits = index.search("BDC-00")
    expected = [item.code for item in catalog.items if item.code.startswith("BDC-00")]
    assert codes(hits) == expected and len(expected) >= 5
    assert all(h.rank == 1 and h.matched is MatchField.CODE for h in hits)


def test_pinyin_initials_find_business_licence_items(index: CatalogIndex) -> None:
    hits = index.search("yyzz")
    assert hits[0].name == "营业执照遗失补领"
    assert hits[0].matched is MatchField.INITIALS and hits[0].highlight == (0, 4)
    # the registration items are found through their alias 办营业执照
    assert {"SCJG-001", "SCJG-002"} <= set(codes(hits))


def test_initials_inside_a_name(index: CatalogIndex) -> None:
    hits = index.search("gjjtq")  # 住房公积金提取…
    assert hits and all(h.code.startswith("GJJ-") for h in hits)
    assert hits[0].rank == 6 and hits[0].highlight == (2, 7)


def test_full_pinyin_from_a_syllable_start(index: CatalogIndex) -> None:
    hits = index.search("gongjijin")
    assert {h.code for h in hits} == {f"GJJ-00{n}" for n in range(1, 7)}
    assert all(h.matched is MatchField.PINYIN and h.highlight == (2, 5) for h in hits)
    # spaces and apostrophes are ignored; from the start of the name it ranks as a prefix
    prefix = index.search("zhu'fang gong")
    assert prefix[0].code.startswith("GJJ-") and prefix[0].rank == 5
    # the middle of a syllable is not a match: "ongjijin" is not 公积金
    assert not any(h.code.startswith("GJJ-") for h in index.search("ongjijin"))


def test_polyphones_read_in_context_and_by_other_readings(index: CatalogIndex) -> None:
    # 行驶 reads xingshi in context
    assert "JT-005" in codes(index.search("xingshi"))
    # 重度 is zhongdu; a clerk who types the other reading of 重 still finds it
    assert "MZ-005" in codes(index.search("zhongdu"))
    assert "MZ-005" in codes(index.search("chongdu"))


def test_department_name_finds_its_items(index: CatalogIndex, catalog: Catalog) -> None:
    hits = index.search("民政局", limit=100)
    assert {h.code for h in hits} == {i.code for i in catalog.items_of_department("MZ")}
    assert all(h.matched is MatchField.DEPARTMENT and h.department_name == "县民政局" for h in hits)


def test_bundles_are_searchable(index: CatalogIndex) -> None:
    for typed in ("开餐馆", "kcg", "kaicanguan", "YJS-003"):
        hit = index.search(typed)[0]
        assert hit.code == "YJS-003" and hit.kind is HitKind.BUNDLE, typed
        assert hit.department_code is None
    assert index.search("开饭店")[0].code in {"YJS-003", "SCJG-006"}


def test_aliases_match_what_applicants_say(index: CatalogIndex) -> None:
    hits = index.search("二手房过户")
    assert {"BDC-001", "YJS-004"} <= set(codes(hits))
    assert all(h.matched is MatchField.ALIAS for h in hits if h.code in {"BDC-001", "YJS-004"})


def test_empty_and_unmatched_queries(index: CatalogIndex) -> None:
    assert index.search("") == ()
    assert index.search("   ") == ()
    assert index.search("量子计算机") == ()
    assert index.search("营业执照", limit=0) == ()


@pytest.mark.parametrize("query", ["s", "zh", "she", "an", "y", "j", "登记", "许可", "zhux", "sq", "县"])
def test_limited_results_are_the_top_of_the_full_ranking(index: CatalogIndex, query: str) -> None:
    everything = index.search(query, limit=10_000)
    for limit in (1, 5, 30):
        assert index.search(query, limit=limit) == everything[:limit]
    ranks = [(h.rank) for h in everything]
    assert ranks == sorted(ranks)


def test_hits_are_frozen(index: CatalogIndex) -> None:
    hit = index.search("出生")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.rank = 99  # type: ignore[misc]


def test_index_covers_items_and_bundles(index: CatalogIndex, catalog: Catalog) -> None:
    assert len(index) == len(catalog.items) + len(catalog.bundles)


def test_ascii_in_names_and_rare_characters() -> None:
    document = catalog_to_dict(load_sample_catalog())
    template = document["items"][0]
    document["items"] = [
        {**template, "code": "GA-901", "name": "C1驾驶证初次申领", "aliases": []},
        {**template, "code": "GA-902", "name": "㵘堉村农房登记", "aliases": []},
    ]
    document["bundles"] = []
    index = CatalogIndex(parse_catalog(document))
    assert codes(index.search("c1jsz")) == ["GA-901"]
    assert codes(index.search("C1驾驶")) == ["GA-901"]
    assert index.search("c1")[0].highlight == (0, 2)
    assert codes(index.search("村农房")) == ["GA-902"]
