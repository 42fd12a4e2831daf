"""What a case is for: one service item or a 一件事 bundle, with the material list to check."""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.domain.catalog import Bundle, Catalog, ItemKind, Material, ServiceItem, ServiceTarget
from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.intake.models import ApplicantKind


@dataclass(frozen=True)
class IntakeSubject:
    code: str
    name: str
    is_bundle: bool
    kind: ItemKind
    promised_days: int
    legal_days: int
    department_name: str
    materials: tuple[Material, ...]
    targets: frozenset[ServiceTarget]
    item_codes: tuple[str, ...]  # the item itself, or the bundle's items
    legal_basis: str
    source: ServiceItem | Bundle

    def accepts(self, kind: ApplicantKind) -> bool:
        target = ServiceTarget.PERSON if kind is ApplicantKind.PERSON else ServiceTarget.ORGANISATION
        return target in self.targets

    def material(self, key: str) -> Material | None:
        return next((m for m in self.materials if m.key == key), None)


def resolve_subject(
    catalog: Catalog, *, item_code: str | None = None, bundle_code: str | None = None
) -> IntakeSubject:
    """The item or bundle (exactly one of the two codes) with its checklist; bundles merged."""
    if (item_code is None) == (bundle_code is None):
        raise ValidationError("请选择一个办理事项", code="subject_missing", field="item")
    if item_code is not None:
        item = catalog.item(item_code)
        return IntakeSubject(
            code=item.code,
            name=item.name,
            is_bundle=False,
            kind=item.kind,
            promised_days=item.promised_days,
            legal_days=item.legal_days,
            department_name=catalog.department(item.department_code).name,
            materials=item.materials,
            targets=frozenset(item.targets),
            item_codes=(item.code,),
            legal_basis=item.legal_basis,
            source=item,
        )
    assert bundle_code is not None
    bundle = catalog.bundle(bundle_code)
    items = catalog.bundle_items(bundle)
    targets = frozenset(ServiceTarget)
    for item in items:
        targets &= frozenset(item.targets)
    departments = dict.fromkeys(catalog.department(item.department_code).name for item in items)
    return IntakeSubject(
        code=bundle.code,
        name=bundle.name,
        is_bundle=True,
        kind=bundle.kind,
        promised_days=bundle.promised_days,
        legal_days=max(item.legal_days for item in items),
        department_name="、".join(departments),
        materials=catalog.materials_for_bundle(bundle),
        targets=targets,
        item_codes=bundle.item_codes,
        legal_basis="；".join(dict.fromkeys(item.legal_basis for item in items)),
        source=bundle,
    )


def find_subject(catalog: Catalog, code: str) -> IntakeSubject | None:
    """The item or bundle with this code, or None when the catalog no longer has it."""
    try:
        if catalog.find_bundle(code) is not None:
            return resolve_subject(catalog, bundle_code=code)
        if catalog.find_item(code) is not None:
            return resolve_subject(catalog, item_code=code)
    except NotFoundError:
        return None
    return None
