"""How long it takes to build each printed document (PDF bytes, fonts embedded, QR drawn).

    python bench/printing.py [--runs N] [--quick]

Warm figures are the median and p95 of N renders in one process after one untimed render; the
cold figure is the first render in a fresh interpreter, font discovery and loading included.
The budget for a receipt is 150 ms. The last line holds the headline figures as name=value pairs.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hallclient.printing import samples  # noqa: E402
from hallclient.printing.documents import render_document  # noqa: E402
from hallclient.printing.model import CaseDocumentData, DocumentType, Paper, TicketData  # noqa: E402

RECEIPT_BUDGET_MS = 150.0

COLD_SNIPPET = """
import time
t0 = time.perf_counter()
from hallclient.printing import samples
from hallclient.printing.documents import render_document
from hallclient.printing.model import DocumentType
t1 = time.perf_counter()
render_document(DocumentType.RECEIPT, samples.receipt_case())
t2 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.1f} {(t2 - t1) * 1000:.1f}")
"""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _variant(data: CaseDocumentData | TicketData, run: int) -> CaseDocumentData | TicketData:
    """A new case or ticket address per run, so no run reuses another's cached QR code."""
    if isinstance(data, TicketData):
        return dataclasses.replace(data, status_url=f"{data.status_url}-{run}")
    return dataclasses.replace(data, progress_url=f"{data.progress_url}-{run}")


def _time_ms(doc_type: DocumentType, paper: Paper, runs: int) -> tuple[float, float, int]:
    data = samples.samples()[doc_type]
    size = len(render_document(doc_type, data, paper=paper).pdf)  # warm-up, untimed
    times = []
    for run in range(runs):
        variant = _variant(data, run)
        start = time.perf_counter()
        render_document(doc_type, variant, paper=paper)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), _p95(times), size


def _cold_ms(repeats: int) -> tuple[float, float]:
    imports, first = [], []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", COLD_SNIPPET], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()
        imports.append(float(out[0]))
        first.append(float(out[1]))
    return statistics.median(imports), statistics.median(first)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="10 runs per document, one cold start")
    args = parser.parse_args(argv)
    runs = 10 if args.quick else args.runs
    cold_repeats = 1 if args.quick else 3

    cases = [(doc_type, doc_type.default_paper) for doc_type in DocumentType]
    cases.insert(1, (DocumentType.RECEIPT, Paper.ROLL_80))
    results: dict[tuple[DocumentType, Paper], float] = {}
    print(f"warm renders, {runs} runs each (median / p95 ms, PDF size):")
    for doc_type, paper in cases:
        median, p95, size = _time_ms(doc_type, paper, runs)
        results[(doc_type, paper)] = median
        label = f"{doc_type.value} ({paper.value})"
        print(f"  {label:34s} {median:7.1f} / {p95:7.1f}   {size / 1024:6.1f} KiB")

    import_ms, cold_ms = _cold_ms(cold_repeats)
    print(f"cold start: import {import_ms:.0f} ms, first receipt {cold_ms:.0f} ms (font discovery, loading)")

    receipt = results[(DocumentType.RECEIPT, Paper.A4)]
    not_notices = (DocumentType.RECEIPT, DocumentType.TICKET)
    notices = [results[(t, Paper.A4)] for t in DocumentType if t not in not_notices]
    notice = max(notices)
    ticket = results[(DocumentType.TICKET, Paper.ROLL_80)]
    print(f"receipt vs budget {RECEIPT_BUDGET_MS:.0f} ms: {receipt / RECEIPT_BUDGET_MS:.2f}x")
    print(f"slowest notice vs receipt: {notice / receipt:.2f}x; ticket vs receipt: {ticket / receipt:.2f}x")
    print(
        f"receipt_ms={receipt:.1f} notice_ms={notice:.1f} ticket_ms={ticket:.1f} "
        f"receipt_roll_ms={results[(DocumentType.RECEIPT, Paper.ROLL_80)]:.1f} "
        f"cold_first_ms={cold_ms:.0f} budget_ratio={receipt / RECEIPT_BUDGET_MS:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
