"""What other counters get to know about an applicant (docs/sync.md, "Privacy of shared cases").

The server keeps the case as the originating counter sent it (it is the hall's record). What it
sends to counters, in the change feed and in conflict answers, is the *shared* snapshot: the
name (the clerk must address the applicant), the ID numbers reduced to their last four
characters, the phone masked, and for each ID number an argon2id hash under a per-hall random
salt and the case id. A clerk at another window verifies the applicant by typing the number from
the card; the counter hashes it and compares (``hallclient/sync/identity.py`` computes the same
hash: a test checks that both agree).

Why only the last four: the masked form on lists keeps the area code as well, but area code and
last four together with a hash leave only the birth date to guess (a few thousand tries). With
the last four alone a stolen counter file still needs millions of argon2id computations per case.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.identityhash import SCHEME, identity_hash, tail_mask
from hallclient.domain.masking import mask_phone
from hallclient.server.context import ServerContext
from hallclient.server.models import ServerMeta

log = logging.getLogger("hallclient.server.sync")

IDENTITY_KEY = "_identity"  # where the server's own copy of the case keeps the hashes
_PERSONAL_NUMBERS = ("id_number", "agent_id_number")


def salt_key(hall_id: int) -> str:
    return f"case_identity_salt:{hall_id}"


def hall_salt(session: Session, *, hall_id: int) -> str | None:
    row = session.get(ServerMeta, salt_key(hall_id))
    return row.value if row is not None else None


_known_salts: set[int] = set()


def ensure_hall_salt(context: ServerContext, *, hall_id: int) -> None:
    """Create the hall's salt in its own short transaction (two first pushes may race here)."""
    if hall_id in _known_salts:
        return
    try:
        with context.db.write() as session:
            if session.get(ServerMeta, salt_key(hall_id)) is None:
                session.add(ServerMeta(key=salt_key(hall_id), value=secrets.token_hex(16)))
    except IntegrityError:
        log.info("hall %s salt was created by a concurrent push", hall_id)
    _known_salts.add(hall_id)


def _fingerprint(applicant: Mapping[str, Any]) -> str:
    # Which numbers the stored hashes were made from (the server holds them anyway).
    joined = "|".join(str(applicant.get(k) or "") for k in _PERSONAL_NUMBERS)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def with_identity(snapshot: dict[str, Any], *, salt_hex: str | None, case_id: str) -> dict[str, Any]:
    """``snapshot`` with up-to-date hashes of its ID numbers under ``IDENTITY_KEY``.

    Hashing is slow on purpose, so it happens when a case is created or its applicant changes,
    not every time the case is sent out.
    """
    applicant = snapshot.get("applicant")
    if salt_hex is None or not isinstance(applicant, Mapping):
        return snapshot
    fingerprint = _fingerprint(applicant)
    current = snapshot.get(IDENTITY_KEY)
    if isinstance(current, Mapping) and current.get("of") == fingerprint and current.get("salt") == salt_hex:
        return snapshot
    hashes = {
        f"{key}_hash": identity_hash(str(applicant[key]), salt_hex=salt_hex, case_id=case_id)
        for key in _PERSONAL_NUMBERS
        if isinstance(applicant.get(key), str) and applicant[key]
    }
    return {**snapshot, IDENTITY_KEY: {"scheme": SCHEME, "salt": salt_hex, "of": fingerprint, **hashes}}


def shared_snapshot(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The case as other counters may see it: no full ID number, no full phone number."""
    shared = {k: v for k, v in snapshot.items() if k != IDENTITY_KEY}
    applicant = snapshot.get("applicant")
    if not isinstance(applicant, Mapping):
        return shared
    reduced = dict(applicant)
    for key in _PERSONAL_NUMBERS:
        if isinstance(reduced.get(key), str) and reduced[key]:
            reduced[key] = tail_mask(reduced[key])
    if isinstance(reduced.get("phone"), str) and reduced["phone"]:
        reduced["phone"] = mask_phone(reduced["phone"])
    stored = snapshot.get(IDENTITY_KEY)
    if isinstance(stored, Mapping):
        reduced["identity"] = {
            "scheme": stored.get("scheme"),
            "salt": stored.get("salt"),
            **{k: v for k, v in stored.items() if k.endswith("_hash")},
        }
    shared["applicant"] = reduced
    return shared
