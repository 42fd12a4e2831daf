"""The documents a window hands out, as PDF bytes.

Every case document carries the case number, the applicant with a masked ID, the item, the
material table, the deadlines, window and clerk, hall and date, and a QR code with the progress
address. Notices are A4; the receipt also comes as an 80 mm roll slip; the ticket is a roll slip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from hallclient.domain.errors import ValidationError
from hallclient.printing.fonts import FontChain, default_font_chain
from hallclient.printing.formatting import (
    DASH,
    agent_label,
    applicant_id_label,
    cn_date,
    cn_datetime,
    cn_money,
    count_cell,
    kind_label,
    masked_phone,
    received_label,
    required_label,
    time_limit_label,
)
from hallclient.printing.layout import (
    A4_HEIGHT,
    A4_MARGIN_BOTTOM,
    A4_MARGIN_TOP,
    Badge,
    Footer,
    Headed,
    Kit,
    SealBlock,
    build_pdf,
    grid_table,
    layout_table,
)
from hallclient.printing.model import (
    ApplicantKind,
    CaseDocumentData,
    CaseKind,
    DocumentType,
    MaterialRow,
    Outcome,
    Paper,
    ReceivedState,
    RenderedDocument,
    TicketData,
)
from hallclient.printing.qr import QrCode
from hallclient.settings import PrintSettings

# 《行政复议法》第二十条 (60 days) and 《行政诉讼法》第四十六条 (six months).
STANDARD_APPEAL_TEXT = (
    "申请人如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "也可以自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)

PLEDGE_COMMITMENTS = (
    "本人（单位）所提交的申请材料真实、合法、有效，如有虚假，愿承担相应的法律责任；",
    "本人（单位）已知晓容缺受理的条件和要求，将在承诺期限（{due}）前补齐上述容缺材料；",
    "逾期未补正或补正材料不符合要求的，自愿承担审批终止、已作出的审批决定被撤回或撤销等后果；",
    "补正的材料与已提交材料的内容一致，不作实质性变更；",
    "因本人（单位）未履行承诺造成的损失由本人（单位）自行承担，同意将履诺情况纳入信用记录。",
)

A4_FRAME_HEIGHT = A4_HEIGHT - A4_MARGIN_TOP - A4_MARGIN_BOTTOM  # what one A4 page holds

Cell = tuple[int, int]  # (column, row), as reportlab counts

_DOC_NO_PREFIX = {
    DocumentType.RECEIPT: "受理",
    DocumentType.NOTIFY_ONCE: "告知",
    DocumentType.DEFICIENCY_NOTICE: "容缺",
    DocumentType.REJECTION_NOTICE: "不予受理",
}


def document_number(doc_type: DocumentType, data: CaseDocumentData) -> str:
    """文书编号: 受理〔2025〕320102-250601-03-0012号 — one per case and document kind."""
    return f"{_DOC_NO_PREFIX[doc_type]}〔{data.accepted_on.year}〕{data.case_no}号"


# --------------------------------------------------------------------------------------- pieces


def _header(kit: Kit, doc_type: DocumentType, data: CaseDocumentData) -> list[Flowable]:
    """Hall and title centred; on A4 the progress QR code sits at the top right, as on hall forms."""
    number = kit.p(
        f"文书编号：{document_number(doc_type, data)}", "small-c" if kit.paper.is_roll else "right"
    )
    if kit.paper.is_roll:
        return [
            kit.title(data.hall.name, 11, bold=False),
            Spacer(1, 1 * mm),
            kit.title(doc_type.title, 14),
            Spacer(1, 1.5 * mm),
            number,
            Spacer(1, 1.5 * mm),
        ]
    qr_size = 22 * mm
    side = qr_size + 4 * mm
    titles = [
        Spacer(1, 2 * mm),
        kit.title(data.hall.name, 15, bold=False),
        Spacer(1, 2 * mm),
        kit.title(doc_type.title, 22),
    ]
    qr = [QrCode(data.progress_url, qr_size, align="RIGHT"), kit.p("扫码查询", "small-c")]
    head = layout_table([[_blank(), titles, qr]], [side, kit.width - 2 * side, side], font=kit.font)
    # Right under the QR code, for whoever cannot scan it; a long one wraps, flush right.
    address = kit.p(f"查询网址：{shown_address(data.progress_url)}", "small-r")
    return [head, address, number, Spacer(1, 2 * mm)]


def shown_address(url: str) -> str:
    """The progress address as printed for reading and typing: without the ``https://`` every
    browser assumes (a plain ``http://`` one is kept, as a browser would not guess it)."""
    return url.removeprefix("https://")


def _blank() -> Flowable:
    # An empty table cell: a plain "" would be drawn in Helvetica, a font that is never embedded.
    return Spacer(0, 0)


def _addressee(data: CaseDocumentData) -> str:
    return f"{data.applicant.name}："


def _info_rows(kit: Kit, doc_type: DocumentType, data: CaseDocumentData) -> list[tuple[str, str]]:
    """Label/value pairs in reading order; the A4 table sets them two to a row."""
    applicant = data.applicant
    id_label, id_value = applicant_id_label(applicant)
    roll = kit.paper.is_roll
    rows = [("受理编号", data.case_no)]
    if data.server_case_no or not roll:
        rows.append(("统一编号", data.server_case_no or DASH))
    rows += [("事项名称", data.item_name)]
    if not roll:
        rows.append(("事项编码", data.item_code))
    rows += [("承办部门", data.department), ("申请人", applicant.name), (id_label, id_value)]
    if applicant.kind is ApplicantKind.ORG:
        rows.append(("法定代表人", applicant.legal_rep or DASH))
    rows.append(("联系电话", masked_phone(applicant.phone)))
    if applicant.agent_name or not roll:
        rows.append(("代办人", agent_label(applicant)))
    rows += [
        ("办件类型", kind_label(data.kind)),
        ("承诺时限", time_limit_label(data.kind, data.promised_days)),
    ]
    if doc_type in (DocumentType.RECEIPT, DocumentType.DEFICIENCY_NOTICE):
        rows += [("受理日期", cn_date(data.accepted_on)), ("预计办结", _due_text(data))]
    else:
        rows.append(("申请日期", cn_date(data.accepted_on)))
    if doc_type is DocumentType.DEFICIENCY_NOTICE or _accepted_with_deficiency(doc_type, data):
        rows.append(("补正期限", cn_date(data.pledge_due)))
    rows.append(("收费标准", cn_money(data.fee)))
    rows += [("受理窗口", f"{data.window_no}号窗口"), ("窗口人员", data.clerk_name)]
    if not roll:
        rows.append(("打印时间", cn_datetime(data.printed_at)))
    return rows


def _accepted_with_deficiency(doc_type: DocumentType, data: CaseDocumentData) -> bool:
    """A 受理回执 handed to a 容缺 case: accepted, but with materials still owed."""
    return doc_type is DocumentType.RECEIPT and data.outcome is Outcome.ACCEPT_WITH_DEFICIENCY


def _due_text(data: CaseDocumentData) -> str:
    if data.kind is CaseKind.IMMEDIATE:
        return "当场办结"
    return cn_date(data.promised_due)


def _grid(
    kit: Kit,
    rows: list[list[Any]],
    widths: list[float],
    *,
    header_rows: int = 0,
    label_columns: tuple[int, ...] = (),
    spans: Sequence[tuple[Cell, Cell]] = (),
    shaded_cells: Sequence[Cell] = (),
    padding: float = 2.6,
) -> Table:
    """A bordered table (``grid_table``) whose rows may break across pages when they must.

    A row moves to the next page whole, as on every ordinary document. A row taller than half a
    page (a long material note or name from the catalog) may also be split inside: one taller than
    a whole page could not be placed at all (reportlab's LayoutError). Such a row is set top-aligned:
    reportlab keeps a centred cell centred in each part by padding it with half the whole row's
    height, which makes every part taller than the page again. ``splitInRow`` is the least height
    a part may have (three lines of cell text), so a row never leaves a sliver at a page's foot.
    """
    table = grid_table(
        rows,
        widths,
        font=kit.font,
        header_rows=header_rows,
        label_columns=label_columns,
        spans=spans,
        shaded_cells=shaded_cells,
        padding=padding,
    )
    # A roll slip is cut to the length of its content: its rows always fit.
    tall = [] if kit.paper.is_roll else _rows_taller_than(A4_FRAME_HEIGHT / 2, rows, widths, spans, padding)
    if tall:
        table.splitInRow = 3 * kit.styles["cell"].leading
        table.setStyle([("VALIGN", (0, row), (-1, row), "TOP") for row in tall])
    return table


def _rows_taller_than(
    limit: float,
    rows: list[list[Any]],
    widths: list[float],
    spans: Sequence[tuple[Cell, Cell]],
    padding: float,
) -> list[int]:
    """The rows with a cell taller than ``limit`` points at its column's (or span's) width."""
    last_column = {start: end[0] for start, end in spans}
    tall = []
    for row_index, row in enumerate(rows):
        for column, cell in enumerate(row):
            width = sum(widths[column : last_column.get((column, row_index), column) + 1]) - 2 * padding
            _width, height = cell.wrap(width, 1e6)
            if height > limit:
                tall.append(row_index)
                break
    return tall


def _info_table(kit: Kit, doc_type: DocumentType, data: CaseDocumentData) -> Flowable:
    rows = _info_rows(kit, doc_type, data)
    wide = {"事项名称"}
    if kit.paper.is_roll:
        cells = [[kit.p(label, "cell"), kit.p(value, "cell")] for label, value in rows]
        return _grid(kit, cells, [17 * mm, kit.width - 17 * mm], label_columns=(0,), padding=2)
    label_w = 20 * mm
    value_w = (kit.width - 2 * label_w) / 2
    table_rows: list[list[Any]] = []
    spans = []
    pending: list[Any] = []
    for label, value in rows:
        if label in wide:
            if pending:
                table_rows.append([*pending, _blank(), _blank()])
                spans.append(((1, len(table_rows) - 1), (3, len(table_rows) - 1)))
                pending = []
            table_rows.append([kit.p(label, "cell"), kit.p(value, "cell"), _blank(), _blank()])
            spans.append(((1, len(table_rows) - 1), (3, len(table_rows) - 1)))
            continue
        pending += [kit.p(label, "cell"), kit.p(value, "cell")]
        if len(pending) == 4:
            table_rows.append(pending)
            pending = []
    if pending:
        table_rows.append([*pending, _blank(), _blank()])
        spans.append(((1, len(table_rows) - 1), (3, len(table_rows) - 1)))
    spanned = {start[1] for start, _end in spans}
    shaded = [(0, r) for r in range(len(table_rows))]
    shaded += [(2, r) for r in range(len(table_rows)) if r not in spanned]
    return _grid(kit, table_rows, [label_w, value_w, label_w, value_w], spans=spans, shaded_cells=shaded)


def _material_table(kit: Kit, materials: tuple[MaterialRow, ...]) -> Flowable:
    if not materials:
        return kit.p("（本事项无需提交申请材料）", "plain")
    if kit.paper.is_roll:
        return _material_table_roll(kit, materials)
    header_top = ["序号", "材料名称", "类别", "应交份数", "", "实收份数", "", "收取情况", "备注"]
    header_sub = ["", "", "", "原件", "复印件", "原件", "复印件", "", ""]
    rows: list[list[Any]] = [
        [kit.p(text, "cell-c") for text in header_top],
        [kit.p(text, "cell-c") for text in header_sub],
    ]
    shaded = []
    for index, row in enumerate(materials, start=1):
        state = received_label(row)
        rows.append(
            [
                kit.p(str(index), "cell-c"),
                kit.p(row.name, "cell"),
                kit.p("必要" if row.core else "非必要", "cell-c"),
                kit.p(str(row.required_originals), "cell-c"),
                kit.p(str(row.required_copies), "cell-c"),
                kit.p(count_cell(row.originals, row, received=True), "cell-c"),
                kit.p(count_cell(row.copies, row, received=True), "cell-c"),
                kit.p(state, "cell-c" if row.state.outstanding else "cell"),
                kit.p(row.note, "cell"),
            ]
        )
        if row.state.outstanding:
            shaded.append((7, len(rows) - 1))
    widths = [9 * mm, 0.0, 13 * mm, 11 * mm, 12 * mm, 11 * mm, 12 * mm, 34 * mm, 18 * mm]
    widths[1] = kit.width - sum(widths)
    spans = [
        ((0, 0), (0, 1)),
        ((1, 0), (1, 1)),
        ((2, 0), (2, 1)),
        ((3, 0), (4, 0)),
        ((5, 0), (6, 0)),
        ((7, 0), (7, 1)),
        ((8, 0), (8, 1)),
    ]
    return _grid(kit, rows, widths, header_rows=2, spans=spans, shaded_cells=shaded)


def _material_table_roll(kit: Kit, materials: tuple[MaterialRow, ...]) -> Flowable:
    rows: list[list[Any]] = [[kit.p(t, "cell-c") for t in ("材料名称", "应交 原/复", "实收")]]
    for row in materials:
        marker = "" if row.core else "（非必要）"
        rows.append(
            [
                kit.p(row.name + marker, "cell"),
                kit.p(f"{row.required_originals}/{row.required_copies}", "cell-c"),
                kit.p(received_label(row), "cell"),
            ]
        )
    widths = [kit.width - 13 * mm - 21 * mm, 13 * mm, 21 * mm]
    return _grid(kit, rows, widths, header_rows=1, padding=2)


def _qr_block(kit: Kit, url: str, caption: str) -> list[Flowable]:
    """The QR code on a roll slip (on A4 it is part of the header)."""
    if not kit.paper.is_roll:
        return []
    return [
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                QrCode(url, 30 * mm),
                kit.p(caption, "small-c"),
                kit.p(shown_address(url), "small-c"),
            ]
        )
    ]


