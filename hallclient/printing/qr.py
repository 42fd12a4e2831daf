"""QR codes drawn as vector squares.

The module matrix comes from the ``qrcode`` package (the same encoder the screens use, so a code on
screen and on paper are identical); reportlab draws it as filled rectangles rather than a bitmap so
that it stays sharp on a 203 dpi thermal head and at any zoom, and adds no image to the PDF.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark/light modules, no quiet zone. Cached: choosing the best mask is the slow part, and a
    preview followed by a print, or a reprint, asks for the same code again."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


class QrCode(Flowable):  # type: ignore[misc,unused-ignore]  # reportlab is untyped
    """A square QR code of ``size`` points (quiet zone included), centred in the frame or cell."""

    def __init__(self, data: str, size: float, *, align: str = "CENTER") -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.hAlign = align
        self._matrix = qr_matrix(data)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        modules = len(self._matrix)
        unit = self.size / (modules + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        path = canvas.beginPath()
        for row_index, row in enumerate(self._matrix):
            y = self.size - (QUIET_ZONE + row_index + 1) * unit
            col = 0
            # One rectangle per horizontal run of dark modules keeps the page content small.
            while col < modules:
                if not row[col]:
                    col += 1
                    continue
                start = col
                while col < modules and row[col]:
                    col += 1
                path.rect((QUIET_ZONE + start) * unit, y, (col - start) * unit, unit)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
