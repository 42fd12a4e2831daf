"""The service catalog (DESIGN §5): departments, service items (事项), materials and 一件事 bundles.

The catalog travels as JSON in the format described in ``docs/catalog-format.md``; the server loads
the same format and the client caches it. ``parse_catalog`` validates everything at once and
raises :class:`ValidationError` naming the item and field at fault, so a bad catalog never gets
half loaded.

Bundle material merge (``Catalog.materials_for_bundle``): the materials of every item of the bundle
plus the bundle's own extra materials, one entry per material ``key`` in order of first appearance,
minus the materials that an item of the bundle produces itself (``produced_materials``, e.g. the
营业执照 of the registration that a 食品经营许可 would otherwise ask for). Where one key is required
by several items, the strictest requirement wins:

* ``originals`` and ``copies``: the maximum over the items;
* ``core``: core if it is core for any item;
* ``deficiency_allowed`` (容缺): only if every item allows it;
* ``e_license_type``: accepted only if every item accepts the electronic licence;
* ``condition``: the material is conditional only if it is conditional for every item (the first
  item's wording is kept); otherwise it is required outright;
* name: the shared definition's name; notes: the distinct notes of the items, joined with "；".
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hallclient.domain.errors import NotFoundError, ValidationError

CATALOG_FORMAT = "hallclient-catalog"
# The one material ``condition`` the intake understands: it holds whenever a case has an 代办人,
# so the power of attorney and the agent's ID card cannot then be ticked 不适用.
AGENT_CONDITION = "委托代理人办理的"
SUPPORTED_FORMAT_VERSIONS = frozenset({1})
CURRENT_FORMAT_VERSION = 1


def conditions_met(*, agent: bool) -> frozenset[str]:
    """The material conditions known to hold for a case: ``AGENT_CONDITION`` when an 代办人 brings it."""
    return frozenset({AGENT_CONDITION}) if agent else frozenset()


# Short hall-level codes ("SCJG-001") as well as the 31-character national 实施编码 fit this.
ITEM_CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,39}$"
_CODE_RE = re.compile(ITEM_CODE_PATTERN)
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_DEPT_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,15}$")


class ItemKind(enum.StrEnum):
    IMMEDIATE = "immediate"
    PROMISED = "promised"

    @property
    def label(self) -> str:
        return "即办件" if self is ItemKind.IMMEDIATE else "承诺件"


class ServiceTarget(enum.StrEnum):
    """Who may apply (服务对象)."""

    PERSON = "person"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return "自然人" if self is ServiceTarget.PERSON else "法人/其他组织"


@dataclass(frozen=True)
class CatalogHall:
    """The hall the catalog was made for. Address and phone are printed in the footer of every case
    document; they travel with the catalog so that the server's one copy reaches every counter."""

    code: str
    name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True)
class MaterialDefinition:
    """A material as the whole catalog knows it; items refer to it by ``key``."""

    key: str
    name: str
    e_license_type: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Material:
    """One material as one item (or a merged bundle) requires it."""

    key: str
    name: str
    core: bool
    originals: int = 0
    copies: int = 0
    deficiency_allowed: bool = False
    e_license_type: str | None = None
    notes: str = ""
    # Only needed in a situation ("委托代理人办理的"); the clerk may then mark it not applicable.
    condition: str | None = None

    @property
    def importance_label(self) -> str:
        return "主要材料" if self.core else "次要材料"

    @property
    def requirement_text(self) -> str:
        """ "原件1份、复印件2份" — how printed notices and the checklist describe the counts."""
        parts = []
        if self.originals:
            parts.append(f"原件{self.originals}份")
        if self.copies:
            parts.append(f"复印件{self.copies}份")
        return "、".join(parts)


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: str
    department_code: str
    kind: ItemKind
    promised_days: int
    legal_days: int
    fee_yuan: Decimal
    legal_basis: str
    online: bool
    materials: tuple[Material, ...]
    targets: tuple[ServiceTarget, ...] = (ServiceTarget.PERSON, ServiceTarget.ORGANISATION)
    fee_note: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def is_free(self) -> bool:
        return self.fee_yuan == 0

    def material(self, key: str) -> Material:
        for material in self.materials:
            if material.key == key:
                return material
        raise NotFoundError(f"事项 {self.code} 没有材料 {key}", code="material_not_found", key=key)


