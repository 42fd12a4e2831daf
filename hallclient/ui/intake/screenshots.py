"""``python -m hallclient.ui.intake.screenshots --out docs/screenshots``: pictures of the real
intake form (a 容缺受理 case filled in) and the case list, made offscreen from a scratch store.

Saves ``intake_form.png``, ``intake_saved.png``, ``intake_bundle.png`` and ``intake_case_list.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hallclient.intake.models import CHINA_TZ

NOW = dt.datetime(2024, 10, 8, 10, 20, tzinfo=CHINA_TZ)
PERSON_ID = "11010519491231002X"
AGENT_ID = "44030419900307123X"


def _wait(predicate: Callable[[], bool], timeout_s: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the intake view did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def _settle(seconds: float = 0.3) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _seed(context: object) -> None:
    """A morning's worth of cases at window 07, and a few older ones with deadlines."""
    from hallclient.domain.outcome import CheckState
    from hallclient.intake import cases
    from hallclient.intake.models import AgentDraft, ApplicantDraft, ApplicantKind, CaseDraft, TicketRef
    from hallclient.ui.intake.checklist_model import satisfied_state
    from hallclient.ui.intake.context import IntakeContext

    assert isinstance(context, IntakeContext)
    catalog, calendar = context.catalog, context.calendar

    def checks(code: str, agent: bool, **states: CheckState) -> tuple[object, ...]:
        from hallclient.domain.catalog import conditions_met
        from hallclient.domain.outcome import MaterialCheck

        met = conditions_met(agent=agent)
        out = []
        for m in catalog.item(code).materials:
            state = states.get(m.key, satisfied_state(m, met))
            counts = (m.originals, m.copies) if state is CheckState.ORIGINAL else (0, max(m.copies, 1))
            if state not in (CheckState.ORIGINAL, CheckState.COPY):
                counts = (0, 0)
            out.append(MaterialCheck(m.key, state, *counts))
        return tuple(out)

    people = [
        ("王建国", "110105196803150011"),
        ("李秀英", "330102197511020027"),
        ("陈晓明", "440304198807230019"),
        ("刘芳", "510107199201110021"),
        ("赵志强", "350102197004080037"),
    ]
    missing = CheckState.MISSING
    cst = CHINA_TZ
    plan = [
        (dt.datetime(2024, 9, 26, 9, 40, tzinfo=cst), "SCJG-006", {}, False, None),
        (dt.datetime(2024, 9, 30, 15, 5, tzinfo=cst), "BDC-001", {"household_register": missing}, True, None),
        (dt.datetime(2024, 10, 8, 8, 50, tzinfo=cst), "SB-001", {}, False, "A003"),
        (
            dt.datetime(2024, 10, 8, 9, 10, tzinfo=cst),
            "SCJG-006",
            {"business_license": missing},
            False,
            "A007",
        ),
        (dt.datetime(2024, 10, 8, 9, 45, tzinfo=cst), "GJJ-002", {"rental_contract": missing}, True, "A009"),
    ]
    for (name, id_number), (when, code, states, pledge, ticket) in zip(people, plan, strict=True):
        agent = AgentDraft(name="周敏", id_number=AGENT_ID) if code == "BDC-001" else None
        draft = CaseDraft(
            item_code=code,
            applicant=ApplicantDraft(
                kind=ApplicantKind.PERSON, name=name, id_number=id_number, phone="13905912345", agent=agent
            ),
            checks=checks(code, agent is not None, **states),  # type: ignore[arg-type]
            applicant_pledges=pledge,
            pledge_days=3,
            ticket=TicketRef(id=f"t-{ticket}", number=ticket) if ticket else None,
        )
        with context.store.session() as session:
            cases.save_case(
                session=session,
                draft=draft,
                catalog=catalog,
                calendar=calendar,
                now=when,
                clerk="zhangsan",
                window_no="07",
                hall_code="DEMO",
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hallclient.ui.intake.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    ns = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from hallclient.domain.catalog import load_sample_catalog
    from hallclient.domain.outcome import CheckState
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.intake.models import TicketRef
    from hallclient.store import open_store
    from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
    from hallclient.ui.intake import CaseListPanel, IntakeContext, IntakePanel
    from hallclient.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_application_font(app, register_cjk_fonts())
    ns.out.mkdir(parents=True, exist_ok=True)
    runner = TaskRunner(net_workers=1)
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch) / "counter.db")
        try:
            context = IntakeContext(
                runner=runner,
                store=store,
                catalog=load_sample_catalog(),
                calendar=WorkCalendar.default(),
                clerk="zhangsan",
                window_no="07",
                hall_code="DEMO",
                ticket_provider=lambda: TicketRef(id="t-A012", number="A012"),
                clock=lambda: NOW,
            )
            _seed(context)

            panel = IntakePanel(context)
            panel.resize(1280, 780)
            panel.show()
            view, controller = panel.view, panel.controller
            view.search.setText("spjy")
            _settle()
            controller.choose(controller.hits[0])
            view.applicant.name.edit.setText("张小三")
            view.applicant.id_number.edit.setText(PERSON_ID)
            view.applicant.id_number.edit.textEdited.emit(PERSON_ID)
            view.applicant.phone.edit.setText("13812345678")
            model = panel.checklist_model
            model.mark_all_received()
            keys = [row.material.key for row in model.rows()]
            model.set_state(keys.index("food_safety_rules"), CheckState.MISSING)
            model.set_state(keys.index("health_certificates"), CheckState.MISSING)
            view.outcome.pledge_check.setChecked(True)
            view.outcome.pledge_days.setValue(3)
            view.checklist.setCurrentIndex(model.index(keys.index("health_certificates"), 3))
            view.checklist.setFocus()
            _settle()
            panel.grab().save(str(ns.out / "intake_form.png"))

            view.save_action.trigger()
            _wait(lambda: controller.saved is not None)
            _settle()
            panel.grab().save(str(ns.out / "intake_saved.png"))

            view.new_action.trigger()
            view.search.setText("企业开办")
            _settle()
            controller.choose(controller.hits[0])
            view.applicant.name.edit.setText("示范县云帆科技有限公司")
            view.applicant.credit_code.edit.setText("91350100M000100Y43")
            view.applicant.legal_rep.edit.setText("林海")
            _settle()
            panel.grab().save(str(ns.out / "intake_bundle.png"))

            case_list = CaseListPanel(context)
            case_list.resize(1280, 700)
            case_list.show()
            _wait(lambda: case_list.model.rowCount() > 0)
            rows = [case_list.model.row_at(r) for r in range(case_list.model.rowCount())]
            row = next(n for n, r in enumerate(rows) if r is not None and r.pledge_due is not None)
            case_list.view.table.selectRow(row)
            _wait(lambda: case_list.controller.detail is not None)
            _settle()
            case_list.grab().save(str(ns.out / "intake_case_list.png"))
            case_list.view.chips[next(iter(case_list.view.chips))].click()  # 今日
            _settle(0.6)
            case_list.grab().save(str(ns.out / "intake_case_list_today.png"))
            panel.close()
            case_list.close()
        finally:
            runner.shutdown()
            store.close()
    print(f"screenshots written to {ns.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
