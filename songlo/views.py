from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from songlo.choosers import CHOOSERS, LIMIT, MAX_QUERY, TEXT_SUFFIX
from songlo.params import id_param
from songlo.search import HITS_PER_KIND, SEARCH_SOURCES


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker() -> None:
    from songlo.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, when configured) answer; 503 naming the failing part."""
    checks = {"database": _check_database}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _check_broker
    body, failing = {}, []
    for name, check in checks.items():
        try:
            check()
            body[name] = "ok"
        except Exception as exc:  # any failure means "not healthy"; the kind is reported
            body[name] = f"error: {exc.__class__.__name__}"
            failing.append(name)
    body["status"] = "fail" if failing else "ok"
    return JsonResponse(body, status=503 if failing else 200)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors that hit the database: the database may be the problem.
    from django.template import loader

    template = loader.get_template("500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render({"request": request}))


def favicon(request):
    """Browsers and bookmarks still ask for /favicon.ico: point them at the icon the pages link."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_required
@require_GET
def search(request):
    """The top bar's search: what the user may see of every kind, by any spelling."""
    query = request.GET.get("q", "").strip()[:100]
    groups = []
    if query:
        for key, source in SEARCH_SOURCES.items():
            hits = source.find(request.user, query, HITS_PER_KIND)
            more = source.more_url(query) if source.more_url and len(hits) > HITS_PER_KIND else None
            groups.append({"key": key, "label": source.label, "hits": hits[:HITS_PER_KIND], "more": more})
    found = sum(len(group["hits"]) for group in groups)
    return render(request, "search.html", {"query": query, "groups": [g for g in groups if g["hits"]], "found": found})


@login_required
@require_GET
def choose(request, name):
    """htmx: the first options of a search field matching what was typed (songlo/choosers.py).

    Only what the user may choose in the scope named by the query string (the same queryset the
    form validates against); a scope id that is missing or not the user's gives no options.
    """
    found = CHOOSERS.get(name)
    if found is None:
        raise Http404
    query = next((v for k, v in request.GET.items() if k == "q" or k.endswith(TEXT_SUFFIX)), "").strip()[:MAX_QUERY]
    scope = {param: id_param(request.GET.get(param)) for param in found.scope_params}
    options = []
    if query and None not in scope.values():
        options = found.find(request.user, scope, query, LIMIT + 1)
    context = {"options": options[:LIMIT], "more": len(options) > LIMIT, "query": query, "limit": LIMIT}
    return render(request, "includes/search_options.html", context)
