"""The identity hash is part of the sync protocol: counters and the server must agree on it across
versions, so its value for a fixed input is pinned here."""

from __future__ import annotations

from hallclient.domain.identityhash import SCHEME, identity_hash, tail_mask

SALT = "00112233445566778899aabbccddeeff"
CASE_ID = "3f2b8c1e-0000-4000-8000-000000000001"


def test_a_fixed_input_gives_the_pinned_hash() -> None:
    assert SCHEME == "argon2id-1"
    assert identity_hash("11010519491231002X", salt_hex=SALT, case_id=CASE_ID) == (
        "bae8c71425326cfff7d1b7a4c54477e0e974b798d8eca01a030c424bae0336fc"
    )


def test_spaces_and_case_do_not_matter_but_every_character_does() -> None:
    pinned = identity_hash("11010519491231002X", salt_hex=SALT, case_id=CASE_ID)
    assert identity_hash(" 110105 19491231 002x ", salt_hex=SALT, case_id=CASE_ID) == pinned
    assert identity_hash("110105194912310021", salt_hex=SALT, case_id=CASE_ID) != pinned
    assert identity_hash("11010519491231002X", salt_hex=SALT, case_id=CASE_ID[:-1] + "2") != pinned


def test_tail_mask_keeps_only_the_last_four() -> None:
    assert tail_mask("11010519491231002x") == "**************002X"
    assert tail_mask("12") == "12"
