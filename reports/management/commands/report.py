import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from organisation.models import OrgUnit
from reports.compute import compute, form_for
from reports.definitions import FORM_CODES
from reports.documents import summary_docx, table_docx, table_xlsx
from reports.summary import SUMMARY, compute_summary, stage_for_year


class Command(BaseCommand):
    help = (
        'A statistics form (0601.N to 0605.N, laid out as Circular 02/2023/TT-BNV; the JSON\'s "circular" names '
        "the circular in force for the year) for a body (its subtree) and a year, as JSON (default), XLSX or DOCX; "
        "or the summary of the stage holding the year (JSON or a DOCX draft)."
    )

    def add_arguments(self, parser):
        parser.add_argument("form", help=f"one of {', '.join(FORM_CODES)}, {SUMMARY}")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--body", help="the reporting unit's code (default: the top unit of the tree)")
        parser.add_argument("--format", choices=["json", "xlsx", "docx"], default="json")
        parser.add_argument("--output", help="write to this file (XLSX and DOCX need it unless stdout is redirected)")

    def handle(self, *args, **options):
        # Labels as the circular writes them, whatever the environment's language.
        with translation.override("vi"):
            self.report(**options)

    def report(self, *, form, year, body, format, output, **options):
        if form not in FORM_CODES and form != SUMMARY:
            raise CommandError(f"Không có biểu “{form}”: chọn một trong {', '.join(FORM_CODES)}, {SUMMARY}.")
        if body:
            unit = OrgUnit.objects.select_related("parent").filter(code=body).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị nào có mã “{body}”.")
        else:
            unit = OrgUnit.objects.select_related("parent").order_by("depth", "path").first()
            if unit is None:
                raise CommandError("Chưa có đơn vị nào: nhập cây đơn vị trước (import_data).")
        if form == SUMMARY:
            stage = stage_for_year(year, unit)
            if stage is None:
                raise CommandError(f"Không có giai đoạn thi đua nào gồm năm {year}.")
            if format == "xlsx":
                raise CommandError("Báo cáo tổng kết giai đoạn có dạng json hoặc docx.")
            result = compute_summary(stage, unit)
            self._write(format, output, result.as_json(), lambda: summary_docx(result))
            return
        table = compute(form_for(form, year), unit, year)
        self._write(
            format,
            output,
            table.as_json(),
            lambda: table_xlsx(table) if format == "xlsx" else table_docx(table),
        )

    def _write(self, format, output, data_json, binary) -> None:
        if format == "json":
            text = json.dumps(data_json, ensure_ascii=False, indent=1) + "\n"
            if output:
                Path(output).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        data = binary()
        if output:
            Path(output).write_bytes(data)
        elif sys.stdout.isatty():
            raise CommandError(f"--format {format} cần --output TỆP (hoặc chuyển hướng đầu ra vào một tệp).")
        else:
            sys.stdout.buffer.write(data)
