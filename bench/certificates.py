"""Certificates by the hundred: the time to render N certificates into one PDF.

Renders the entries of the database's decisions (cycled up to ``--pages``, in golden-book order)
with the code the batch task runs (``council.certificates.render``): once in Songlo's own layout
(border, texts, a QR code per page) and once on a blank (values only at measured places). CPU and
wall seconds, pages per second; the aim is 1,000 certificates in under a minute.

``python -m bench.certificates --database URL [--pages 1000]``
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from decimal import Decimal


def measure(pages: int) -> dict:
    from council import certificates
    from council.enums import CertificateField
    from council.models import BlankField, BlankLayout, CertificateBatch, Decision, DecisionEntry

    entries = list(
        DecisionEntry.objects.select_related(
            "decision__body",
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__unit",
        ).order_by("decision", "ordinal")[:pages]
    )
    if not entries:
        return {"state": "no object"}
    entries = list(itertools.islice(itertools.cycle(entries), pages))
    blank = BlankLayout(name="bench")
    fields = [
        BlankField(layout=blank, field=f, x_mm=Decimal(40), y_mm=Decimal(40 + 15 * i), width_mm=Decimal(200))
        for i, f in enumerate(CertificateField.values)
    ]
    figures: dict = {"state": "ok", "pages": pages}
    for layout in ("own", "blank"):
        batch = CertificateBatch(decision=entries[0].decision if entries else Decision())
        started, cpu = time.perf_counter(), time.process_time()
        if layout == "own":
            data = certificates.render(batch, entries)
        else:
            pdf = certificates.new_pdf()
            for entry in entries:
                certificates.draw_blank(pdf, blank, fields, certificates.values_for(entry))
            data = bytes(pdf.output())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        figures[layout] = {
            "seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2),
            "pages_per_second": round(pages / wall, 1),
            "megabytes": round(len(data) / 1e6, 2),
        }
    figures["seconds"] = figures["own"]["seconds"]
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args(argv)
    from bench.common import setup_django, write_result

    os.environ["DATABASE_URL"] = args.database
    setup_django()
    load = os.getloadavg()[0]
    figures = measure(args.pages)
    figures["loadavg_before"] = round(load, 2)
    figures["loadavg_after"] = round(os.getloadavg()[0], 2)
    write_result("certificates", figures)
    print(figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
