"""Printed documents as PDF: receipts, notices and queue tickets (DESIGN §8). No Qt here.

The counter app previews and prints the bytes through Qt; the store keeps them with the case.
"""

from hallclient.printing.documents import (
    check_data_printable,
    document_number,
    paper_for,
    render_deficiency_notice,
    render_document,
    render_notify_once,
    render_receipt,
    render_rejection_notice,
    render_ticket,
)
from hallclient.printing.fonts import FontChain, check_printable, default_font_chain
from hallclient.printing.model import (
    ApplicantInfo,
    ApplicantKind,
    CaseDocumentData,
    CaseKind,
    DocumentType,
    HallInfo,
    MaterialRow,
    Outcome,
    Paper,
    ReceivedState,
    RenderedDocument,
    TicketData,
    status_url,
)

__all__ = [
    "ApplicantInfo",
    "ApplicantKind",
    "CaseDocumentData",
    "CaseKind",
    "DocumentType",
    "FontChain",
    "HallInfo",
    "MaterialRow",
    "Outcome",
    "Paper",
    "ReceivedState",
    "RenderedDocument",
    "TicketData",
    "check_data_printable",
    "check_printable",
    "default_font_chain",
    "document_number",
    "paper_for",
    "render_deficiency_notice",
    "render_document",
    "render_notify_once",
    "render_receipt",
    "render_rejection_notice",
    "render_ticket",
    "status_url",
]
