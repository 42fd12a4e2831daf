"""The applicant-identity hash shared by the server and every counter.

Cases copied to other windows carry only the ID number's last four characters plus this hash, so
a clerk there can verify a typed number without the copy holding it. Server and counters must
compute it identically, hence one definition here, below both of them.
"""

from __future__ import annotations

from argon2.low_level import Type, hash_secret_raw

SCHEME = "argon2id-1"
# OWASP's minimum for argon2id (19 MiB, 2 passes): ~50 ms per hash on a counter PC.
_TIME_COST = 2
_MEMORY_KIB = 19_456
_HASH_LEN = 32


def identity_hash(id_number: str, *, salt_hex: str, case_id: str) -> str:
    """argon2id of the normalised number; the salt is the hall's salt followed by the case id."""
    secret = "".join(id_number.split()).upper().encode("utf-8")
    salt = bytes.fromhex(salt_hex) + case_id.encode("utf-8")
    raw = hash_secret_raw(
        secret,
        salt,
        time_cost=_TIME_COST,
        memory_cost=_MEMORY_KIB,
        parallelism=1,
        hash_len=_HASH_LEN,
        type=Type.ID,
    )
    return raw.hex()


# What stands for each character a copy's ID number no longer holds: its beginning (``tail_mask``).
REDUCED_MARK = "*"


def tail_mask(number: str) -> str:
    """110105194912310021 → **************0021: a copy never holds more of an ID number."""
    text = "".join(number.split()).upper()
    return REDUCED_MARK * max(0, len(text) - 4) + text[-4:]


def is_reduced(number: str | None) -> bool:
    """Whether a stored ID number is not the full one: absent, or a copy's ``tail_mask``."""
    return not number or REDUCED_MARK in number
