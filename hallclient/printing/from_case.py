"""Document data from what the counter recorded: an intake case detail or a queue ticket.

The renderers read only frozen values (:mod:`hallclient.printing.model`); this module fills them
from the intake read model (``CaseDetail``, unmasked: the renderer masks ID numbers itself), the
catalog (item name, department, time limit, fee, legal basis) and the settings (the public
address for the QR code, see :func:`public_base_url`). It reads nothing from the store itself
except through :func:`load_case_document`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from hallclient.domain.catalog import Catalog, ItemKind, Material, ServiceItem
from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.domain.outcome import CheckState, MaterialCheck, recommend_outcome
from hallclient.domain.outcome import Outcome as IntakeOutcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.cases import case_detail_for_print
from hallclient.intake.models import CHINA_TZ, CaseDetail, MaterialLine, local_day
from hallclient.intake.models import ApplicantKind as IntakeApplicantKind
from hallclient.intake.subject import IntakeSubject, find_subject
from hallclient.printing.model import (
    ApplicantInfo,
    ApplicantKind,
    CaseDocumentData,
    CaseKind,
    DocumentType,
    HallInfo,
    MaterialRow,
    Outcome,
    ReceivedState,
    TicketData,
    status_url,
)
from hallclient.queue.models import Ticket
from hallclient.settings import PrintSettings, Settings
from hallclient.store import repo
from hallclient.store.models import Case, PrintedDocument

# The document an outcome is recorded with (the one printed at the counter right after saving).
_DOCUMENT_FOR_OUTCOME = {
    IntakeOutcome.ACCEPT: DocumentType.RECEIPT,
    IntakeOutcome.ACCEPT_WITH_DEFICIENCY: DocumentType.DEFICIENCY_NOTICE,
    IntakeOutcome.NOTIFY_ONCE: DocumentType.NOTIFY_ONCE,
    IntakeOutcome.REJECT: DocumentType.REJECTION_NOTICE,
}

# What else may be printed for a case: an accepted case also has a plain 受理回执; a case that was
# not accepted must never get a paper saying it was.
_ALLOWED_DOCUMENTS = {
    IntakeOutcome.ACCEPT: (DocumentType.RECEIPT,),
    IntakeOutcome.ACCEPT_WITH_DEFICIENCY: (DocumentType.DEFICIENCY_NOTICE, DocumentType.RECEIPT),
    IntakeOutcome.NOTIFY_ONCE: (DocumentType.NOTIFY_ONCE,),
    IntakeOutcome.REJECT: (DocumentType.REJECTION_NOTICE,),
}

_RECEIVED_STATE = {
    CheckState.ORIGINAL: ReceivedState.ORIGINAL,
    CheckState.COPY: ReceivedState.COPY,
    CheckState.E_LICENSE: ReceivedState.E_LICENSE,
    CheckState.MISSING: ReceivedState.MISSING,
    CheckState.DEFICIENT: ReceivedState.DEFICIENT,
}

DEFAULT_HALL_NAME = "政务服务中心"


def document_type_for(outcome: IntakeOutcome) -> DocumentType:
    """The document a case with this outcome is handed (受理回执, 容缺受理通知书, 一次性告知书 or
    不予受理通知书)."""
    return _DOCUMENT_FOR_OUTCOME[outcome]


def allowed_document_types(outcome: IntakeOutcome) -> tuple[DocumentType, ...]:
    """Documents that may be printed for a case with this outcome, the usual one first."""
    return _ALLOWED_DOCUMENTS[outcome]


# The value shipped in PrintSettings: a machine that never set its own address has this one.
_UNSET_PROGRESS_BASE = PrintSettings().progress_base_url


def public_base_url(settings: Settings) -> str:
    """The server's address as applicants' phones reach it, without a trailing slash.

    ``printing.progress_base_url`` when the hall set it (the server's LAN address is often not
    reachable from a phone); a legacy value naming the ticket page (``…/t/``) counts as its base.
    Otherwise the counter's own ``server_url``. ValidationError when neither is known.
    """
    configured = settings.printing.progress_base_url.strip()
    if configured and configured != _UNSET_PROGRESS_BASE:
        base = configured.rstrip("/")
        return base[: -len("/t")] if base.endswith("/t") else base
    server = settings.server_url.strip().rstrip("/")
    if not server:
        raise ValidationError(
            "办件查询地址未配置：请在设置中填写服务器地址或 printing.progress_base_url",
            code="progress_url_unset",
            field="progress_base_url",
        )
    return server


def case_progress_url(settings: Settings, token: str) -> str:
    """The QR content of a case document: ``<public base>/c/<token>``, the server's public progress
    page. ``token`` is the case id (a random UUID made at intake), never the guessable case number."""
    return status_url(public_base_url(settings) + "/c/", token)


def hall_info(catalog: Catalog, settings: Settings) -> HallInfo:
    """The hall as printed: name, address and phone from the catalog (entered once on the server,
    synced to every counter), the code as this counter is configured."""
    hall = catalog.hall
    if hall is None:
        return HallInfo(name=DEFAULT_HALL_NAME, code=settings.hall_code)
    return HallInfo(
        name=hall.name.strip() or DEFAULT_HALL_NAME,
        code=settings.hall_code or hall.code,
        address=hall.address.strip(),
        phone=hall.phone.strip(),
    )


def _applicant(detail: CaseDetail) -> ApplicantInfo:
    return ApplicantInfo(
        kind=ApplicantKind.ORG
        if detail.applicant_kind is IntakeApplicantKind.ORGANISATION
        else ApplicantKind.PERSON,
        name=detail.applicant_name,
        id_number=detail.id_number or "",
        phone=detail.phone or "",
        org_credit_code=detail.credit_code or "",
        legal_rep=detail.legal_rep or "",
        agent_name=detail.agent_name or "",
        agent_id_number=detail.agent_id_number or "",
    )


def _note(line: MaterialLine, outcome: IntakeOutcome) -> str:
    if line.state is CheckState.E_LICENSE:
        return "电子证照免提交"
    if line.outstanding and line.deficiency_allowed and outcome is IntakeOutcome.ACCEPT_WITH_DEFICIENCY:
        return "可容缺"
    return ""


def material_rows(detail: CaseDetail) -> tuple[MaterialRow, ...]:
    """The checklist as printed, in the checklist's order.

    A conditional material marked 不适用 (an agent's authorisation when nobody came for the
    applicant) is left off: it was never asked for, and the paper has no state that says so.
    """
    rows = []
    for line in detail.materials:
        state = _RECEIVED_STATE.get(line.state)
        if state is None:
            continue
        rows.append(
            MaterialRow(
                name=line.name,
                core=line.core,
                required_originals=line.required_originals,
                required_copies=line.required_copies,
                state=state,
                originals=line.originals if state is not ReceivedState.MISSING else 0,
                copies=line.copies if state is not ReceivedState.MISSING else 0,
                e_license_no=line.e_license_no or "",
                note=_note(line, detail.outcome),
            )
        )
    return tuple(rows)


def corrections(detail: CaseDetail, subject: IntakeSubject | None) -> tuple[str, ...]:
    """Problems with handed-in materials that the material table does not show as 缺/不符合要求:
    too few originals or copies, an e-licence without its number or not accepted for that material.

    The same rules that decided the outcome (``recommend_outcome``) are asked again over the
    recorded checklist, so the 一次性告知书 lists exactly what the clerk was told.
    """
    materials: list[Material] = []
    checks: dict[str, MaterialCheck] = {}
    for line in detail.materials:
        known = subject.material(line.key) if subject is not None else None
        materials.append(
            Material(
                key=line.key,
                name=line.name,
                core=line.core,
                originals=line.required_originals,
                copies=line.required_copies,
                deficiency_allowed=line.deficiency_allowed,
                e_license_type=known.e_license_type if known is not None else None,
                condition=known.condition if known is not None else None,
            )
        )
        checks[line.key] = MaterialCheck(
            line.key, line.state, originals=line.originals, copies=line.copies, e_license_no=line.e_license_no
        )
    shown = {
        line.key for line in detail.materials if line.outstanding or line.state is CheckState.NOT_APPLICABLE
    }
    recommendation = recommend_outcome(materials=materials, checks=checks, applicant_pledges=True)
    return tuple(
        dict.fromkeys(
            reason.message_zh
            for reason in recommendation.reasons
            if reason.material_key is not None and reason.material_key not in shown
        )
    )


def _fee(catalog: Catalog, subject: IntakeSubject | None) -> Decimal | None:
    if subject is None:
        return None
    if isinstance(subject.source, ServiceItem):
        return subject.source.fee_yuan
    return sum((item.fee_yuan for item in catalog.bundle_items(subject.source)), Decimal(0))


def case_document_data(
    detail: CaseDetail,
    *,
    catalog: Catalog,
    settings: Settings,
    printed_at: dt.datetime,
    clerk_name: str | None = None,
    hall: HallInfo | None = None,
) -> CaseDocumentData:
    """Everything a case document shows, from the case as recorded.

    ``detail`` should be the unmasked detail (``case_detail_for_print``); ``printed_at`` is an
    aware time and is printed in the hall's time zone. ``clerk_name`` is the name printed for the
    clerk who took the case in (default: their user name).
    """
    if printed_at.tzinfo is None or printed_at.utcoffset() is None:
        raise ValidationError("时间缺少时区信息", code="naive_datetime", field="printed_at")
    subject = find_subject(catalog, detail.subject_code)
    kind = subject.kind if subject is not None else ItemKind.PROMISED
    received = detail.accepted_at or detail.created_at
    return CaseDocumentData(
        case_no=detail.case_no,
        server_case_no=detail.server_case_no or "",
        item_code=detail.subject_code,
        item_name=subject.name if subject is not None else detail.subject_code,
        department=subject.department_name if subject is not None else "",
        kind=CaseKind.IMMEDIATE if kind is ItemKind.IMMEDIATE else CaseKind.PROMISED,
        promised_days=subject.promised_days if subject is not None else 0,
        accepted_on=local_day(received),
        applicant=_applicant(detail),
        hall=hall or hall_info(catalog, settings),
        window_no=detail.window_no,
        clerk_name=clerk_name or detail.clerk,
        # Printed as the hall's wall-clock time; the renderer formats the fields as they are.
        printed_at=printed_at.astimezone(CHINA_TZ).replace(tzinfo=None),
        progress_url=case_progress_url(settings, detail.id),
        outcome=Outcome(detail.outcome.value),
        materials=material_rows(detail),
        missing=corrections(detail, subject),
        promised_due=detail.promised_due,
        pledge_due=detail.pledge.due if detail.pledge is not None else None,
        legal_basis=subject.legal_basis if subject is not None else "",
        fee=_fee(catalog, subject),
        reject_reason=detail.reject_reason or "",
        reject_referral=detail.referral or "",
    )


def check_document_allowed(detail: CaseDetail, doc_type: DocumentType) -> None:
    """Raise ValidationError when ``doc_type`` is not a document this case may be handed."""
    allowed = allowed_document_types(detail.outcome)
    if doc_type not in allowed:
        raise ValidationError(
            f"办件 {detail.case_no}（{detail.outcome.label}）不能打印{doc_type.title}",
            code="document_not_for_outcome",
            field="doc_type",
            doc_type=doc_type.value,
            outcome=detail.outcome.value,
        )


def load_case_document(
    *,
    session: Session,
    case_id: str,
    doc_type: DocumentType | None,
    catalog: Catalog,
    calendar: WorkCalendar,
    settings: Settings,
    now: dt.datetime,
    clerk_name: str | None = None,
) -> tuple[DocumentType, CaseDocumentData]:
    """Read a case and make its document data (``doc_type`` None: the outcome's usual document).

    Raises NotFoundError for an unknown case and ValidationError for a document the case may not
    be handed (a receipt for a case that was not accepted).
    """
    detail = case_detail_for_print(session=session, case_id=case_id, calendar=calendar, now=now)
    chosen = doc_type or document_type_for(detail.outcome)
    check_document_allowed(detail, chosen)
    data = case_document_data(
        detail, catalog=catalog, settings=settings, printed_at=now, clerk_name=clerk_name
    )
    return chosen, data


def ticket_status_url(settings: Settings, token: str) -> str:
    """The QR content of a queue ticket: ``<public base>/t/<token>``, the server's ticket page."""
    return status_url(public_base_url(settings) + "/t/", token)


def ticket_data(
    ticket: Ticket,
    *,
    hall_name: str,
    service_name: str,
    settings: Settings | PrintSettings,
    issued_at: dt.datetime | None = None,
    window_hint: str = "",
) -> TicketData:
    """A queue ticket as printed; the QR leads to the public ticket page (``<public base>/t/<token>``).

    ``settings`` are the whole settings, so that an unset public address falls back to the server's
    as on case documents; bare print settings have no server address to fall back to.
    """
    if isinstance(settings, PrintSettings):
        settings = Settings(printing=settings)
    moment = ticket.issued_at or issued_at
    if moment is None:
        raise ValidationError("号票缺少取号时间", code="ticket_time_missing", field="issued_at")
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA_TZ).replace(tzinfo=None)
    return TicketData(
        hall_name=hall_name,
        service_name=service_name,
        number=ticket.number,
        people_ahead=max(0, ticket.people_ahead or 0),
        issued_at=moment,
        status_url=ticket_status_url(settings, ticket.public_token or ticket.number),
        green_channel=ticket.green_channel,
        window_hint=window_hint,
    )


@dataclass(frozen=True)
class PrintedCopy:
    """A document printed before, as kept with its case: for a reprint of the very same paper."""

    id: str
    doc_type: DocumentType
    case_id: str | None
    case_no: str
    printed_at: dt.datetime
    clerk_username: str
    pdf: bytes


def load_printed_copy(*, session: Session, document_id: str) -> PrintedCopy:
    """The stored PDF and what it was printed for; NotFoundError when there is no such document."""
    pdf = repo.load_printed_pdf(session, document_id)
    row = session.get(PrintedDocument, document_id)
    if row is None:  # the bytes were found, so the row is there; a concurrent delete is all that is left
        raise NotFoundError(
            f"找不到已打印文件 {document_id}", code="document_not_found", document_id=document_id
        )
    case = session.get(Case, row.case_id) if row.case_id is not None else None
    return PrintedCopy(
        id=row.id,
        doc_type=DocumentType(row.doc_type),
        case_id=row.case_id,
        case_no=case.case_no if case is not None else "",
        printed_at=row.printed_at,
        clerk_username=row.clerk_username,
        pdf=pdf,
    )