def _signatures(
    kit: Kit, data: CaseDocumentData, *, who: str = "申请人（签字）", tips: tuple[str, ...] = ()
) -> list[Flowable]:
    if kit.paper.is_roll:
        return [
            Spacer(1, 3 * mm),
            kit.p(f"{who}：", "plain"),
            Spacer(1, 6 * mm),
            kit.p(f"{data.window_no}号窗口　{data.clerk_name}　{cn_date(data.printed_at.date())}", "small"),
        ]
    left: list[Flowable] = []
    if tips:
        left.append(kit.p("温馨提示：", "small"))
        left += [kit.p(f"{n}. {tip}", "small") for n, tip in enumerate(tips, start=1)]
        left.append(Spacer(1, 3 * mm))
    left += [
        kit.p(f"{who}：＿＿＿＿＿＿＿＿", "plain"),
        Spacer(1, 3 * mm),
        kit.p("日　　期：＿＿＿＿年＿＿月＿＿日", "plain"),
    ]
    seal_w = SealBlock.DIAMETER + 16 * mm
    seal = SealBlock(kit, data.hall.name, cn_date(data.printed_at.date()))
    block = layout_table([[left, seal]], [kit.width - seal_w, seal_w], font=kit.font)
    return [Spacer(1, 2 * mm), block]


