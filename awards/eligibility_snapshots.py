"""The eligible verdicts of a year, computed once for the whole body and read page by page.

The office's eligibility page for a province (50,000 people, 10,000 units) cannot judge every
subject per view; it reads a snapshot (``EligibleVerdict`` rows in the page's order) instead.
A snapshot records the inputs counter (``EligibilityInputs.version``, raised by database
triggers on every write the rules read, see awards/migrations/0012) and ``ENGINE``: when either
moved, the snapshot is stale and is computed again before anything is shown, so a verdict shown
is never older than its inputs. A Celery task refreshes stale snapshots in the background so
that readers rarely wait.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

from awards.eligibility import eligible_verdicts, order_for_ties
from awards.models import EligibilityInputs, EligibilitySnapshot, EligibleVerdict, Person
from organisation.models import OrgUnit

# Raise when the rules or the reasons change shape: every snapshot is then computed again.
ENGINE = "2026-11-29.1"


def inputs_version() -> int | None:
    """The counter the triggers raise; None when its row is missing (then nothing is cached)."""
    row = EligibilityInputs.objects.filter(pk=1).values_list("version", flat=True).first()
    if row is None:
        EligibilityInputs.objects.get_or_create(pk=1)
    return row


def refresh(year: int) -> EligibilitySnapshot:
    """Compute the year's eligible verdicts for the whole database and store them in the page's order."""
    started = time.process_time()
    version = inputs_version()
    verdicts = order_for_ties(eligible_verdicts(year=year, persons=Person.objects.all(), units=OrgUnit.objects.all()))
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    with transaction.atomic():
        snapshot, _created = EligibilitySnapshot.objects.select_for_update().get_or_create(
            year=year, defaults={"inputs_version": -1, "engine": "", "computed_at": timezone.now()}
        )
        snapshot.verdicts.all().delete()
        EligibleVerdict.objects.bulk_create(
            (
                EligibleVerdict(
                    snapshot=snapshot,
                    position=i,
                    award=v.award,
                    kind=v.subject.kind,
                    subject_id=v.subject.pk,
                    code=v.subject.code,
                    name=v.subject.name,
                    unit_id=v.subject.unit_id,
                    unit_path=paths.get(v.subject.unit_id, ""),
                    preferred=v.subject.preferred,
                    checks=[c.as_data() for c in v.checks],
                )
                for i, v in enumerate(verdicts)
            ),
            batch_size=2000,
        )
        # No counter (its row was missing): never trusted, computed again next time.
        snapshot.inputs_version = -1 if version is None else version
        snapshot.engine = ENGINE
        snapshot.computed_at = timezone.now()
        snapshot.seconds = round(time.process_time() - started, 3)
        snapshot.save()
    return snapshot


def is_fresh(snapshot: EligibilitySnapshot | None, version: int | None) -> bool:
    return (
        snapshot is not None
        and version is not None
        and snapshot.inputs_version == version
        and snapshot.engine == ENGINE
    )


def fresh_snapshot(year: int) -> EligibilitySnapshot:
    """The year's snapshot, computed again first if any input changed since (never shown stale)."""
    version = inputs_version()
    snapshot = EligibilitySnapshot.objects.filter(year=year).first()
    if is_fresh(snapshot, version):
        assert snapshot is not None
        return snapshot
    return refresh(year)


def refresh_stale() -> list[int]:
    """Background: compute again every stale snapshot (the years someone has looked at)."""
    version = inputs_version()
    done = []
    for snapshot in EligibilitySnapshot.objects.all():
        if not is_fresh(snapshot, version):
            refresh(snapshot.year)
            done.append(snapshot.year)
    return done
