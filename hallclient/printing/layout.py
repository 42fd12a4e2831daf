"""Page furniture shared by the documents: styles, title lines, tables, seal, page frames.

A4 documents get 20 mm side margins and a footer with the hall's address and phone and
"第 x 页 共 y 页". Roll documents (80 mm) get a page exactly as long as their content.
"""

from __future__ import annotations

import io
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from hallclient.printing.fonts import FontChain, Typesetter
from hallclient.printing.model import Paper

A4_HEIGHT = 297 * mm
A4_MARGIN_X = 20 * mm
A4_MARGIN_TOP = 18 * mm
A4_MARGIN_BOTTOM = 20 * mm
ROLL_MARGIN_X = 4 * mm  # thermal heads print about 72 mm of the 80 mm roll
ROLL_MARGIN_Y = 5 * mm
ROLL_TEAR_OFF = 10 * mm  # blank paper below the last line so the tear does not cut it
GRID = colors.black
SHADE = colors.Color(0.9, 0.9, 0.9)


class Kit:
    """Everything one document needs to set text: the paper, the fonts, the styles."""

    def __init__(self, paper: Paper, chain: FontChain) -> None:
        self.paper = paper
        self.ts = Typesetter(chain)
        self.font = chain.primary
        roll = paper.is_roll
        margin = ROLL_MARGIN_X if roll else A4_MARGIN_X
        self.width = paper.width_pt - 2 * margin
        size = 8.5 if roll else 11.5
        self.size = size
        base = ParagraphStyle(
            "body", fontName=chain.primary, fontSize=size, leading=size * 1.55, wordWrap="CJK"
        )
        self.styles = {
            "body": ParagraphStyle("body-j", parent=base, alignment=TA_JUSTIFY, firstLineIndent=2 * size),
            "plain": ParagraphStyle("plain", parent=base, alignment=TA_LEFT),
            "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
            "cell": ParagraphStyle("cell", parent=base, fontSize=size - 2, leading=(size - 2) * 1.3),
            "cell-c": ParagraphStyle(
                "cell-c", parent=base, fontSize=size - 2, leading=(size - 2) * 1.3, alignment=TA_CENTER
            ),
            "item": ParagraphStyle(
                "item", parent=base, alignment=TA_JUSTIFY, leftIndent=1.6 * size, firstLineIndent=-1.6 * size
            ),
            "small": ParagraphStyle("small", parent=base, fontSize=size - 2, leading=(size - 2) * 1.4),
            "small-c": ParagraphStyle(
                "small-c", parent=base, fontSize=size - 2, leading=(size - 2) * 1.4, alignment=TA_CENTER
            ),
            "small-r": ParagraphStyle(
                "small-r", parent=base, fontSize=size - 2, leading=(size - 2) * 1.4, alignment=TA_RIGHT
            ),
            "heading": ParagraphStyle(
                "heading", parent=base, fontSize=size + 1, leading=(size + 1) * 1.6, spaceBefore=size * 0.6
            ),
        }

    def p(self, text: str, style: str = "plain") -> Paragraph:
        return Paragraph(self.ts.markup(text), self.styles[style])

    def fill(self, template: str, style: str = "body", **values: str) -> Paragraph:
        """A sentence whose ``{placeholders}`` are filled-in values, underlined as on a form."""
        parts = []
        for literal, field_name, _spec, _conv in string.Formatter().parse(template):
            parts.append(self.ts.markup(literal))
            if field_name is not None:
                parts.append(f"<u>{self.ts.markup(values[field_name])}</u>")
        return Paragraph("".join(parts), self.styles[style])

    def title(self, text: str, size: float, *, bold: bool = True) -> TitleLine:
        return TitleLine(self.ts, text, size, bold=bold)


TITLE_MIN_SIZE = 7.0  # a title shrinks no further than this to stay on one line, then breaks


