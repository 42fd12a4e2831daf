"""Sample data for every document, and a command that renders them all.

    python -m hallclient.printing.samples --out DIR [--png-dpi 100] [--png-only]

writes ``doc_<type>.pdf`` (and ``doc_<type>.png``, first page, when ``pdftoppm`` is installed).
The samples are what the documentation pictures and the tests are made from. Every file is
written whole or not at all: a failed render or ``pdftoppm`` leaves nothing half-made in ``DIR``.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from hallclient.domain.errors import HallError
from hallclient.printing.documents import render_document
from hallclient.printing.files import write_file_atomically
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
    TicketData,
    status_url,
)

# The QR codes as the counter prints them (see from_case.case_progress_url / ticket_status_url):
# <public base>/c/<case id> for a case document, <public base>/t/<ticket token> for a ticket.
PUBLIC_BASE = "https://zwfw.example.gov.cn"
CASE_URL_BASE = PUBLIC_BASE + "/c/"
TICKET_URL_BASE = PUBLIC_BASE + "/t/"

HALL = HallInfo(
    name="临江市政务服务中心",
    code="320102",
    address="临江市滨江大道88号市民中心一楼",
    phone="0512-12345678",
)

PERSON = ApplicantInfo(
    kind=ApplicantKind.PERSON,
    name="张晓梅",
    id_number="320102198803154415",
    phone="13812345678",
)

ORG = ApplicantInfo(
    kind=ApplicantKind.ORG,
    name="临江市味道餐饮管理有限公司",
    org_credit_code="91320102MA1N2K3L4Y",
    legal_rep="王建国",
    phone="13987654321",
    agent_name="李䶮",
    agent_id_number="320114197506220031",
)


def receipt_case() -> CaseDocumentData:
    return CaseDocumentData(
        case_no="320102-250603-03-0012",
        server_case_no="SZ20250603000145",
        item_code="11320100MB0312345X4000117001",
        item_name="个体工商户设立登记",
        department="临江市市场监督管理局",
        kind=CaseKind.PROMISED,
        promised_days=3,
        accepted_on=date(2025, 6, 3),
        promised_due=date(2025, 6, 6),
        applicant=PERSON,
        hall=HALL,
        window_no="3",
        clerk_name="陈静",
        printed_at=datetime(2025, 6, 3, 9, 42),
        progress_url=status_url(CASE_URL_BASE, "3f6b2c1e-8d4a-4e7b-9c15-2a7d0e6f4b83"),
        outcome=Outcome.ACCEPT,
        legal_basis="《促进个体工商户发展条例》《中华人民共和国市场主体登记管理条例》",
        fee=None,
        materials=(
            MaterialRow("个体工商户登记（备案）申请书", True, 1, 0, ReceivedState.ORIGINAL, originals=1),
            MaterialRow(
                "经营者身份证明",
                True,
                1,
                1,
                ReceivedState.E_LICENSE,
                e_license_no="居民身份证电子证照",
                note="电子证照免提交",
            ),
            MaterialRow("经营场所使用证明", True, 0, 1, ReceivedState.COPY, copies=1),
            MaterialRow("名称自主申报告知书", False, 1, 0, ReceivedState.ORIGINAL, originals=1),
        ),
    )


def notify_once_case() -> CaseDocumentData:
    base = receipt_case()
    return dataclasses.replace(
        base,
        case_no="320102-250603-05-0007",
        server_case_no="",
        item_code="11320100MB0312345X4000117023",
        item_name="食品经营许可证核发（新办）",
        promised_days=10,
        promised_due=None,
        window_no="5",
        clerk_name="刘洋",
        applicant=ORG,
        outcome=Outcome.NOTIFY_ONCE,
        progress_url=status_url(CASE_URL_BASE, "b81e4f07-52c9-4a3d-8e6b-0d9c7a1f2e54"),
        legal_basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
        missing=("食品经营许可申请书第4栏“经营项目”未勾选，请补填并签字",),
        materials=(
            MaterialRow(
                "食品经营许可申请书", True, 1, 0, ReceivedState.DEFICIENT, originals=1, note="缺签字"
            ),
            MaterialRow("营业执照", True, 0, 1, ReceivedState.E_LICENSE, e_license_no="32010200020250317"),
            MaterialRow("法定代表人身份证明", True, 0, 1, ReceivedState.COPY, copies=1),
            MaterialRow(
                "与食品经营相适应的主要设备设施布局、操作流程等文件", True, 1, 0, ReceivedState.MISSING
            ),
            MaterialRow("食品安全自查、从业人员健康管理等制度", True, 1, 0, ReceivedState.MISSING),
            MaterialRow("授权委托书", False, 1, 0, ReceivedState.ORIGINAL, originals=1),
        ),
    )


def deficiency_case() -> CaseDocumentData:
    base = receipt_case()
    return dataclasses.replace(
        base,
        case_no="320102-250603-07-0021",
        server_case_no="SZ20250603000188",
        item_code="11320100MB0312345X4000117046",
        item_name="公共场所卫生许可（新办）",
        department="临江市卫生健康委员会",
        promised_days=10,
        promised_due=date(2025, 6, 17),
        pledge_due=date(2025, 6, 13),
        window_no="7",
        clerk_name="赵敏",
        applicant=ORG,
        outcome=Outcome.ACCEPT_WITH_DEFICIENCY,
        progress_url=status_url(CASE_URL_BASE, "6d2a9e40-1f7b-4c83-a5d6-9e3b8c0f7a12"),
        legal_basis="《公共场所卫生管理条例》第八条",
        fee=Decimal("0"),
        materials=(
            MaterialRow("公共场所卫生许可申请表", True, 1, 0, ReceivedState.ORIGINAL, originals=1),
            MaterialRow("营业执照", True, 0, 1, ReceivedState.E_LICENSE, e_license_no="32010200020250317"),
            MaterialRow("法定代表人身份证明", True, 0, 1, ReceivedState.COPY, copies=1),
            MaterialRow("卫生管理制度", True, 1, 0, ReceivedState.ORIGINAL, originals=1),
            MaterialRow("从业人员健康合格证明", False, 0, 1, ReceivedState.MISSING, note="可容缺"),
            MaterialRow("集中空调通风系统卫生检测报告", False, 0, 1, ReceivedState.MISSING, note="可容缺"),
        ),
    )


def rejection_case() -> CaseDocumentData:
    base = receipt_case()
    return dataclasses.replace(
        base,
        case_no="320102-250603-02-0004",
        server_case_no="",
        item_code="11320100MB0312345X4000118002",
        item_name="普通护照签发",
        department="临江市公安局",
        kind=CaseKind.PROMISED,
        promised_days=7,
        promised_due=None,
        window_no="2",
        clerk_name="孙磊",
        outcome=Outcome.REJECT,
        progress_url=status_url(CASE_URL_BASE, "e4c07b59-3a1d-4f6e-b2c8-7f5a9d0e1b36"),
        reject_reason="该事项不属于本中心受理范围",
        reject_legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
        reject_referral="前往临江市公安局出入境管理支队（临江市江南路16号）办理，咨询电话0512-87654321",
        materials=(MaterialRow("居民身份证", True, 1, 0, ReceivedState.ORIGINAL, originals=1),),
    )


def ticket() -> TicketData:
    return TicketData(
        hall_name=HALL.name,
        service_name="市场准入综合受理",
        number="A012",
        people_ahead=7,
        issued_at=datetime(2025, 6, 3, 9, 15),
        status_url=status_url(TICKET_URL_BASE, "T-320102-250603-A012"),
        green_channel=True,
        window_hint="请到 3、4、5 号窗口办理",
    )


def samples() -> dict[DocumentType, CaseDocumentData | TicketData]:
    return {
        DocumentType.RECEIPT: receipt_case(),
        DocumentType.NOTIFY_ONCE: notify_once_case(),
        DocumentType.DEFICIENCY_NOTICE: deficiency_case(),
        DocumentType.REJECTION_NOTICE: rejection_case(),
        DocumentType.TICKET: ticket(),
    }


def render_samples(out: Path, *, png_dpi: int | None = 100, png_only: bool = False) -> list[Path]:
    """Render every sample (and the roll receipt) into ``out``; returns the files written.

    ``png_only`` keeps just the pictures (for docs/screenshots); it needs ``pdftoppm``.
    """
    pdftoppm = shutil.which("pdftoppm") if png_dpi else None
    if png_only and not pdftoppm:
        raise SystemExit("--png-only needs pdftoppm (Debian: poppler-utils) and a --png-dpi above 0")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    jobs = [(doc_type, data, doc_type.default_paper, doc_type.value) for doc_type, data in samples().items()]
    jobs.append((DocumentType.RECEIPT, receipt_case(), Paper.ROLL_80, "receipt_roll"))
    with tempfile.TemporaryDirectory(prefix="hallclient-samples-") as scratch:
        for doc_type, data, paper, stem in jobs:
            rendered = render_document(doc_type, data, paper=paper)
            for warning in rendered.warnings:
                print(f"doc_{stem}.pdf: {warning}", file=sys.stderr)
            if not png_only:
                pdf_path = out / f"doc_{stem}.pdf"
                write_file_atomically(pdf_path, rendered.pdf)
                written.append(pdf_path)
            if pdftoppm and png_dpi:
                png_path = out / f"doc_{stem}.png"
                write_file_atomically(
                    png_path, _first_page_png(pdftoppm, rendered.pdf, png_dpi, Path(scratch))
                )
                written.append(png_path)
    return written


def _first_page_png(pdftoppm: str, pdf: bytes, dpi: int, scratch: Path) -> bytes:
    """The first page as PNG. pdftoppm works in ``scratch``: if it fails half-way, its half-written
    picture never reaches the output folder."""
    source = scratch / "page.pdf"
    source.write_bytes(pdf)
    picture = scratch / "page"
    subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", source, picture], check=True
    )
    return picture.with_suffix(".png").read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render every sample document to PDF (and PNG).")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--png-dpi", type=int, default=100, help="0: no PNG")
    parser.add_argument("--png-only", action="store_true", help="keep only the first-page pictures")
    args = parser.parse_args(argv)
    try:
        paths = render_samples(args.out, png_dpi=args.png_dpi or None, png_only=args.png_only)
    except subprocess.CalledProcessError as exc:
        print(f"pdftoppm failed (exit status {exc.returncode})", file=sys.stderr)
        return 1
    except HallError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
