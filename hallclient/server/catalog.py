"""Replacing a hall's catalog (事项目录): checked whole, then stored whole.

The server stores the catalog as the document it is given and counters parse it when it reaches
them through sync. A document they could not parse would leave every counter of the hall on the
copy it had — so the server refuses it first, with the same parser and the same messages the
counters use (hallclient.domain.catalog), and never stores half a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hallclient.domain.catalog import parse_catalog
from hallclient.domain.errors import ValidationError
from hallclient.server.models import CatalogDocument, Hall


@dataclass(frozen=True)
class CatalogReplaced:
    hall_code: str
    version: int  # the server's count of the hall's catalog documents
    catalog_version: str  # the content's own version, as its editor set it
    items: int
    bundles: int


def replace_catalog(session: Session, *, hall: Hall, document: Any, now: datetime) -> CatalogReplaced:
    """Check ``document`` as a catalog for ``hall`` and make it the hall's catalog. The pull
    endpoint publishes it to the counters (its digest changed) within seconds."""
    if not isinstance(document, dict):
        raise ValidationError("事项目录应为一个 JSON 对象。", field="catalog")
    catalog = parse_catalog(document)
    if catalog.hall is not None and catalog.hall.code != hall.code:
        raise ValidationError(
            f"这份事项目录是为大厅 {catalog.hall.code} 制作的，不能用于大厅 {hall.code}。",
            field="catalog.hall.code",
        )
    row = session.get(CatalogDocument, hall.id)
    if row is None:
        row = CatalogDocument(hall_id=hall.id, version=1, document=document, updated_at=now)
        session.add(row)
    else:
        row.version += 1
        row.document = document
        row.updated_at = now
    session.flush()
    return CatalogReplaced(
        hall_code=hall.code,
        version=row.version,
        catalog_version=catalog.catalog_version,
        items=len(catalog.items),
        bundles=len(catalog.bundles),
    )


def item_names(session: Session, *, hall_id: int) -> dict[str, str]:
    """Code → name of the hall's service items and bundles (一件事), from its present catalog.

    Read from the stored document without parsing it whole: a list that names an item should
    still show what names it can, even were the stored document to be one the parser refuses.
    """
    row = session.get(CatalogDocument, hall_id)
    document = row.document if row is not None else None
    if not isinstance(document, dict):
        return {}
    names: dict[str, str] = {}
    for key in ("items", "bundles"):
        entries = document.get(key)
        for entry in entries if isinstance(entries, list) else ():
            code, name = (entry.get("code"), entry.get("name")) if isinstance(entry, dict) else (None, None)
            if isinstance(code, str) and isinstance(name, str):
                names.setdefault(code, name)
    return names
