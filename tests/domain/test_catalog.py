"""Catalog parsing, validation errors, round trip and the 一件事 material merge."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hallclient.domain.catalog import (
    ItemKind,
    ServiceTarget,
    catalog_to_dict,
    load_catalog,
    parse_catalog,
)
from hallclient.domain.errors import NotFoundError, ValidationError


def _doc() -> dict[str, Any]:
    """A small but complete catalog: two departments, three items, one bundle."""
    return {
        "format": "hallclient-catalog",
        "format_version": 1,
        "catalog_version": "2026.11.1",
        "hall": {"code": "DEMO", "name": "示范县政务服务中心"},
        "departments": [
            {"code": "SCJG", "name": "县市场监督管理局"},
            {"code": "XF", "name": "县消防救援大队"},
        ],
        "materials": [
            {"key": "resident_id_card", "name": "居民身份证", "e_license_type": "居民身份证"},
            {"key": "business_license", "name": "营业执照", "e_license_type": "营业执照"},
            {"key": "premises_proof", "name": "经营场所使用证明", "e_license_type": None},
            {"key": "form_a", "name": "个体工商户登记申请书"},
            {"key": "form_b", "name": "食品经营许可申请书"},
            {"key": "health_certificates", "name": "从业人员健康证明"},
            {"key": "bundle_form", "name": "联办申请表"},
        ],
        "items": [
            {
                "code": "SCJG-001",
                "name": "个体工商户设立登记",
                "department": "SCJG",
                "kind": "immediate",
                "promised_days": 0,
                "legal_days": 3,
                "fee": 0,
                "legal_basis": "《市场主体登记管理条例》第十九条",
                "online": True,
                "targets": ["person"],
                "aliases": ["办营业执照"],
                "materials": [
                    {"key": "form_a", "core": True, "originals": 1},
                    {"key": "resident_id_card", "core": True, "originals": 1, "copies": 1},
                    {
                        "key": "premises_proof",
                        "core": False,
                        "copies": 1,
                        "deficiency_allowed": True,
                        "notes": "租赁合同",
                    },
                ],
            },
            {
                "code": "SCJG-006",
                "name": "食品经营许可证核发",
                "department": "SCJG",
                "kind": "promised",
                "promised_days": 5,
                "legal_days": 10,
                "fee": 12.5,
                "legal_basis": "《中华人民共和国食品安全法》第三十五条",
                "online": True,
                "materials": [
                    {"key": "form_b", "core": True, "originals": 1},
                    {"key": "business_license", "core": True, "copies": 1},
                    {"key": "resident_id_card", "core": True, "copies": 2, "e_license_type": None},
                    {
                        "key": "premises_proof",
                        "core": False,
                        "originals": 1,
                        "copies": 1,
                        "deficiency_allowed": False,
                        "notes": "产权证明",
                    },
                    {"key": "health_certificates", "core": False, "copies": 1, "deficiency_allowed": True},
                ],
            },
            {
                "code": "XF-001",
                "name": "公众聚集场所投入使用、营业前消防安全检查",
                "department": "XF",
                "kind": "promised",
                "promised_days": 3,
                "legal_days": 10,
                "fee": 0,
                "legal_basis": "《中华人民共和国消防法》第十五条",
                "online": False,
                "materials": [
                    {"key": "business_license", "core": True, "copies": 2},
                    {"key": "health_certificates", "core": False, "copies": 3, "deficiency_allowed": True},
                ],
            },
        ],
        "bundles": [
            {
                "code": "YJS-003",
                "name": "开餐馆一件事",
                "items": ["SCJG-001", "SCJG-006", "XF-001"],
                "promised_days": 5,
                "produced_materials": ["business_license"],
                "extra_materials": [{"key": "bundle_form", "core": True, "originals": 1}],
            }
        ],
    }


def _error(doc: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_catalog(doc)
    return info.value


def test_parse_builds_typed_catalog_with_lookups() -> None:
    catalog = parse_catalog(_doc())
    item = catalog.item("SCJG-006")
    assert item.kind is ItemKind.PROMISED and item.kind.label == "承诺件"
    assert item.fee_yuan == Decimal("12.5")
    assert catalog.item("SCJG-001").targets == (ServiceTarget.PERSON,)
    # targets default to both when absent
    assert set(item.targets) == {ServiceTarget.PERSON, ServiceTarget.ORGANISATION}
    # item materials inherit the shared name and e-licence type unless they say otherwise
    assert item.material("business_license").e_license_type == "营业执照"
    assert item.material("resident_id_card").e_license_type is None
    assert item.material("resident_id_card").name == "居民身份证"
    assert catalog.department("XF").name == "县消防救援大队"
    assert [i.code for i in catalog.items_of_department("SCJG")] == ["SCJG-001", "SCJG-006"]
    assert catalog.hall is not None and catalog.hall.code == "DEMO"
    assert catalog.find_item("NOPE") is None
    with pytest.raises(NotFoundError):
        catalog.item("NOPE")
    with pytest.raises(NotFoundError):
        catalog.bundle("SCJG-001")


def test_hall_address_and_phone_are_optional_and_kept() -> None:
    # A catalog from before the fields loads with neither.
    hall = parse_catalog(_doc()).hall
    assert hall is not None and (hall.address, hall.phone) == ("", "")
    doc = _doc()
    doc["hall"].update(address=" 示范县人民路1号市民服务中心一楼 ", phone="0123-4567890 ")
    catalog = parse_catalog(doc)
    assert catalog.hall is not None
    assert catalog.hall.address == "示范县人民路1号市民服务中心一楼"
    assert catalog.hall.phone == "0123-4567890"
    document = catalog_to_dict(catalog)
    assert document["hall"]["address"] == "示范县人民路1号市民服务中心一楼"
    assert parse_catalog(json.loads(json.dumps(document, ensure_ascii=False))) == catalog


@pytest.mark.parametrize(
    ("name", "value"), [("phone", 1234567890), ("phone", None), ("address", ["示范县", "人民路1号"])]
)
def test_hall_address_or_phone_of_the_wrong_type_is_named(name: str, value: Any) -> None:
    doc = _doc()
    doc["hall"][name] = value
    error = _error(doc)
    assert error.code == "catalog_invalid"
    assert error.field == f"catalog.hall.{name}"
    assert f"catalog.hall.{name}" in error.message and "应为字符串" in error.message


def test_round_trip_through_dict_and_json() -> None:
    catalog = parse_catalog(_doc())
    document = catalog_to_dict(catalog)
    assert parse_catalog(json.loads(json.dumps(document, ensure_ascii=False))) == catalog
    assert document["items"][1]["fee"] == 12.5


def test_bundle_merge_strictest_requirement_wins() -> None:
    catalog = parse_catalog(_doc())
    bundle = catalog.bundle("YJS-003")
    merged = catalog.materials_for_bundle(bundle)
    keys = [m.key for m in merged]
    # each key once, in order of first appearance; the produced 营业执照 is not asked for
    assert keys == [
        "form_a",
        "resident_id_card",
        "premises_proof",
        "form_b",
        "health_certificates",
        "bundle_form",
    ]
    by_key = {m.key: m for m in merged}
    id_card = by_key["resident_id_card"]
    assert (id_card.originals, id_card.copies) == (1, 2)
    # one item wants the paper: the merged material does not accept the e-licence
    assert id_card.e_license_type is None
    premises = by_key["premises_proof"]
    assert (premises.originals, premises.copies) == (1, 1)
    # allowed by one item, not by the other: not allowed
    assert premises.deficiency_allowed is False and premises.core is False
    assert premises.notes == "租赁合同；产权证明"
    health = by_key["health_certificates"]
    assert health.copies == 3 and health.deficiency_allowed is True
    assert catalog.material_sources(bundle)["health_certificates"] == ("SCJG-006", "XF-001")
    assert catalog.material_sources(bundle)["bundle_form"] == ("YJS-003",)


def test_merge_core_anywhere_makes_core_and_drops_deficiency() -> None:
    doc = _doc()
    doc["items"][2]["materials"].append({"key": "premises_proof", "core": True, "copies": 1})
    doc["items"][0]["materials"][2]["deficiency_allowed"] = True
    doc["items"][1]["materials"][3]["deficiency_allowed"] = True
    catalog = parse_catalog(doc)
    merged = {m.key: m for m in catalog.materials_for_bundle(catalog.bundle("YJS-003"))}
    assert merged["premises_proof"].core is True
    assert merged["premises_proof"].deficiency_allowed is False


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["items", 0, "department"], "GA", ["SCJG-001", "未定义的部门 GA"]),
        (["items", 1, "code"], "SCJG-001", ["SCJG-001", "重复"]),
        (["items", 1, "promised_days"], 11, ["SCJG-006", "承诺时限 11", "法定时限 10"]),
        (
            ["items", 0, "materials", 0, "deficiency_allowed"],
            True,
            ["SCJG-001", "form_a", "主要材料不能容缺"],
        ),
        (
            ["items", 0, "materials", 0, "key"],
            "no_such_material",
            ["SCJG-001", "未定义的材料 no_such_material"],
        ),
        (["bundles", 0, "produced_materials"], ["ghost"], ["YJS-003", "未定义的材料 ghost"]),
        (["bundles", 0, "extra_materials", 0, "key"], "ghost", ["YJS-003", "未定义的材料 ghost"]),
        (["bundles", 0, "items"], ["SCJG-001", "GA-404"], ["YJS-003", "未定义的事项 GA-404"]),
        (["bundles", 0, "items"], ["SCJG-001"], ["YJS-003", "至少包含两个事项"]),
        (["bundles", 0, "code"], "XF-001", ["XF-001", "重复"]),
        (["bundles", 0, "promised_days"], 11, ["YJS-003", "最长法定时限 10"]),
        (["format_version"], 2, ["format_version", "不支持的版本 2"]),
        (["format_version"], True, ["format_version"]),
        (["format"], "something-else", ["format"]),
        (["items", 0, "promised_days"], 1, ["SCJG-001", "即办件"]),
        (["items", 1, "promised_days"], 0, ["SCJG-006", "承诺件"]),
        (["items", 0, "kind"], "urgent", ["SCJG-001", "kind"]),
        (["items", 0, "fee"], -1, ["SCJG-001", "fee", "负数"]),
        (["items", 0, "fee"], 1.234, ["SCJG-001", "fee", "两位小数"]),
        (["items", 0, "fee"], "免费", ["SCJG-001", "fee"]),
        (["items", 0, "online"], "yes", ["SCJG-001", "online"]),
        (["items", 0, "legal_days"], 3.0, ["SCJG-001", "legal_days", "整数"]),
        (["items", 0, "legal_basis"], "  ", ["SCJG-001", "legal_basis", "不能为空"]),
        (["items", 0, "targets"], ["company"], ["SCJG-001", "targets"]),
        (["items", 0, "code"], "scjg 001", ["items[0].code", "格式不对"]),
        (["items", 0, "materials"], [], ["SCJG-001", "没有申请材料"]),
        (["items", 0, "materials", 0, "originals"], 0, ["SCJG-001", "form_a", "份数不能都为 0"]),
        (["items", 0, "materials", 1, "copies"], -1, ["SCJG-001", "copies"]),
        (["items", 0, "materials", 1, "e_license_type"], "驾驶证", ["SCJG-001", "电子证照类型", "不一致"]),
        (["departments", 1, "code"], "SCJG", ["SCJG", "部门编码重复"]),
        (["materials", 1, "key"], "resident_id_card", ["resident_id_card", "材料键重复"]),
        (["items"], [], ["没有事项"]),
    ],
)
def test_validation_errors_name_the_bad_item_and_field(
    path: list[Any], value: Any, expected: list[str]
) -> None:
    error = _error(_set(_doc(), path, value))
    for fragment in expected:
        assert fragment in error.message
    assert error.field


def test_duplicate_material_in_one_item_is_rejected() -> None:
    doc = _doc()
    doc["items"][0]["materials"].append({"key": "form_a", "core": True, "originals": 1})
    assert "材料 form_a 重复" in _error(doc).message


def test_missing_field_is_named() -> None:
    doc = _doc()
    del doc["items"][1]["legal_days"]
    error = _error(doc)
    assert "legal_days" in error.message and "缺少此字段" in error.message


def test_parse_does_not_modify_its_input() -> None:
    doc = _doc()
    before = copy.deepcopy(doc)
    parse_catalog(doc)
    assert doc == before


def test_load_catalog_reports_bad_json_with_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    text = json.dumps(_doc(), ensure_ascii=False, indent=2).replace('"legal_days": 3,', '"legal_days": 3,,')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalog(path)
    assert info.value.code == "catalog_json"
    assert info.value.params["line"] == text.splitlines().index('      "legal_days": 3,,') + 1
    # the bad file is left exactly as it was
    assert path.read_text(encoding="utf-8") == text


def test_load_catalog_rejects_other_encodings_and_top_level_arrays(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(json.dumps(_doc(), ensure_ascii=False).encode("gbk"))
    with pytest.raises(ValidationError, match="UTF-8"):
        load_catalog(gbk)
    array = tmp_path / "array.json"
    array.write_text("[]", encoding="utf-8")
    with pytest.raises(ValidationError, match="顶层"):
        load_catalog(array)


def test_load_catalog_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")
    assert load_catalog(path) == parse_catalog(_doc())


def test_material_requirement_text() -> None:
    catalog = parse_catalog(_doc())
    assert catalog.item("SCJG-001").material("resident_id_card").requirement_text == "原件1份、复印件1份"
    assert catalog.item("XF-001").material("business_license").requirement_text == "复印件2份"