def _progress_tips(doc_type: DocumentType) -> tuple[str, ...]:
    if doc_type in (DocumentType.RECEIPT, DocumentType.DEFICIENCY_NOTICE):
        return (
            "请妥善保管本文书，查询或领取办理结果时请出示。",
            "扫描右上角二维码可随时查询办理进度。",
        )
    return (
        "请妥善保管本文书，再次申请时请一并带来。",
        "扫描右上角二维码可查看本文书内容。",
    )


def _hall_footer(hall_name: str, address: str, phone: str) -> Footer:
    parts = [hall_name]
    if address:
        parts.append(f"地址：{address}")
    if phone:
        parts.append(f"咨询电话：{phone}")
    return Footer("　".join(parts))


def _roll_footer(kit: Kit, data: CaseDocumentData) -> list[Flowable]:
    lines = [Spacer(1, 2 * mm)]
    if data.hall.phone:
        lines.append(kit.p(f"咨询电话：{data.hall.phone}", "small-c"))
    if data.hall.address:
        lines.append(kit.p(data.hall.address, "small-c"))
    lines.append(kit.p(f"打印时间：{cn_datetime(data.printed_at)}", "small-c"))
    return lines


def _outstanding_lines(data: CaseDocumentData) -> list[str]:
    """Each missing or unacceptable material and each extra correction, exactly once."""
    lines: dict[str, None] = {}
    for row in data.outstanding_materials:
        need = required_label(row)
        problem = "未提交" if row.state is ReceivedState.MISSING else "不符合要求"
        detail = f"（{row.note}）" if row.note else ""
        lines.setdefault(f"{row.name}：{problem}{detail}，需提交{need}")
    for extra in data.missing:
        if extra.strip():
            lines.setdefault(extra.strip())
    return list(lines)


