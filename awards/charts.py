"""Charts where people would rather look than read (issue 14, point 6).

The office's statistics page (submissions by period, awards by level over the years, registered
vs achieved, the year's pipeline per title from eligible to decided, the year's dossiers by
status), which a section of its home page loads after
the page itself, and a section of a unit's page (its scores and its awards over the years); both
sections are registered by AwardsConfig.ready (awards sits above campaigns and organisation and
may read both).

Every number is counted by the database (GROUP BY, COUNT, SUM): a fixed number of queries per
section whatever the number of units, people and award records. Each chart is a ``Chart``: the
template draws it with Chart.js (static/js/charts.js reads the numbers from a json_script, no
inline code) and prints the same numbers as a table below it.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, Subquery, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.eligibility import SUGGESTED_AWARDS
from awards.eligibility_snapshots import is_fresh
from awards.enums import REGISTRABLE_COLLECTIVE_TITLES as COLLECTIVE_TITLE_CHOICES
from awards.enums import AwardLevel, NominationStatus
from awards.enums import RegistrationStatus as TitleRegistrationStatus
from awards.models import (
    AwardRecord,
    AwardType,
    EligibilityInputs,
    EligibilitySnapshot,
    EligibleVerdict,
    Nomination,
    TitleRegistration,
)
from campaigns.enums import PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.models import Registration, Review, ReviewPeriod, ReviewScore
from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths, path_q

REPORTED = [ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED]
CACHE_SECONDS = 300
YEARS = 6  # awards by level: this year and the five before
PERIODS = 8  # submissions: the latest periods of the body
# Registered (by the units, for the movement of a year) against achieved (award records of that year).
REGISTERED_TITLES = [("LDTT", "ldtt_count"), ("CSTDCS", "cstdcs_count")]
# The nomination pipeline, in the order a dossier goes through it.
YEARS_BACK = 3  # registered vs achieved: how far back to look for a year whose awards are decided
PIPELINE = [
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.RETURNED,
    NominationStatus.SCREENED,
    NominationStatus.IN_COUNCIL,
    NominationStatus.APPROVED,
    NominationStatus.REJECTED,
    NominationStatus.DECIDED,
]


# The year's pipeline per title: dossiers sent (every status but a draft), passed by the council
# (approved, then decided) and decided (a revoked award is no longer counted as decided or passed).
PIPELINE_STEPS = [
    ("nominated", [s for s in NominationStatus if s != NominationStatus.DRAFT]),
    ("approved", [NominationStatus.APPROVED, NominationStatus.DECIDED]),
    ("decided", [NominationStatus.DECIDED]),
]


@dataclass
class Chart:
    key: str  # unique on the page: the canvas's and the json_script's ids derive from it
    title: str
    kind: str  # Chart.js type: "bar" or "line"
    labels: list[str]
    datasets: list[dict[str, Any]] = field(default_factory=list)  # {"label", "data": [numbers]}
    stacked: bool = False
    horizontal: bool = False
    caption: str = ""

    @property
    def config(self) -> dict[str, Any]:
        """What static/js/charts.js reads (via json_script)."""
        return {
            "type": self.kind,
            "labels": self.labels,
            "datasets": self.datasets,
            "stacked": self.stacked,
            "horizontal": self.horizontal,
        }

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The table under the chart: one row per label, one column per dataset."""
        return [
            {"label": label, "values": [d["data"][i] for d in self.datasets]} for i, label in enumerate(self.labels)
        ]

    @property
    def is_empty(self) -> bool:
        return not any(value for d in self.datasets for value in d["data"] if value)


def _number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- The office's home -------------------------------------------------------------------


