"""The history of imports: who imported what, when, and every record each import created or changed.

Read from the imports' audit lines (``awards.importer._record_import``), scoped to the user by
``awards.selectors.imports_for_user``: an office sees the imports made within its own subtree.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from awards.import_template import template_xlsx
from awards.importer import SHEET_LABELS
from awards.selectors import imports_for_user
from organisation.models import OrgUnit
from songlo.sorting import Sorts
from songlo.spreadsheets import xlsx_response
from songlo.views_support import require_page

PAGE_SIZE = 50
CHANGES_PAGE_SIZE = 200


# Newest first; "actor" sorts by who imported (a command-line import has no actor: last).
IMPORT_SORTS = Sorts("-at", at="at", actor=("actor__full_name", F("at").desc()))


@login_required
@require_GET
def import_history(request):
    require_page(request, "awards.import_data")
    events = (
        imports_for_user(request.user)
        .defer("data")
        .annotate(counts=KeyTransform("counts", "data"), scope_root=KeyTextTransform("scope_root", "data"))
    )
    events, sort = IMPORT_SORTS.apply(request, events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    scope_paths = {event.scope_root for event in page.object_list if event.scope_root}
    roots = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=scope_paths)}
    rows = []
    for event in page.object_list:
        counts = (event.counts or {}).values()
        rows.append(
            {
                "event": event,
                "scope": roots.get(event.scope_root),
                "created": sum(c[0] for c in counts),
                "updated": sum(c[1] for c in counts),
            }
        )
    return render(request, "awards/import_history.html", {"page": page, "rows": rows, "sort": sort})


@login_required
@require_GET
def import_history_detail(request, pk: int):
    require_page(request, "awards.import_data")
    event = get_object_or_404(imports_for_user(request.user), pk=pk)
    scope_root = event.data.get("scope_root") or ""
    page = Paginator(event.data.get("changes") or [], CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    changes = [
        {
            "sheet": change["sheet"],
            "sheet_label": SHEET_LABELS.get(change["sheet"], change["sheet"]),
            "key": change["key"],
            "created": change["outcome"] == "created",
            "fields": [(column, old, new) for column, (old, new) in change["fields"].items()],
        }
        for change in page.object_list
    ]
    context = {
        "event": event,
        "scope": OrgUnit.objects.filter(path=scope_root).first() if scope_root else None,
        "counts": [(name, SHEET_LABELS.get(name, name), c) for name, c in (event.data.get("counts") or {}).items()],
        "page": page,
        "changes": changes,
    }
    return render(request, "awards/import_history_detail.html", context)


@login_required
@require_GET
def import_template(request):
    """The workbook to fill: every sheet and column, Vietnamese headers and a notes sheet."""
    require_page(request, "awards.import_data")
    return xlsx_response(template_xlsx(), "mau-nhap-du-lieu-songlo.xlsx")