def _numbered(kit: Kit, lines: list[str]) -> list[Flowable]:
    return [kit.p(f"{index}. {line}", "item") for index, line in enumerate(lines, start=1)]


def _case_pdf(kit: Kit, doc_type: DocumentType, data: CaseDocumentData, story: list[Flowable]) -> bytes:
    footer = _hall_footer(data.hall.name, data.hall.address, data.hall.phone)
    return build_pdf(
        kit,
        story,
        title=f"{doc_type.title} {data.case_no}",
        author=data.hall.name,
        footer=footer,
    )


def _require(condition: bool, message: str, field: str) -> None:
    if not condition:
        raise ValidationError(message, field=field)


def _check_case(data: CaseDocumentData) -> None:
    _require(bool(data.case_no.strip()), "受理编号为空，无法打印", "case_no")
    _require(bool(data.item_name.strip()), "事项名称为空，无法打印", "item_name")
    _require(bool(data.applicant.name.strip()), "申请人为空，无法打印", "applicant.name")
    _require(bool(data.progress_url.strip()), "查询地址为空，无法生成二维码", "progress_url")
    for row in data.materials:
        counts = (row.required_originals, row.required_copies, row.originals, row.copies)
        _require(min(counts) >= 0, f"材料“{row.name}”的份数不能为负数", "materials")