def submissions_by_period(paths: list[str]) -> Chart:
    """The body's latest periods: on time, late, not yet submitted (two queries: the periods,
    then their reviews counted by period, status and lateness on the (period, status) index)."""
    periods = list(
        ReviewPeriod.objects.filter(path_q("movement__owner", paths))
        .exclude(status=PeriodStatus.SCHEDULED)
        .order_by("-deadline", "-pk")
        .values("pk", "name", "deadline")[:PERIODS]
    )
    periods.reverse()
    counts: dict[tuple[int, str], int] = {}
    for row in (
        Review.objects.filter(period__in=[p["pk"] for p in periods])
        .values("period", "status", "is_late")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        column = "missing" if row["status"] not in REPORTED else "late" if row["is_late"] else "on_time"
        counts[(row["period"], column)] = counts.get((row["period"], column), 0) + row["n"]
    return Chart(
        key="submissions",
        title=_("Nộp báo cáo theo kỳ"),
        kind="bar",
        stacked=True,
        labels=[f"{p['name']} ({timezone.localtime(p['deadline']):%m/%Y})" for p in periods],
        datasets=[
            {"label": label, "data": [counts.get((p["pk"], column), 0) for p in periods]}
            for column, label in (("on_time", _("Đúng hạn")), ("late", _("Nộp muộn")), ("missing", _("Chưa nộp")))
        ],
    )


def _records_in(paths: list[str]):
    """Award records of the body's units and of their people (not revoked)."""
    return AwardRecord.objects.filter(revoked=False).filter(path_q("unit", paths) | path_q("person__unit", paths))


def awards_by_level(paths: list[str], *, this_year: int) -> Chart:
    """Award records of the body by year and by the award's level (one query)."""
    years = list(range(this_year - YEARS + 1, this_year + 1))
    counts = {
        (row["year"], row["award_type__level"]): row["n"]
        for row in _records_in(paths)
        .filter(year__in=years)
        .values("year", "award_type__level")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Chart(
        key="awards-by-level",
        title=_("Khen thưởng theo cấp qua các năm"),
        kind="bar",
        stacked=True,
        labels=[str(y) for y in years],
        datasets=[
            {"label": str(level.label), "data": [counts.get((y, level.value), 0) for y in years]}
            for level in AwardLevel
        ],
    )


def _achieved(paths: list[str], year: int, codes: list[str]) -> dict[str, int]:
    return dict(
        _records_in(paths)
        .filter(year=year, award_type__code__in=codes)
        .values_list("award_type__code")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("award_type__code", "n")
    )


def _named_registered_vs_achieved(paths: list[str], named, years: list[int]) -> Chart:
    """From the registrations by name: per title, how many were registered and how many of them
    were awarded, for the latest year with an award decided (else the latest). At most four queries."""
    from awards.achievement import annotated

    year, counts = years[0], []
    for candidate in years:
        rows = list(
            annotated(named.filter(year=candidate))
            .values("award_type__code", "award_type__name", "award_type__order")
            .annotate(registered=Count("pk"), achieved=Count("pk", filter=Q(was_decided=True)))
            .order_by("award_type__order", "award_type__code")
        )
        if candidate == years[0]:
            counts = rows
        if any(row["achieved"] for row in rows):
            year, counts = candidate, rows
            break
    return Chart(
        key="registered-achieved",
        title=_("Đăng ký theo tên và đạt được năm %(year)s") % {"year": year},
        kind="bar",
        labels=[row["award_type__name"] for row in counts],
        datasets=[
            {"label": _("Đăng ký"), "data": [row["registered"] for row in counts]},
            {"label": _("Đạt được"), "data": [row["achieved"] for row in counts]},
        ],
    )


def registered_vs_achieved(paths: list[str], *, this_year: int) -> Chart | None:
    """Registered and achieved per title for the latest year the units registered for whose awards
    are decided (else the latest year registered for). From the registrations by name when the
    units made some (awards.TitleRegistration), else from the movements' registered counts. At
    most eight queries."""
    named = TitleRegistration.objects.filter(path_q("unit", paths), year__lte=this_year).exclude(
        status=TitleRegistrationStatus.RETURNED
    )
    named_years = list(named.order_by("-year").values_list("year", flat=True).distinct()[:YEARS_BACK])
    if named_years:
        return _named_registered_vs_achieved(paths, named, named_years)
    registrations = Registration.objects.filter(
        path_q("unit", paths), status=RegistrationStatus.REGISTERED, movement__year__lte=this_year
    )
    years = list(
        registrations.order_by("-movement__year").values_list("movement__year", flat=True).distinct()[:YEARS_BACK]
    )
    if not years:
        return None
    codes = [code for code, _column in REGISTERED_TITLES] + [code for code, _name in COLLECTIVE_TITLE_CHOICES]
    year, achieved = years[0], {}
    for candidate in years:  # the awards of a year are decided in the next one: look back a little
        found = _achieved(paths, candidate, codes)
        if any(found.values()):
            year, achieved = candidate, found
            break
    registrations = registrations.filter(movement__year=year)
    sums = registrations.aggregate(**{column: Sum(column) for _code, column in REGISTERED_TITLES})
    collective = dict(
        registrations.exclude(collective_title="")
        .values_list("collective_title")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("collective_title", "n")
    )
    registered = {code: sums[column] or 0 for code, column in REGISTERED_TITLES} | collective
    shown = [code for code, _column in REGISTERED_TITLES] + [
        code for code in codes[len(REGISTERED_TITLES) :] if registered.get(code) or achieved.get(code)
    ]
    names = dict(AwardType.objects.filter(code__in=shown).values_list("code", "name"))
    return Chart(
        key="registered-achieved",
        title=_("Đăng ký và đạt được năm %(year)s") % {"year": year},
        kind="bar",
        labels=[names.get(code, code) for code in shown],
        datasets=[
            {"label": _("Đăng ký"), "data": [registered.get(code, 0) for code in shown]},
            {"label": _("Đạt được"), "data": [achieved.get(code, 0) for code in shown]},
        ],
    )


def pipeline_year(paths: list[str], *, this_year: int) -> int:
    """The year whose awards are under way: the latest the body's units proposed for, up to this
    one; else last year (the eligibility page's default). One query."""
    year = Nomination.objects.filter(_nominations_in(paths), year__lte=this_year).aggregate(year=Max("year"))["year"]
    return year if year is not None else this_year - 1


def _nominations_in(paths: list[str]) -> Q:
    """Rows whose ``unit_path`` (a dossier's proposing unit, a verdict's subject's unit) is in the body."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(unit_path__startswith=path)
    return condition


def _nomination_counts(paths: list[str], year: int) -> dict[tuple[str, str], int]:
    """The year's dossiers of the body by (award code, status): one query, read by both pipeline charts."""
    return {
        (row["award_type__code"], row["status"]): row["n"]
        for row in Nomination.objects.filter(_nominations_in(paths), year=year)
        .values("award_type__code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }


def nomination_pipeline(counts: dict[tuple[str, str], int], *, year: int) -> Chart | None:
    """The year's dossiers by status (from ``_nomination_counts``: no query of its own)."""
    if not counts:
        return None
    by_status: dict[str, int] = {}
    for (_code, status), n in counts.items():
        by_status[status] = by_status.get(status, 0) + n
    return Chart(
        key="pipeline",
        title=_("Hồ sơ đề nghị khen thưởng năm %(year)s theo bước xử lý") % {"year": year},
        kind="bar",
        horizontal=True,
        labels=[str(status.label) for status in PIPELINE],
        datasets=[{"label": _("Số hồ sơ"), "data": [by_status.get(status.value, 0) for status in PIPELINE]}],
    )


def _eligible_counts(paths: list[str], year: int) -> dict[str, int] | None:
    """The body's eligible subjects per award in the year's snapshot when it is fresh (never older
    than its inputs), else None. Without a snapshot of the year, an empty one is stored for the
    background refresh (awards.refresh_eligibility, every minute) to compute. At most three queries."""
    snapshot = (
        EligibilitySnapshot.objects.filter(year=year)
        .annotate(current=Subquery(EligibilityInputs.objects.filter(pk=1).values("version")[:1]))
        .first()
    )
    if snapshot is None:
        EligibilitySnapshot.objects.get_or_create(
            year=year, defaults={"inputs_version": -1, "engine": "", "computed_at": timezone.now()}
        )
        return None
    if not is_fresh(snapshot, snapshot.current):
        return None
    return dict(
        EligibleVerdict.objects.filter(_nominations_in(paths), snapshot=snapshot)
        .values_list("award")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("award", "n")
    )


def eligibility_pipeline(paths: list[str], counts: dict[tuple[str, str], int], *, year: int) -> Chart:
    """The year's titles from eligible to decided: eligible (the snapshot), nominated, passed by the
    council, decided; one row per title judged by the rules or proposed. At most four queries."""
    eligible = _eligible_counts(paths, year)
    steps: dict[str, dict[str, int]] = {step: {} for step, _statuses in PIPELINE_STEPS}
    for (code, status), n in counts.items():
        for step, statuses in PIPELINE_STEPS:
            if status in statuses:
                steps[step][code] = steps[step].get(code, 0) + n
    codes = set(SUGGESTED_AWARDS) | {code for code, _status in counts}
    catalogue = {
        code: (order, name)
        for code, order, name in AwardType.objects.filter(code__in=codes).values_list("code", "order", "name")
    }
    shown = sorted(
        (
            code
            for code in codes
            if (eligible or {}).get(code) or any(steps[step].get(code) for step, _statuses in PIPELINE_STEPS)
        ),
        key=lambda code: (catalogue.get(code, (0, code))[0], code),
    )
    datasets: list[dict[str, Any]] = [
        {
            "label": _("Đủ điều kiện"),
            "data": [eligible.get(code, 0) if eligible is not None else None for code in shown],
        }
    ]
    for (step, _statuses), label in zip(
        PIPELINE_STEPS, (_("Đã đề nghị"), _("Hội đồng thông qua"), _("Đã có quyết định")), strict=True
    ):
        datasets.append({"label": label, "data": [steps[step].get(code, 0) for code in shown]})
    return Chart(
        key="eligibility-pipeline",
        title=_("Xét khen thưởng năm %(year)s: từ đủ điều kiện đến quyết định") % {"year": year},
        kind="bar",
        labels=[catalogue.get(code, (0, code))[1] for code in shown],
        datasets=datasets,
        caption=""
        if eligible is not None
        else _("Danh sách đủ điều kiện năm %(year)s đang được tính lại: số đủ điều kiện hiện ra sau vài phút.")
        % {"year": year},
    )


def office_charts(user) -> list[Chart]:
    """The office's charts (its body's units, people and records). At most eighteen queries."""
    paths = grant_paths(user, {Role.OFFICE})
    this_year = timezone.localdate().year
    year = pipeline_year(paths, this_year=this_year)
    counts = _nomination_counts(paths, year)
    charts = [
        submissions_by_period(paths),
        awards_by_level(paths, this_year=this_year),
        registered_vs_achieved(paths, this_year=this_year),
        eligibility_pipeline(paths, counts, year=year),
        nomination_pipeline(counts, year=year),
    ]
    return [chart for chart in charts if chart is not None and not chart.is_empty]


def charts_stamp() -> str:
    """What the office's charts were counted from, in one query read off indexes: the eligibility
    inputs counter (raised by database triggers on every award record, rating… and on a dossier's
    status change or deletion), the latest dossier and named registration created, the latest
    snapshot computed. A new dossier or registration, a dossier's status change, a new award
    record or a refreshed snapshot changes it, so the next
    load counts again; what it misses (a returned dossier's title edited, a review) waits at most
    CACHE_SECONDS."""
    row = (
        EligibilityInputs.objects.filter(pk=1)
        .annotate(
            # Read off the primary key's index (no scan): a new dossier raises it.
            latest=Subquery(Nomination.objects.order_by("-pk").values("pk")[:1]),
            registration=Subquery(TitleRegistration.objects.order_by("-pk").values("pk")[:1]),
            # Computed snapshots only: the empty one _eligible_counts asks for changes nothing shown.
            snapshot=Subquery(
                EligibilitySnapshot.objects.exclude(engine="").order_by("-computed_at").values("computed_at")[:1]
            ),
        )
        .values_list("version", "latest", "registration", "snapshot")
        .first()
    )
    return repr(row)


def cached_office_charts(user) -> tuple[list[Chart], datetime.datetime]:
    """``office_charts`` and when they were counted, kept CACHE_SECONDS in the shared cache per
    body, year, language and ``charts_stamp`` (one small query, so that what changed shows on the
    next load): counting a province's 220,000 award records takes a good part of a second, and the
    office's home loads these charts on every visit."""
    paths = sorted(grant_paths(user, {Role.OFFICE}))
    scope = hashlib.sha256(f"{'|'.join(paths)}#{charts_stamp()}".encode()).hexdigest()[:32]
    key = f"charts:office:{scope}:{timezone.localdate().year}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = (office_charts(user), timezone.now())
        cache.set(key, found, CACHE_SECONDS)
    return found


def home_charts(request: HttpRequest) -> dict | None:
    """The office's home shows its charts without counting anything itself: the section loads
    the statistics page's charts after the page (htmx), so the home stays as fast as before
    whatever the size of the body; without JavaScript, a link opens that page."""
    if not request.user.has_perm("awards.view_statistics"):
        return None
    return {"url": reverse("awards:statistics")}


# --- A unit's page -----------------------------------------------------------------------


def unit_scores(unit: OrgUnit) -> Chart:
    """The unit's total score of each period it reported in, by year: the office's score once
    accepted, its own before (one query)."""
    rows = list(
        ReviewScore.objects.filter(
            review__unit=unit, review__status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED]
        )
        .values("review", "review__period__name", "review__period__deadline", "review__status")
        .annotate(own=Sum("self_score"), office=Sum("office_score"))
        .order_by("review__period__deadline", "review")
    )
    labels = [f"{r['review__period__name']} ({timezone.localtime(r['review__period__deadline']):%m/%Y})" for r in rows]
    return Chart(
        key="unit-scores",
        title=_("Điểm thi đua qua các kỳ"),
        kind="line",
        labels=labels,
        datasets=[
            {"label": _("Điểm tự chấm"), "data": [_number(r["own"]) for r in rows]},
            {
                "label": _("Điểm thẩm định"),
                "data": [_number(r["office"]) if r["review__status"] == ReviewStatus.ACCEPTED else None for r in rows],
            },
        ],
    )


def unit_awards(unit: OrgUnit) -> Chart:
    """The unit's own awards and its people's, by year (two queries)."""
    own = dict(
        AwardRecord.objects.filter(unit=unit, revoked=False)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("year", "n")
    )
    people = dict(
        AwardRecord.objects.filter(person__unit=unit, revoked=False)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("year", "n")
    )
    years = sorted(set(own) | set(people))
    if years:
        years = list(range(years[0], years[-1] + 1))
    return Chart(
        key="unit-awards",
        title=_("Khen thưởng qua các năm"),
        kind="bar",
        stacked=True,
        labels=[str(y) for y in years],
        datasets=[
            {"label": _("Tập thể"), "data": [own.get(y, 0) for y in years]},
            {"label": _("Cá nhân"), "data": [people.get(y, 0) for y in years]},
        ],
    )


def unit_charts(request: HttpRequest, unit: OrgUnit) -> dict | None:
    """The unit page's charts (whoever may open the page may see them). Three queries."""
    charts = [chart for chart in (unit_scores(unit), unit_awards(unit)) if not chart.is_empty]
    return {"charts": charts} if charts else None
