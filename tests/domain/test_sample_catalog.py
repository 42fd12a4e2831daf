"""The shipped sample catalog validates and is as rich as issue 2 asks."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from hallclient.domain.catalog import (
    Catalog,
    ItemKind,
    catalog_to_dict,
    load_sample_catalog,
    parse_catalog,
    sample_catalog_path,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


def test_sample_catalog_counts(catalog: Catalog) -> None:
    assert len(catalog.items) >= 60
    used_departments = {item.department_code for item in catalog.items}
    assert len(used_departments) >= 12
    assert used_departments == {d.code for d in catalog.departments}
    names = {bundle.name for bundle in catalog.bundles}
    for required in ("企业开办一件事", "新生儿出生一件事", "开餐馆一件事", "不动产登记+水电气过户一件事"):
        assert required in names


def test_sample_catalog_covers_the_hall_departments(catalog: Catalog) -> None:
    names = " ".join(d.name for d in catalog.departments)
    for word in (
        "市场监督",
        "不动产",
        "社会保险",
        "医疗保障",
        "公积金",
        "公安",
        "税务",
        "住房和城乡建设",
        "交通运输",
    ):
        assert word in names
    for word in ("民政", "卫生健康", "人力资源", "自然资源", "残疾人", "退役军人"):
        assert word in names


def test_sample_items_are_realistic(catalog: Catalog) -> None:
    kinds = Counter(item.kind for item in catalog.items)
    assert kinds[ItemKind.IMMEDIATE] >= 10 and kinds[ItemKind.PROMISED] >= 10
    names = {item.name for item in catalog.items}
    for expected in (
        "个体工商户设立登记",
        "有限责任公司设立登记",
        "食品经营许可证核发",
        "不动产转移登记（二手房买卖）",
        "城乡居民基本养老保险参保登记",
        "住房公积金提取（购房）",
        "出生登记",
        "内地居民结婚登记",
        "道路普通货物运输经营许可",
        "建筑工程施工许可证核发",
    ):
        assert expected in names
    materials = [m for item in catalog.items for m in item.materials]
    assert any(m.deficiency_allowed for m in materials)
    assert any(m.e_license_type for m in materials)
    assert any(m.condition for m in materials)
    assert not any(m.core and m.deficiency_allowed for m in materials)
    assert any(item.fee_yuan > 0 for item in catalog.items)
    for item in catalog.items:
        assert item.legal_basis.startswith("《"), item.code
        assert any(m.core for m in item.materials), item.code


def test_bundles_merge_each_material_once(catalog: Catalog) -> None:
    for bundle in catalog.bundles:
        merged = catalog.materials_for_bundle(bundle)
        keys = [m.key for m in merged]
        assert len(keys) == len(set(keys)), bundle.code
        assert not set(bundle.produced_materials) & set(keys)
        per_item = sum(len(item.materials) for item in catalog.bundle_items(bundle))
        assert len(merged) < per_item + len(bundle.extra_materials), bundle.code


def test_restaurant_bundle_does_not_ask_for_the_licence_it_produces(catalog: Catalog) -> None:
    bundle = next(b for b in catalog.bundles if b.name == "开餐馆一件事")
    item_names = {item.name for item in catalog.bundle_items(bundle)}
    assert {"个体工商户设立登记", "食品经营许可证核发"} <= item_names
    food = next(i for i in catalog.bundle_items(bundle) if i.name == "食品经营许可证核发")
    assert "business_license" in {m.key for m in food.materials}
    assert "business_license" not in {m.key for m in catalog.materials_for_bundle(bundle)}


def test_sample_hall_has_the_address_and_phone_printed_on_its_documents(catalog: Catalog) -> None:
    assert catalog.hall is not None
    assert catalog.hall.name == "示范县政务服务中心"
    assert catalog.hall.address.startswith("示范县") and catalog.hall.phone


def test_sample_round_trips(catalog: Catalog) -> None:
    assert parse_catalog(catalog_to_dict(catalog)) == catalog


def test_sample_file_is_the_documented_format() -> None:
    data = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    assert data["format"] == "hallclient-catalog"
    assert data["format_version"] == 1
    assert data["catalog_version"]