# ------------------------------------------------------------------------------------ documents


def _receipt_story(kit: Kit, data: CaseDocumentData) -> list[Flowable]:
    doc_type = DocumentType.RECEIPT
    deficient = _accepted_with_deficiency(doc_type, data)
    # Its table shows the materials as 缺: the receipt must not say they were all handed in.
    _require(not deficient or data.pledge_due is not None, "容缺受理须有补正期限", "pledge_due")
    story = _header(kit, doc_type, data)
    if data.kind is CaseKind.IMMEDIATE:
        promise = kit.p("本事项为即办件，当场办结。", "small" if kit.paper.is_roll else "body")
    else:
        promise = kit.fill(
            "本事项承诺办结时限为{days}个工作日，预计于{due}前办结，请凭本回执查询或领取结果。",
            "small" if kit.paper.is_roll else "body",
            days=str(data.promised_days),
            due=cn_date(data.promised_due),
        )
    if kit.paper.is_roll:
        owed: list[Flowable] = []
        if deficient:
            owed = [
                kit.fill(
                    "本件为容缺受理，请于{due}前补齐标为“缺”或“不符合要求”的材料。",
                    "small",
                    due=cn_date(data.pledge_due),
                )
            ]
        return [
            *story,
            _info_table(kit, doc_type, data),
            Spacer(1, 2 * mm),
            kit.p("申请材料", "plain"),
            _material_table(kit, data.materials),
            Spacer(1, 1.5 * mm),
            *owed,
            promise,
            *_qr_block(kit, data.progress_url, "扫码查询办理进度"),
            *_closing(kit, DocumentType.RECEIPT, data, who="申请人（签字）"),
        ]
    if deficient:
        accepted = kit.fill(
            "您（单位）于{day}提交的“{item}”申请，主要申请材料齐全、符合法定形式，次要材料尚有欠缺，"
            "经您书面承诺，本中心依法予以容缺受理。请您于{due}前补齐申请材料清单中标为“缺”"
            "或“不符合要求”的材料。",
            day=cn_date(data.accepted_on),
            item=data.item_name,
            due=cn_date(data.pledge_due),
        )
    else:
        accepted = kit.fill(
            "您（单位）于{day}提交的“{item}”申请，申请材料齐全、符合法定形式，本中心依法予以受理。",
            day=cn_date(data.accepted_on),
            item=data.item_name,
        )
    story += [
        kit.p(_addressee(data), "plain"),
        accepted,
        promise,
        Spacer(1, 3 * mm),
        _info_table(kit, doc_type, data),
        Spacer(1, 3 * mm),
        Headed(kit.p("申请材料清单", "heading"), _material_table(kit, data.materials)),
    ]
    if data.legal_basis:
        story += [Spacer(1, 2 * mm), kit.p(f"设定依据：{data.legal_basis}", "small")]
    return [*story, *_closing(kit, DocumentType.RECEIPT, data, who="申请人（签字）")]


