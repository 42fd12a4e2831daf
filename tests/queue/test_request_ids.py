from __future__ import annotations

from hallclient.queue.service import RequestIds


def test_same_action_keeps_its_id_until_settled() -> None:
    ids = RequestIds()
    first = ids.id_for(("finish", 7))
    assert ids.id_for(("finish", 7)) == first
    assert ids.id_for(("finish", 8)) != first
    ids.settle(("finish", 7))
    assert ids.id_for(("finish", 7)) != first


def test_old_ids_expire() -> None:
    ids = RequestIds(max_age_s=0.0)
    first = ids.id_for(("call_next",))
    assert ids.id_for(("call_next",)) != first