@dataclass(frozen=True)
class Bundle:
    """一件事: several items taken in together with one merged material list."""

    code: str
    name: str
    item_codes: tuple[str, ...]
    promised_days: int
    description: str = ""
    extra_materials: tuple[Material, ...] = ()
    produced_materials: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def kind(self) -> ItemKind:
        return ItemKind.IMMEDIATE if self.promised_days == 0 else ItemKind.PROMISED


@dataclass(frozen=True)
class Catalog:
    catalog_version: str
    departments: tuple[Department, ...]
    material_definitions: tuple[MaterialDefinition, ...]
    items: tuple[ServiceItem, ...]
    bundles: tuple[Bundle, ...] = ()
    hall: CatalogHall | None = None
    format_version: int = CURRENT_FORMAT_VERSION
    _items_by_code: dict[str, ServiceItem] = field(init=False, repr=False, compare=False)
    _bundles_by_code: dict[str, Bundle] = field(init=False, repr=False, compare=False)
    _departments_by_code: dict[str, Department] = field(init=False, repr=False, compare=False)
    _definitions_by_key: dict[str, MaterialDefinition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups are built once; the dataclass stays frozen for everyone else.
        object.__setattr__(self, "_items_by_code", {item.code: item for item in self.items})
        object.__setattr__(self, "_bundles_by_code", {bundle.code: bundle for bundle in self.bundles})
        object.__setattr__(self, "_departments_by_code", {d.code: d for d in self.departments})
        object.__setattr__(self, "_definitions_by_key", {m.key: m for m in self.material_definitions})

    def item(self, code: str) -> ServiceItem:
        found = self._items_by_code.get(code)
        if found is None:
            raise NotFoundError(f"目录中没有事项 {code}", code="item_not_found", item_code=code)
        return found

    def find_item(self, code: str) -> ServiceItem | None:
        return self._items_by_code.get(code)

    def bundle(self, code: str) -> Bundle:
        found = self._bundles_by_code.get(code)
        if found is None:
            raise NotFoundError(f"目录中没有一件事 {code}", code="bundle_not_found", bundle_code=code)
        return found

    def find_bundle(self, code: str) -> Bundle | None:
        return self._bundles_by_code.get(code)

    def department(self, code: str) -> Department:
        found = self._departments_by_code.get(code)
        if found is None:
            raise NotFoundError(f"目录中没有部门 {code}", code="department_not_found", department_code=code)
        return found

    def material_definition(self, key: str) -> MaterialDefinition:
        found = self._definitions_by_key.get(key)
        if found is None:
            raise NotFoundError(f"目录中没有材料 {key}", code="material_not_found", key=key)
        return found

    def items_of_department(self, department_code: str) -> tuple[ServiceItem, ...]:
        return tuple(item for item in self.items if item.department_code == department_code)

    def bundle_items(self, bundle: Bundle) -> tuple[ServiceItem, ...]:
        return tuple(self.item(code) for code in bundle.item_codes)

    def materials_for_bundle(self, bundle: Bundle) -> tuple[Material, ...]:
        """The merged material list of a 一件事 (rules in the module docstring)."""
        return merge_materials(
            [material for item in self.bundle_items(bundle) for material in item.materials]
            + list(bundle.extra_materials),
            definitions=self._definitions_by_key,
            drop_keys=frozenset(bundle.produced_materials),
        )

    def material_sources(self, bundle: Bundle) -> dict[str, tuple[str, ...]]:
        """For each merged material key, the codes of the bundle's items that ask for it."""
        sources: dict[str, list[str]] = {}
        for item in self.bundle_items(bundle):
            for material in item.materials:
                if material.key not in bundle.produced_materials:
                    sources.setdefault(material.key, []).append(item.code)
        for material in bundle.extra_materials:
            sources.setdefault(material.key, []).append(bundle.code)
        return {key: tuple(codes) for key, codes in sources.items()}


def merge_materials(
    materials: Iterable[Material],
    *,
    definitions: Mapping[str, MaterialDefinition],
    drop_keys: frozenset[str] = frozenset(),
) -> tuple[Material, ...]:
    """Merge requirements by key, the strictest winning (see the module docstring)."""
    merged: dict[str, Material] = {}
    for material in materials:
        if material.key in drop_keys:
            continue
        seen = merged.get(material.key)
        if seen is None:
            definition = definitions.get(material.key)
            merged[material.key] = Material(
                key=material.key,
                name=definition.name if definition else material.name,
                core=material.core,
                originals=material.originals,
                copies=material.copies,
                deficiency_allowed=material.deficiency_allowed,
                e_license_type=material.e_license_type,
                notes=material.notes,
                condition=material.condition,
            )
            continue
        notes = seen.notes
        if material.notes and material.notes not in notes.split("；"):
            notes = f"{notes}；{material.notes}" if notes else material.notes
        core = seen.core or material.core
        merged[material.key] = Material(
            key=seen.key,
            name=seen.name,
            core=core,
            originals=max(seen.originals, material.originals),
            copies=max(seen.copies, material.copies),
            deficiency_allowed=seen.deficiency_allowed and material.deficiency_allowed and not core,
            e_license_type=seen.e_license_type if material.e_license_type is not None else None,
            notes=notes,
            condition=seen.condition if material.condition is not None else None,
        )
    return tuple(merged.values())


# ---------------------------------------------------------------------------------------------
# Parsing and validation


class _Reader:
    """Reads one JSON object with error messages that say where in the catalog the problem is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping):
            raise ValidationError(f"{where}：应为对象", code="catalog_invalid", field=where)
        self.data = data
        self.where = where

    def _fail(self, name: str, problem: str) -> ValidationError:
        path = f"{self.where}.{name}"
        return ValidationError(f"{path}：{problem}", code="catalog_invalid", field=path)

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str) -> Any:
        if name not in self.data:
            raise self._fail(name, "缺少此字段")
        return self.data[name]

    def text(self, name: str, *, default: str | None = None, allow_empty: bool = False) -> str:
        if name not in self.data and default is not None:
            return default
        value = self.raw(name)
        if not isinstance(value, str):
            raise self._fail(name, "应为字符串")
        value = value.strip()
        if not value and not allow_empty:
            raise self._fail(name, "不能为空")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self._fail(name, "应为非空字符串或 null")
        return value.strip()

    def integer(self, name: str, *, minimum: int = 0, default: int | None = None) -> int:
        if name not in self.data and default is not None:
            return default
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(name, "应为整数")
        if value < minimum:
            raise self._fail(name, f"不能小于 {minimum}")
        return value

    def boolean(self, name: str, *, default: bool | None = None) -> bool:
        if name not in self.data and default is not None:
            return default
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self._fail(name, "应为 true 或 false")
        return value

    def money(self, name: str) -> Decimal:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self._fail(name, "应为金额（元）")
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise self._fail(name, "应为金额（元）") from None
        if not amount.is_finite() or amount < 0:
            raise self._fail(name, "金额不能为负数")
        if amount != amount.quantize(Decimal("0.01")):
            raise self._fail(name, "金额最多两位小数")
        return amount

    def array(self, name: str, *, default: Sequence[Any] | None = None) -> list[Any]:
        if name not in self.data and default is not None:
            return list(default)
        value = self.raw(name)
        if not isinstance(value, list):
            raise self._fail(name, "应为数组")
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        values = self.array(name, default=())
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self._fail(name, "应为非空字符串数组")
        return tuple(v.strip() for v in values)

    def code(self, name: str, pattern: re.Pattern[str], shape: str) -> str:
        value = self.text(name)
        if not pattern.match(value):
            raise self._fail(name, f"“{value}”格式不对，应为{shape}")
        return value


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    """Validate a catalog document completely and build the :class:`Catalog`."""
    top = _Reader(data, "catalog")
    if top.raw("format") != CATALOG_FORMAT:
        raise ValidationError(
            f"catalog.format：不是 {CATALOG_FORMAT} 格式", code="catalog_format", field="catalog.format"
        )
    version = top.raw("format_version")
    if version not in SUPPORTED_FORMAT_VERSIONS or isinstance(version, bool):
        raise ValidationError(
            f"catalog.format_version：不支持的版本 {version!r}（支持 {sorted(SUPPORTED_FORMAT_VERSIONS)}）",
            code="catalog_format_version",
            field="catalog.format_version",
            version=version,
        )
    hall = None
    if top.data.get("hall") is not None:
        hall_reader = _Reader(top.data["hall"], "catalog.hall")
        hall = CatalogHall(
            code=hall_reader.text("code"),
            name=hall_reader.text("name"),
            address=hall_reader.text("address", default="", allow_empty=True),
            phone=hall_reader.text("phone", default="", allow_empty=True),
        )

    departments = _parse_departments(top.array("departments"))
    definitions = _parse_definitions(top.array("materials"))
    department_codes = {d.code for d in departments}
    items: list[ServiceItem] = []
    seen_codes: set[str] = set()
    for index, raw in enumerate(top.array("items")):
        item = _parse_item(raw, index, department_codes, definitions)
        if item.code in seen_codes:
            raise ValidationError(
                f"事项 {item.code}：事项编码重复", code="catalog_invalid", field=f"items[{index}].code"
            )
        seen_codes.add(item.code)
        items.append(item)
    if not items:
        raise ValidationError("catalog.items：目录中没有事项", code="catalog_invalid", field="catalog.items")

    items_by_code = {item.code: item for item in items}
    bundles: list[Bundle] = []
    for index, raw in enumerate(top.array("bundles", default=())):
        bundle = _parse_bundle(raw, index, items_by_code, definitions)
        if bundle.code in seen_codes:
            raise ValidationError(
                f"一件事 {bundle.code}：编码与其他事项或一件事重复",
                code="catalog_invalid",
                field=f"bundles[{index}].code",
            )
        seen_codes.add(bundle.code)
        bundles.append(bundle)

    return Catalog(
        catalog_version=top.text("catalog_version"),
        departments=departments,
        material_definitions=tuple(definitions.values()),
        items=tuple(items),
        bundles=tuple(bundles),
        hall=hall,
        format_version=version,
    )


def _parse_departments(raw_list: list[Any]) -> tuple[Department, ...]:
    departments: list[Department] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_list):
        reader = _Reader(raw, f"departments[{index}]")
        code = reader.code("code", _DEPT_CODE_RE, "大写字母开头的字母数字（最多16位）")
        if code in seen:
            raise ValidationError(
                f"部门 {code}：部门编码重复", code="catalog_invalid", field=f"departments[{index}].code"
            )
        seen.add(code)
        departments.append(Department(code=code, name=reader.text("name")))
    if not departments:
        raise ValidationError("catalog.departments：没有部门", code="catalog_invalid", field="departments")
    return tuple(departments)


def _parse_definitions(raw_list: list[Any]) -> dict[str, MaterialDefinition]:
    definitions: dict[str, MaterialDefinition] = {}
    for index, raw in enumerate(raw_list):
        reader = _Reader(raw, f"materials[{index}]")
        key = reader.code("key", _KEY_RE, "小写字母开头的 snake_case 键")
        if key in definitions:
            raise ValidationError(
                f"材料 {key}：材料键重复", code="catalog_invalid", field=f"materials[{index}].key"
            )
        definitions[key] = MaterialDefinition(
            key=key,
            name=reader.text("name"),
            e_license_type=reader.optional_text("e_license_type"),
            notes=reader.text("notes", default="", allow_empty=True),
        )
    return definitions


def _parse_material(raw: Any, where: str, definitions: Mapping[str, MaterialDefinition]) -> Material:
    reader = _Reader(raw, where)
    key = reader.code("key", _KEY_RE, "小写字母开头的 snake_case 键")
    definition = definitions.get(key)
    if definition is None:
        raise ValidationError(
            f"{where}.key：未定义的材料 {key}（请先在 materials 中定义）",
            code="catalog_unknown_material",
            field=f"{where}.key",
            key=key,
        )
    core = reader.boolean("core")
    deficiency_allowed = reader.boolean("deficiency_allowed", default=False)
    if core and deficiency_allowed:
        raise ValidationError(
            f"{where}（{key}）：主要材料不能容缺", code="catalog_invalid", field=f"{where}.deficiency_allowed"
        )
    originals = reader.integer("originals", default=0)
    copies = reader.integer("copies", default=0)
    if originals + copies == 0:
        raise ValidationError(
            f"{where}（{key}）：原件和复印件份数不能都为 0",
            code="catalog_invalid",
            field=f"{where}.originals",
        )
    # Absent: the shared definition's licence; null: this item wants the paper; a string must agree.
    if reader.has("e_license_type"):
        e_license_type = reader.optional_text("e_license_type")
        if e_license_type is not None and e_license_type != definition.e_license_type:
            raise ValidationError(
                f"{where}（{key}）：电子证照类型“{e_license_type}”与材料定义不一致",
                code="catalog_invalid",
                field=f"{where}.e_license_type",
            )
    else:
        e_license_type = definition.e_license_type
    return Material(
        key=key,
        name=reader.text("name", default=definition.name),
        core=core,
        originals=originals,
        copies=copies,
        deficiency_allowed=deficiency_allowed,
        e_license_type=e_license_type,
        notes=reader.text("notes", default="", allow_empty=True),
        condition=reader.optional_text("condition"),
    )


def _parse_materials(
    raw_list: list[Any], where: str, definitions: Mapping[str, MaterialDefinition]
) -> tuple[Material, ...]:
    materials: list[Material] = []
    for index, raw in enumerate(raw_list):
        material = _parse_material(raw, f"{where}.materials[{index}]", definitions)
        if any(m.key == material.key for m in materials):
            raise ValidationError(
                f"{where}：材料 {material.key} 重复",
                code="catalog_invalid",
                field=f"{where}.materials[{index}].key",
            )
        materials.append(material)
    return tuple(materials)


def _parse_item(
    raw: Any, index: int, department_codes: set[str], definitions: Mapping[str, MaterialDefinition]
) -> ServiceItem:
    reader = _Reader(raw, f"items[{index}]")
    code = reader.code("code", _CODE_RE, "大写字母、数字和连字符（2–40位）")
    # From here on, messages name the item by its code: that is what catalog editors search for.
    reader.where = f"事项 {code}"
    department_code = reader.text("department")
    if department_code not in department_codes:
        raise ValidationError(
            f"事项 {code}.department：未定义的部门 {department_code}",
            code="catalog_unknown_department",
            field=f"items[{index}].department",
            item_code=code,
        )
    kind_text = reader.text("kind")
    try:
        kind = ItemKind(kind_text)
    except ValueError:
        raise ValidationError(
            f"事项 {code}.kind：应为 immediate 或 promised，而不是 {kind_text}",
            code="catalog_invalid",
            field=f"items[{index}].kind",
        ) from None
    promised_days = reader.integer("promised_days")
    legal_days = reader.integer("legal_days")
    if promised_days > legal_days:
        raise ValidationError(
            f"事项 {code}：承诺时限 {promised_days} 个工作日超过法定时限 {legal_days} 个工作日",
            code="catalog_promised_exceeds_legal",
            field=f"items[{index}].promised_days",
            item_code=code,
        )
    if (kind is ItemKind.IMMEDIATE) != (promised_days == 0):
        raise ValidationError(
            f"事项 {code}：即办件的承诺时限应为 0，承诺件应至少 1 个工作日",
            code="catalog_invalid",
            field=f"items[{index}].promised_days",
        )
    targets_raw = reader.strings("targets") or ("person", "organisation")
    try:
        targets = tuple(ServiceTarget(t) for t in targets_raw)
    except ValueError:
        raise ValidationError(
            f"事项 {code}.targets：只能是 person 或 organisation",
            code="catalog_invalid",
            field=f"items[{index}].targets",
        ) from None
    materials = _parse_materials(reader.array("materials"), f"事项 {code}", definitions)
    if not materials:
        raise ValidationError(
            f"事项 {code}.materials：没有申请材料", code="catalog_invalid", field=f"items[{index}].materials"
        )
    return ServiceItem(
        code=code,
        name=reader.text("name"),
        department_code=department_code,
        kind=kind,
        promised_days=promised_days,
        legal_days=legal_days,
        fee_yuan=reader.money("fee"),
        fee_note=reader.text("fee_note", default="", allow_empty=True),
        legal_basis=reader.text("legal_basis"),
        online=reader.boolean("online"),
        materials=materials,
        targets=targets,
        aliases=reader.strings("aliases"),
    )


def _parse_bundle(
    raw: Any,
    index: int,
    items_by_code: Mapping[str, ServiceItem],
    definitions: Mapping[str, MaterialDefinition],
) -> Bundle:
    reader = _Reader(raw, f"bundles[{index}]")
    code = reader.code("code", _CODE_RE, "大写字母、数字和连字符（2–40位）")
    reader.where = f"一件事 {code}"
    item_codes = reader.strings("items")
    if len(item_codes) < 2:
        raise ValidationError(
            f"一件事 {code}.items：至少包含两个事项", code="catalog_invalid", field=f"bundles[{index}].items"
        )
    for item_code in item_codes:
        if item_code not in items_by_code:
            raise ValidationError(
                f"一件事 {code}.items：未定义的事项 {item_code}",
                code="catalog_unknown_item",
                field=f"bundles[{index}].items",
                item_code=item_code,
            )
    if len(set(item_codes)) != len(item_codes):
        raise ValidationError(
            f"一件事 {code}.items：事项重复", code="catalog_invalid", field=f"bundles[{index}].items"
        )
    produced = reader.strings("produced_materials")
    for key in produced:
        if key not in definitions:
            raise ValidationError(
                f"一件事 {code}.produced_materials：未定义的材料 {key}",
                code="catalog_unknown_material",
                field=f"bundles[{index}].produced_materials",
                key=key,
            )
    extra = _parse_materials(reader.array("extra_materials", default=()), f"一件事 {code}", definitions)
    promised_days = reader.integer("promised_days")
    longest_legal = max(items_by_code[c].legal_days for c in item_codes)
    if promised_days > longest_legal:
        raise ValidationError(
            f"一件事 {code}：承诺时限 {promised_days} 个工作日超过其事项的最长法定时限 {longest_legal}",
            code="catalog_promised_exceeds_legal",
            field=f"bundles[{index}].promised_days",
        )
    return Bundle(
        code=code,
        name=reader.text("name"),
        item_codes=item_codes,
        promised_days=promised_days,
        description=reader.text("description", default="", allow_empty=True),
        extra_materials=extra,
        produced_materials=produced,
        aliases=reader.strings("aliases"),
    )


# ---------------------------------------------------------------------------------------------
# Loading and writing


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; bad JSON and bad content both raise ValidationError."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            f"目录文件 {source.name} 不是 UTF-8 编码", code="catalog_encoding", field="catalog"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"目录文件 {source.name} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}",
            code="catalog_json",
            field="catalog",
            line=exc.lineno,
        ) from None
    if not isinstance(data, dict):
        raise ValidationError("目录文件的顶层应为对象", code="catalog_invalid", field="catalog")
    return parse_catalog(data)


def sample_catalog_path() -> Path:
    from hallclient.assets import resource_path

    return resource_path("catalog", "catalog.json")


def load_sample_catalog() -> Catalog:
    return load_catalog(sample_catalog_path())


def _money_to_json(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _material_to_dict(material: Material) -> dict[str, Any]:
    return {
        "key": material.key,
        "name": material.name,
        "core": material.core,
        "originals": material.originals,
        "copies": material.copies,
        "deficiency_allowed": material.deficiency_allowed,
        "e_license_type": material.e_license_type,
        "condition": material.condition,
        "notes": material.notes,
    }


def catalog_to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a JSON-ready document; ``parse_catalog(catalog_to_dict(c)) == c``."""
    document: dict[str, Any] = {
        "format": CATALOG_FORMAT,
        "format_version": catalog.format_version,
        "catalog_version": catalog.catalog_version,
    }
    if catalog.hall is not None:
        document["hall"] = {
            "code": catalog.hall.code,
            "name": catalog.hall.name,
            "address": catalog.hall.address,
            "phone": catalog.hall.phone,
        }
    document["departments"] = [{"code": d.code, "name": d.name} for d in catalog.departments]
    document["materials"] = [
        {"key": m.key, "name": m.name, "e_license_type": m.e_license_type, "notes": m.notes}
        for m in catalog.material_definitions
    ]
    document["items"] = [
        {
            "code": item.code,
            "name": item.name,
            "department": item.department_code,
            "kind": item.kind.value,
            "promised_days": item.promised_days,
            "legal_days": item.legal_days,
            "fee": _money_to_json(item.fee_yuan),
            "fee_note": item.fee_note,
            "legal_basis": item.legal_basis,
            "online": item.online,
            "targets": [t.value for t in item.targets],
            "aliases": list(item.aliases),
            "materials": [_material_to_dict(m) for m in item.materials],
        }
        for item in catalog.items
    ]
    document["bundles"] = [
        {
            "code": bundle.code,
            "name": bundle.name,
            "description": bundle.description,
            "items": list(bundle.item_codes),
            "promised_days": bundle.promised_days,
            "produced_materials": list(bundle.produced_materials),
            "extra_materials": [_material_to_dict(m) for m in bundle.extra_materials],
            "aliases": list(bundle.aliases),
        }
        for bundle in catalog.bundles
    ]
    return document