def _notify_once_story(kit: Kit, data: CaseDocumentData) -> list[Flowable]:
    doc_type = DocumentType.NOTIFY_ONCE
    lines = _outstanding_lines(data)
    story = _header(kit, doc_type, data)
    intro = kit.fill(
        "您（单位）于{day}申请办理的“{item}”事项，经审查，申请材料不齐全或者不符合法定形式。"
        "根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知您需要补正的全部内容如下：",
        day=cn_date(data.accepted_on),
        item=data.item_name,
    )
    story += [kit.p(_addressee(data), "plain"), intro, Spacer(1, 2 * mm)]
    story += _numbered(kit, lines) if lines else [kit.p("（无）", "plain")]
    story += [
        Spacer(1, 2 * mm),
        kit.p(
            "请您按照上述要求一次性补齐材料后重新提交，材料齐全、符合法定形式的，本中心将当场受理。"
            "本告知书所列为全部需补正的内容，窗口不再另行要求补充其他材料。",
            "body",
        ),
    ]
    if not kit.paper.is_roll:
        story += [Spacer(1, 3 * mm)]
    story += [_info_table(kit, doc_type, data), Spacer(1, 3 * mm)]
    story.append(Headed(kit.p("材料核对情况", "heading"), _material_table(kit, data.materials)))
    story += [*_qr_block(kit, data.progress_url, "扫码查看告知内容"), *_closing(kit, doc_type, data)]
    return story


def _deficiency_story(kit: Kit, data: CaseDocumentData) -> list[Flowable]:
    doc_type = DocumentType.DEFICIENCY_NOTICE
    _require(data.pledge_due is not None, "容缺受理须有补正期限", "pledge_due")
    lines = _outstanding_lines(data)
    due = cn_date(data.pledge_due)
    story = _header(kit, doc_type, data)
    story += [
        kit.p(_addressee(data), "plain"),
        kit.fill(
            "您（单位）于{day}申请办理的“{item}”事项，主要申请材料齐全、符合法定形式，"
            "次要材料尚有欠缺。经您书面承诺，本中心决定予以容缺受理。请您于{due}前补齐下列材料：",
            day=cn_date(data.accepted_on),
            item=data.item_name,
            due=due,
        ),
        Spacer(1, 1.5 * mm),
        *_numbered(kit, lines),
        Spacer(1, 1.5 * mm),
        kit.p(
            "逾期未补正或者补正材料不符合要求的，本次容缺受理的申请按规定终止办理，"
            "由此产生的后果由申请人承担。补齐材料后，办理时限自受理之日起连续计算。",
            "body",
        ),
        Spacer(1, 3 * mm),
        _info_table(kit, doc_type, data),
        Spacer(1, 3 * mm),
        Headed(kit.p("申请材料清单", "heading"), _material_table(kit, data.materials)),
        *_qr_block(kit, data.progress_url, "扫码查询办理进度"),
        *_closing(kit, doc_type, data),
    ]
    story += _pledge(kit, data, due)
    return story


def _pledge(kit: Kit, data: CaseDocumentData, due: str) -> list[Flowable]:
    """The applicant's 承诺书: five commitments, signature and date lines, kept on one page."""
    applicant = data.applicant
    id_label, id_value = applicant_id_label(applicant)
    who = "承诺人（签字）" if applicant.kind is ApplicantKind.PERSON else "承诺单位（盖章）"
    body: list[Flowable] = [
        Spacer(1, 4 * mm),
        kit.title("承　诺　书", 12 if kit.paper.is_roll else 18),
        Spacer(1, 2 * mm),
        kit.fill(
            "本人（单位）{name}（" + id_label + "：{id_value}）申请办理“{item}”事项（受理编号：{case_no}），"
            "申请容缺受理，现郑重承诺：",
            name=applicant.name,
            id_value=id_value,
            item=data.item_name,
            case_no=data.case_no,
        ),
    ]
    body += _numbered(kit, [text.format(due=due) for text in PLEDGE_COMMITMENTS])
    body += [Spacer(1, 4 * mm), kit.p(f"{who}：＿＿＿＿＿＿＿＿＿＿", "plain")]
    if applicant.kind is ApplicantKind.ORG:
        body += [Spacer(1, 2 * mm), kit.p("法定代表人或委托代理人（签字）：＿＿＿＿＿＿＿＿＿＿", "plain")]
    body += [Spacer(1, 2 * mm), kit.p("日期：＿＿＿＿年＿＿月＿＿日", "plain")]
    if kit.paper.is_roll:
        return body
    # The pledge is signed and kept by the hall while the notice goes home: always a sheet of its
    # own, even when the notice's last page has room left.
    return [PageBreak(), KeepTogether(body)]


