"""Paper choice, status addresses and the pre-print check on whole documents."""

from __future__ import annotations

import dataclasses

import pytest

from hallclient.domain.errors import ValidationError
from hallclient.printing import (
    ApplicantInfo,
    ApplicantKind,
    DocumentType,
    FontChain,
    Paper,
    check_data_printable,
    paper_for,
    samples,
    status_url,
)
from hallclient.printing.fonts import latin_font, shipped_font
from hallclient.settings import PrintSettings


def test_paper_from_settings_values() -> None:
    assert Paper.from_setting("a4") is Paper.A4
    assert Paper.from_setting(" ROLL-80 ") is Paper.ROLL_80
    with pytest.raises(ValidationError) as caught:
        Paper.from_setting("letter")
    assert caught.value.field == "paper"


def test_paper_for_follows_the_settings_per_document_type() -> None:
    settings = PrintSettings(receipt_paper="roll80", ticket_paper="roll80", notice_paper="a4")
    assert paper_for(DocumentType.RECEIPT, settings) is Paper.ROLL_80
    assert paper_for(DocumentType.TICKET, settings) is Paper.ROLL_80
    for notice in (DocumentType.NOTIFY_ONCE, DocumentType.DEFICIENCY_NOTICE, DocumentType.REJECTION_NOTICE):
        assert paper_for(notice, settings) is Paper.A4
    assert paper_for(DocumentType.RECEIPT, PrintSettings()) is Paper.A4


def test_status_url_quotes_the_token() -> None:
    assert status_url("http://hall.example/t", "320102-250603-03-0012") == (
        "http://hall.example/t/320102-250603-03-0012"
    )
    assert status_url("http://hall.example/t/", "A/1 2") == "http://hall.example/t/A%2F1%202"
    with pytest.raises(ValidationError):
        status_url("  ", "x")


def test_whole_document_check_finds_rare_characters_in_any_field() -> None:
    chain = FontChain([s for s in (shipped_font(), latin_font()) if s is not None])
    data = samples.deficiency_case()
    assert check_data_printable(data, fonts=chain) == []
    rare_agent = dataclasses.replace(data.applicant, agent_name="吉\U00020bb7", legal_rep="王\U0002a6a5")
    assert check_data_printable(dataclasses.replace(data, applicant=rare_agent), fonts=chain) == [
        "\U0002a6a5",
        "\U00020bb7",
    ]
    ticket = dataclasses.replace(samples.ticket(), note="请\U00020bb7先生到3号窗口")
    assert check_data_printable(ticket, fonts=chain) == ["\U00020bb7"]
    person = ApplicantInfo(kind=ApplicantKind.PERSON, name="张三")
    assert check_data_printable(dataclasses.replace(data, applicant=person), fonts=chain) == []