class TitleLine(Flowable):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
    """One centred line drawn run by run; "bold" strokes the outlines, as CJK faces ship no bold.

    A title too wide for the line (a long hall or service name) is set smaller, down to
    ``TITLE_MIN_SIZE``, then on as many centred lines as it needs at that size: shrunk onto one
    line without limit it could come out at 3 pt, which a 203 dpi thermal head cannot print.
    """

    def __init__(self, ts: Typesetter, text: str, size: float, *, bold: bool = True) -> None:
        super().__init__()
        self.runs = ts.runs(text)
        self.size = size
        self.bold = bold
        self._draw_size = size
        self._lines: list[list[tuple[str, str]]] = [self.runs]

    def _width_at(self, size: float, runs: Sequence[tuple[str, str]] | None = None) -> float:
        return float(
            sum(stringWidth(piece, font, size) for font, piece in (self.runs if runs is None else runs))
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        natural = self._width_at(self.size)
        if natural <= avail_width:
            self._draw_size, self._lines = self.size, [self.runs]
        elif self.size * avail_width / natural >= min(TITLE_MIN_SIZE, self.size):
            self._draw_size, self._lines = self.size * avail_width / natural, [self.runs]
        else:
            self._draw_size = min(TITLE_MIN_SIZE, self.size)
            self._lines = wrap_runs(self.runs, avail_width, self._draw_size)
        return avail_width, self._draw_size * 1.3 * len(self._lines)

    def draw(self) -> None:
        canvas = self.canv
        size = self._draw_size
        if self.bold:
            canvas.setLineWidth(size / 40)
        for index, line in enumerate(self._lines):
            x = (self._avail - self._width_at(size, line)) / 2
            text = canvas.beginText(x, (len(self._lines) - 1 - index) * size * 1.3 + size * 0.3)
            if self.bold:
                text.setTextRenderMode(2)
            for font, piece in line:
                text.setFont(font, size)
                text.textOut(piece)
            canvas.drawText(text)


class Headed(Flowable):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
    """A heading and what it heads (a table), which never leaves the heading alone at a page's foot.

    Split where the body splits, the heading going with its first part; where not even the body's
    first part fits (a table's header and first row), both move to the next page. reportlab's own
    keepWithNext would move a whole long table and leave most of a page blank.
    """

    def __init__(self, heading: Flowable, body: Flowable) -> None:
        super().__init__()
        self.heading = heading
        self.body = body
        self._heading_height = 0.0
        self._body_height = 0.0

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return float(self.heading.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return float(self.body.getSpaceAfter())

    def _gap(self) -> float:
        return float(max(self.heading.getSpaceAfter(), self.body.getSpaceBefore()))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _w, heading_height = self.heading.wrap(avail_width, avail_height)
        self._heading_height = heading_height + self._gap()
        _w, self._body_height = self.body.wrap(avail_width, max(avail_height - self._heading_height, 0))
        self.width = avail_width
        return avail_width, self._heading_height + self._body_height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _w, heading_height = self.heading.wrap(avail_width, avail_height)
        room = avail_height - heading_height - self._gap()
        parts = self.body.split(avail_width, room) if room > 0 else []
        if not parts:
            return []
        return [self.heading, *parts]

    def draw(self) -> None:
        # The heading first, so that text read back from the PDF is in reading order.
        self.heading.drawOn(self.canv, 0, self._body_height + self._gap())
        self.body.drawOn(self.canv, 0, 0)


class Badge(Flowable):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
    """White text on a black bar: the 绿色通道 mark, readable on any thermal printer."""

    def __init__(self, ts: Typesetter, text: str, size: float) -> None:
        super().__init__()
        self.runs = ts.runs(text)
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.size * 1.8

    def draw(self) -> None:
        canvas = self.canv
        width = sum(stringWidth(piece, font, self.size) for font, piece in self.runs)
        box_w = width + self.size * 2
        box_x = (self._avail - box_w) / 2
        canvas.setFillColor(colors.black)
        canvas.roundRect(box_x, 0, box_w, self.size * 1.8, self.size * 0.3, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        text = canvas.beginText(box_x + self.size, self.size * 0.55)
        for font, piece in self.runs:
            text.setFont(font, self.size)
            text.textOut(piece)
        canvas.drawText(text)


SEAL_MIN_SIZE = 6.5
SEAL_MAX_LINES = 3


class SealBlock(Flowable):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
    """Issuer and date at the right with a dashed circle where the 受理专用章 is pressed."""

    DIAMETER = 36 * mm

    def __init__(self, kit: Kit, issuer: str, date_text: str) -> None:
        super().__init__()
        self.kit = kit
        self.issuer = kit.ts.runs(issuer)
        self.date = kit.ts.runs(date_text)
        self.label = kit.ts.runs("（受理专用章）")
        self.size = kit.size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.DIAMETER + 1 * mm

    def _line(self, runs: Sequence[tuple[str, str]], centre_x: float, y: float, size: float) -> None:
        width = sum(stringWidth(piece, font, size) for font, piece in runs)
        room = self.DIAMETER - 6 * mm  # a long hall name shrinks to stay inside the seal
        if width > room:
            size, width = size * room / width, room
        text = self.canv.beginText(centre_x - width / 2, y)
        for font, piece in runs:
            text.setFont(font, size)
            text.textOut(piece)
        self.canv.drawText(text)

    def draw(self) -> None:
        canvas = self.canv
        radius = self.DIAMETER / 2
        centre_x = self._avail - radius - 6 * mm
        centre_y = radius + 0.5 * mm
        canvas.saveState()
        canvas.setStrokeColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setDash(3, 2)
        canvas.setLineWidth(0.8)
        canvas.circle(centre_x, centre_y, radius, stroke=1, fill=0)
        canvas.restoreState()
        canvas.setFillColor(colors.Color(0.5, 0.5, 0.5))
        self._line(self.label, centre_x, centre_y - radius + 5 * mm, self.size - 3)
        canvas.setFillColor(colors.black)
        size, lines = self._issuer_lines()
        for index, line in enumerate(reversed(lines)):  # upwards from the line above the date
            self._line(line, centre_x, centre_y + 2 * mm + index * size * 1.15, size)
        self._line(self.date, centre_x, centre_y - 6 * mm, self.size)

    def _issuer_lines(self) -> tuple[float, list[list[tuple[str, str]]]]:
        """The issuer in the seal: one line at the body size if it fits, else up to three lines at
        the largest size from which they fit (a long 行政审批局（政务服务中心）分中心 name shrunk
        onto one line could not be read); a name longer still, three lines of the smallest size,
        each shrunk into the circle by ``_line``."""
        room = self.DIAMETER - 10 * mm  # the chord is narrower above the centre
        lines = wrap_runs(self.issuer, room, self.size)
        if len(lines) == 1:
            return self.size, lines
        size = self.size - 1.0
        while size >= SEAL_MIN_SIZE:
            lines = wrap_runs(self.issuer, room, size)
            if len(lines) <= SEAL_MAX_LINES:
                return size, lines
            size -= 0.5
        total = sum(stringWidth(piece, font, SEAL_MIN_SIZE) for font, piece in self.issuer)
        return SEAL_MIN_SIZE, wrap_runs(self.issuer, total / SEAL_MAX_LINES + SEAL_MIN_SIZE, SEAL_MIN_SIZE)


def layout_table(rows: list[list[Any]], widths: Sequence[float], *, font: str) -> Table:
    """A borderless table that only places things side by side, top-aligned."""
    table = Table(rows, colWidths=list(widths))
    table.setStyle(
        [
            # Tables set their cells' font even for flowables; the default, Helvetica, is never embedded.
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def grid_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    font: str,
    header_rows: int = 0,
    label_columns: Sequence[int] = (),
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    shaded_cells: Sequence[tuple[int, int]] = (),
    padding: float = 2.6,
) -> Table:
    """A bordered table as on printed forms: header and label cells shaded, contents top-aligned."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, hAlign="CENTER")
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.9),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    for column in label_columns:
        style.append(("BACKGROUND", (column, 0), (column, -1), SHADE))
    for start, end in spans:
        style.append(("SPAN", start, end))
    for cell in shaded_cells:
        style.append(("BACKGROUND", cell, cell, SHADE))
    table.setStyle(TableStyle(style))
    return table


@dataclass(frozen=True)
class Footer:
    left: str
    right_prefix: str = ""


def _draw_runs(
    canvas: Canvas, runs: Sequence[tuple[str, str]], x: float, y: float, size: float, *, align: str
) -> None:
    width = sum(stringWidth(piece, font, size) for font, piece in runs)
    start = x - width if align == "right" else x
    text = canvas.beginText(start, y)
    for font, piece in runs:
        text.setFont(font, size)
        text.textOut(piece)
    canvas.drawText(text)


FOOTER_SIZE = 8.5
FOOTER_TWO_LINE_SIZE = 7.0  # shrink this far on one line before breaking it in two
FOOTER_MIN_SIZE = 5.5
FOOTER_MAX_LINES = 2  # what fits between the rule and the unprintable edge of the paper
FOOTER_GAP = 5 * mm  # between the hall's text and "第 x 页 共 y 页"
FOOTER_SEPARATOR = "\u3000"  # the footer's parts are joined by ideographic spaces: break there first


def wrap_runs(runs: Sequence[tuple[str, str]], width: float, size: float) -> list[list[tuple[str, str]]]:
    """``runs`` broken into lines no wider than ``width``: after the last separator that fits, else
    between any two characters (as CJK text may be). No line starts with a separator."""
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    line_width = 0.0
    break_at = 0  # length of ``line`` up to and including its last separator
    for font, char in ((font, char) for font, piece in runs for char in piece):
        char_width = stringWidth(char, font, size)
        if line and line_width + char_width > width:
            cut = break_at or len(line)
            lines.append(line[:cut])
            line = line[cut:]
            line_width = sum(stringWidth(c, f, size) for f, c in line)
            break_at = 0
        if not line and char == FOOTER_SEPARATOR:
            continue
        line.append((font, char))
        line_width += char_width
        if char == FOOTER_SEPARATOR:
            break_at = len(line)
    if line:
        lines.append(line)
    return [_merge_runs(chars) for chars in lines]


def _merge_runs(chars: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for font, char in chars:
        if merged and merged[-1][0] == font:
            merged[-1] = (font, merged[-1][1] + char)
        else:
            merged.append((font, char))
    return merged


def fit_footer(runs: Sequence[tuple[str, str]], width: float) -> tuple[float, list[list[tuple[str, str]]]]:
    """Size and lines of the hall's footer text within ``width``: one line, smaller if need be, then
    two, so that a long name or address is neither cut off at the paper's edge nor printed over
    the page number."""
    size = FOOTER_SIZE
    lines = wrap_runs(runs, width, size)
    while len(lines) > 1 and size > FOOTER_TWO_LINE_SIZE:
        size -= 0.5
        lines = wrap_runs(runs, width, size)
    while len(lines) > FOOTER_MAX_LINES and size > FOOTER_MIN_SIZE:
        size -= 0.5
        lines = wrap_runs(runs, width, size)
    return size, lines  # beyond any real address more lines follow: every character still prints


def _numbered_canvas(kit: Kit, footer: Footer) -> Callable[..., Canvas]:
    """A canvas that writes "第 x 页 共 y 页" once the number of pages is known."""
    left = kit.ts.runs(footer.left)
    content_width = kit.paper.width_pt - 2 * A4_MARGIN_X

    class NumberedCanvas(Canvas):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            # The widest page number decides the room left for the hall, so every page reads alike.
            widest = kit.ts.runs(f"{footer.right_prefix}第 {total} 页 共 {total} 页")
            number_width = sum(stringWidth(piece, font, FOOTER_SIZE) for font, piece in widest)
            left_size, left_lines = fit_footer(left, content_width - number_width - FOOTER_GAP)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setStrokeColor(colors.black)
                self.setLineWidth(0.5)
                base_y = A4_MARGIN_BOTTOM - 9 * mm
                self.line(A4_MARGIN_X, base_y + 4 * mm, kit.paper.width_pt - A4_MARGIN_X, base_y + 4 * mm)
                for index, line in enumerate(left_lines):
                    _draw_runs(
                        self, line, A4_MARGIN_X, base_y - index * left_size * 1.3, left_size, align="left"
                    )
                page_runs = kit.ts.runs(f"{footer.right_prefix}第 {number} 页 共 {total} 页")
                _draw_runs(
                    self, page_runs, kit.paper.width_pt - A4_MARGIN_X, base_y, FOOTER_SIZE, align="right"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _doc(buffer: io.BytesIO, kit: Kit, height: float, *, title: str, author: str) -> BaseDocTemplate:
    roll = kit.paper.is_roll
    margin_x = ROLL_MARGIN_X if roll else A4_MARGIN_X
    top = ROLL_MARGIN_Y if roll else A4_MARGIN_TOP
    bottom = ROLL_MARGIN_Y + ROLL_TEAR_OFF if roll else A4_MARGIN_BOTTOM
    doc = BaseDocTemplate(
        buffer,
        pagesize=(kit.paper.width_pt, height),
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        creator="hallclient",
        invariant=1,  # same data, same bytes: reprints and stored copies compare equal
        initialFontName=kit.font,  # else every page names Helvetica, a font that is never embedded
    )
    frame = Frame(
        margin_x,
        bottom,
        kit.width,
        height - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


def _story_height(story: Sequence[Flowable], width: float) -> float:
    total = 0.0
    previous_after = 0.0
    scratch = Canvas(io.BytesIO())
    for index, flowable in enumerate(story):
        _w, height = flowable.wrapOn(scratch, width, 1e6)
        if isinstance(flowable, KeepTogether):
            height = flowable._H  # its wrap() answers "huge" on purpose to force a split
        before = flowable.getSpaceBefore() if index else 0.0
        total += height + max(before, previous_after)
        previous_after = flowable.getSpaceAfter()
    return total


def build_pdf(kit: Kit, story: list[Flowable], *, title: str, author: str, footer: Footer) -> bytes:
    """Lay ``story`` out on the kit's paper: A4 pages with footers, or one roll page cut to fit."""
    buffer = io.BytesIO()
    if not kit.paper.is_roll:
        doc = _doc(buffer, kit, A4_HEIGHT, title=title, author=author)
        doc.build(story, canvasmaker=_numbered_canvas(kit, footer))
        return buffer.getvalue()
    fixed = ROLL_MARGIN_Y * 2 + ROLL_TEAR_OFF
    height = _story_height(story, kit.width) + fixed + 4
    for _attempt in range(4):
        buffer = io.BytesIO()
        doc = _doc(buffer, kit, height, title=title, author=author)
        doc.build(list(story))
        if doc.page == 1:
            return buffer.getvalue()
        # The estimate missed (a table split differently); grow and lay out again.
        height += 20 * mm
    return buffer.getvalue()