def _rejection_story(kit: Kit, data: CaseDocumentData) -> list[Flowable]:
    doc_type = DocumentType.REJECTION_NOTICE
    _require(bool(data.reject_reason.strip()), "不予受理须写明理由", "reject_reason")
    story = _header(kit, doc_type, data)
    story += [
        kit.p(_addressee(data), "plain"),
        kit.fill(
            "您（单位）于{day}提出的“{item}”申请，经审查，决定不予受理。",
            day=cn_date(data.accepted_on),
            item=data.item_name,
        ),
        kit.fill("不予受理的理由：{reason}", reason=data.reject_reason),
    ]
    if data.reject_legal_basis:
        story.append(kit.fill("依据：{basis}", basis=data.reject_legal_basis))
    if data.reject_referral:
        story.append(kit.fill("建议您：{referral}", referral=data.reject_referral))
    story += [
        kit.p(data.reject_appeal_text.strip() or STANDARD_APPEAL_TEXT, "body"),
        Spacer(1, 3 * mm),
        _info_table(kit, doc_type, data),
    ]
    if data.materials:
        heading = kit.p("已核对的申请材料（已全部退还申请人）", "heading")
        story += [Spacer(1, 3 * mm), Headed(heading, _material_table(kit, data.materials))]
    story += [*_qr_block(kit, data.progress_url, "扫码查看本通知"), *_closing(kit, doc_type, data)]
    return story


def _closing(
    kit: Kit, doc_type: DocumentType, data: CaseDocumentData, *, who: str = "申请人（签收）"
) -> list[Flowable]:
    if kit.paper.is_roll:
        return [*_signatures(kit, data, who=who), *_roll_footer(kit, data)]
    return _signatures(kit, data, who=who, tips=_progress_tips(doc_type))


_CASE_STORIES: dict[DocumentType, Callable[[Kit, CaseDocumentData], list[Flowable]]] = {
    DocumentType.RECEIPT: _receipt_story,
    DocumentType.NOTIFY_ONCE: _notify_once_story,
    DocumentType.DEFICIENCY_NOTICE: _deficiency_story,
    DocumentType.REJECTION_NOTICE: _rejection_story,
}


def _render_case(
    doc_type: DocumentType, data: CaseDocumentData, paper: Paper, fonts: FontChain | None
) -> RenderedDocument:
    _check_case(data)
    kit = Kit(paper, fonts or default_font_chain())
    pdf = _case_pdf(kit, doc_type, data, _CASE_STORIES[doc_type](kit, data))
    return RenderedDocument(pdf=pdf, doc_type=doc_type, paper=paper, warnings=kit.ts.warnings())


def render_receipt(
    data: CaseDocumentData, *, paper: Paper = Paper.A4, fonts: FontChain | None = None
) -> bytes:
    """受理回执."""
    return _render_case(DocumentType.RECEIPT, data, paper, fonts).pdf


def render_notify_once(
    data: CaseDocumentData, *, paper: Paper = Paper.A4, fonts: FontChain | None = None
) -> bytes:
    """一次性告知书."""
    return _render_case(DocumentType.NOTIFY_ONCE, data, paper, fonts).pdf


def render_deficiency_notice(
    data: CaseDocumentData, *, paper: Paper = Paper.A4, fonts: FontChain | None = None
) -> bytes:
    """容缺受理通知书 with the applicant's 承诺书."""
    return _render_case(DocumentType.DEFICIENCY_NOTICE, data, paper, fonts).pdf


def render_rejection_notice(
    data: CaseDocumentData, *, paper: Paper = Paper.A4, fonts: FontChain | None = None
) -> bytes:
    """不予受理通知书."""
    return _render_case(DocumentType.REJECTION_NOTICE, data, paper, fonts).pdf


# --------------------------------------------------------------------------------------- ticket


def _ticket_story(kit: Kit, data: TicketData) -> list[Flowable]:
    story: list[Flowable] = [
        kit.title(data.hall_name, 12, bold=False),
        Spacer(1, 2 * mm),
        kit.title(data.service_name, 11, bold=False),
        Spacer(1, 1 * mm),
        kit.title(data.number, 40),
    ]
    if data.green_channel:
        story += [Spacer(1, 1 * mm), Badge(kit.ts, "绿色通道　优先办理", 10)]
    story += [
        Spacer(1, 2 * mm),
        kit.fill("您前面还有 {n} 人在等候", "center", n=str(data.people_ahead)),
    ]
    if data.window_hint:
        story.append(kit.p(data.window_hint, "center"))
    story += [
        QrCode(data.status_url, 28 * mm),
        kit.p("扫码查看排队进度", "small-c"),
        Spacer(1, 1.5 * mm),
        kit.p(f"取号时间：{cn_datetime(data.issued_at)}", "center"),
    ]
    note = data.note.strip() or "请留意叫号，过号请重新取号。"
    story += [Spacer(1, 1 * mm), kit.p(note, "small-c")]
    return story


def _render_ticket(data: TicketData, paper: Paper, fonts: FontChain | None) -> RenderedDocument:
    _require(bool(data.number.strip()), "号码为空，无法打印", "number")
    _require(data.people_ahead >= 0, "等候人数不能为负数", "people_ahead")
    _require(bool(data.status_url.strip()), "查询地址为空，无法生成二维码", "status_url")
    kit = Kit(paper, fonts or default_font_chain())
    pdf = build_pdf(
        kit,
        _ticket_story(kit, data),
        title=f"排队号票 {data.number}",
        author=data.hall_name,
        footer=Footer(data.hall_name),
    )
    return RenderedDocument(pdf=pdf, doc_type=DocumentType.TICKET, paper=paper, warnings=kit.ts.warnings())


def render_ticket(data: TicketData, *, paper: Paper = Paper.ROLL_80, fonts: FontChain | None = None) -> bytes:
    """排队号票."""
    return _render_ticket(data, paper, fonts).pdf


# ----------------------------------------------------------------------------------- dispatcher


def render_document(
    doc_type: DocumentType,
    data: CaseDocumentData | TicketData,
    *,
    paper: Paper | None = None,
    fonts: FontChain | None = None,
) -> RenderedDocument:
    """Render any document; ``paper`` defaults to the type's usual paper (A4, or roll for tickets).

    Raises ``ValidationError`` when the data cannot make that document (wrong data type, no reason
    for a rejection, no pledge deadline for 容缺受理 …); nothing is half-printed.
    """
    chosen = paper or doc_type.default_paper
    if doc_type is DocumentType.TICKET:
        if not isinstance(data, TicketData):
            raise ValidationError("排队号票需要号票数据", field="data", doc_type=doc_type.value)
        return _render_ticket(data, chosen, fonts)
    if not isinstance(data, CaseDocumentData):
        raise ValidationError(f"{doc_type.title}需要办件数据", field="data", doc_type=doc_type.value)
    return _render_case(doc_type, data, chosen, fonts)


def paper_for(doc_type: DocumentType, settings: PrintSettings) -> Paper:
    """The paper the hall's settings choose for a document type (receipt/ticket/notices)."""
    if doc_type is DocumentType.RECEIPT:
        return Paper.from_setting(settings.receipt_paper)
    if doc_type is DocumentType.TICKET:
        return Paper.from_setting(settings.ticket_paper)
    return Paper.from_setting(settings.notice_paper)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


def check_data_printable(data: CaseDocumentData | TicketData, *, fonts: FontChain | None = None) -> list[str]:
    """Characters anywhere in the document's data that no font can print (each once, in order).

    The counter calls this before printing and warns the clerk, who can write them in by hand.
    """
    chain = fonts or default_font_chain()
    return list(dict.fromkeys(char for text in _strings(data) for char in chain.missing(text)))
