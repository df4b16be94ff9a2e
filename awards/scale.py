"""Scale data for the benchmarks, awards side: people, ratings, initiatives, award history,
nominations and council sessions.

The awards models are being built while this is written, so every model is looked up by name
(``apps.get_model``) and skipped when it is not there yet; required fields this builder does
not know are filled from their type and choices. Rows go in with ``bulk_create`` in batches.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction

from campaigns.demo import vietnamese_name
from campaigns.scale import BATCH, ScaleOrganisation, aware, bulk


def model(name: str):
    """The awards model called ``name``, or None while it does not exist."""
    try:
        return apps.get_model("awards", name)
    except LookupError:
        return None


def has_field(model_class, name: str) -> bool:
    try:
        model_class._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


def _default_for(field: models.Field, i: int):
    if field.choices:
        values = [value for value, _label in field.flatchoices]
        return values[i % len(values)]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return aware(datetime.date(2025, 1, 1))
    if isinstance(field, models.DateField):
        return datetime.date(2025, 1, 1)
    if isinstance(field, models.DecimalField):
        return Decimal(0)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 0
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return f"{field.name}-{i}"[: field.max_length or 100]
    return None


def make(model_class, i: int = 0, **values):
    """An unsaved ``model_class`` row with ``values``; other required fields get a plain value."""
    known = {f.name: f for f in model_class._meta.concrete_fields}
    values = {k: v for k, v in values.items() if k in known or (k.endswith("_id") and k[:-3] in known)}
    for name, field in known.items():
        if name in values or f"{name}_id" in values or field.primary_key or field.null or field.has_default():
            continue
        if field.is_relation or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.blank and isinstance(field, models.CharField | models.TextField):
            continue
        values[name] = _default_for(field, i)
    return model_class(**values)


def build(*, org: ScaleOrganisation, people: int, years: list[int], seed: int, awards_per_person: int = 4) -> dict:
    """Build what exists of the awards side; returns counts, with ``absent`` naming missing models."""
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible test data, not secrets
    counts: dict = {"absent": []}
    Person = model("Person")
    if Person is None:
        counts["absent"] = ["Person", "Rating", "Initiative", "AwardRecord", "Nomination", "CouncilSession"]
        return counts
    units = org.reporting
    with transaction.atomic():
        persons = bulk(
            Person,
            [
                make(
                    Person,
                    i,
                    code=f"sc-p{i + 1}",
                    full_name=vietnamese_name(i),
                    gender=("nam", "nữ")[i % 2],
                    unit=units[i % len(units)],
                    position=("Chuyên viên", "Giáo viên", "Cán bộ", "Trưởng phòng")[i % 4],
                    joined_on=datetime.date(2000 + i % 20, 1 + i % 12, 1),
                )
                for i in range(people)
            ],
        )
    counts["people"] = len(persons)
    _ratings(persons, years, rng, counts)
    _initiatives(persons, years, rng, counts)
    award_types = _award_types()
    if not award_types:
        counts["absent"] += ["AwardType (empty catalogue)"]
        return counts
    _award_records(persons, award_types, years, rng, counts, per_person=awards_per_person)
    _nominations(org, persons, award_types, years, rng, counts, total=max(1, people * 2 // 5))
    _council(org, years, counts)
    return counts


def _ratings(persons, years, rng, counts) -> None:
    Rating = model("Rating")
    if Rating is None:
        counts["absent"].append("Rating")
        return
    values = ["HTXSNV"] * 2 + ["HTTNV"] * 6 + ["HTNV"] + ["KHTNV"] * 0
    total = 0
    for year in years:
        with transaction.atomic():
            rows = [make(Rating, year=year, person=p, rating=rng.choice(values)) for p in persons]
            total += len(bulk(Rating, rows, size=5000))
    counts["ratings"] = total


def _initiatives(persons, years, rng, counts) -> None:
    Initiative = model("Initiative")
    if Initiative is None:
        counts["absent"].append("Initiative")
        return
    authors = [p for i, p in enumerate(persons) if i % 5 == 0]  # one person in five has initiatives
    with transaction.atomic():
        rows = [
            make(
                Initiative,
                i,
                code=f"sc-sk{i + 1}",
                title=f"Sáng kiến nâng cao hiệu quả công tác số {i + 1}",
                level=("co_so", "co_so", "co_so", "tinh")[i % 4],
                year=years[i % len(years)],
            )
            for i in range(len(authors))
        ]
        initiatives = bulk(Initiative, rows)
        author_field = next((f for f in Initiative._meta.many_to_many if f.related_model is model("Person")), None)
        if author_field is not None:
            through = author_field.remote_field.through
            source = author_field.m2m_field_name()
            target = author_field.m2m_reverse_field_name()
            links = [
                through(**{f"{source}_id": ini.pk, f"{target}_id": p.pk})
                for ini, p in zip(initiatives, authors, strict=True)
            ]
            bulk(through, links, size=5000)
    counts["initiatives"] = len(initiatives)


def _award_types() -> list:
    AwardType = model("AwardType")
    if AwardType is None:
        return []
    types = AwardType.objects.all()
    if has_field(AwardType, "for_individual"):
        types = types.filter(for_individual=True)
    return list(types.order_by("pk"))


def _award_records(persons, award_types, years, rng, counts, *, per_person: int) -> None:
    AwardRecord = model("AwardRecord")
    if AwardRecord is None:
        counts["absent"].append("AwardRecord")
        return
    total = 0
    for k in range(per_person):
        with transaction.atomic():
            rows = []
            for i, person in enumerate(persons):
                year = years[(i + k) % len(years)]
                award = award_types[(i * 7 + k) % len(award_types)]
                rows.append(
                    make(
                        AwardRecord,
                        i,
                        person=person,
                        award_type=award,
                        year=year,
                        decision_number=f"{1000 + (i + k) % 900}/QĐ-UBND",
                        decision_date=datetime.date(year, 12, 20),
                    )
                )
            total += len(bulk(AwardRecord, rows, size=5000))
    counts["award_records"] = total


def _nominations(org, persons, award_types, years, rng, counts, *, total: int) -> None:
    Nomination = model("Nomination")
    if Nomination is None:
        counts["absent"].append("Nomination")
        return
    status_field = Nomination._meta.get_field("status") if has_field(Nomination, "status") else None
    statuses = [value for value, _ in status_field.flatchoices] if status_field is not None else [None]
    year = years[-1]
    movement_id = None
    Movement = apps.get_model("campaigns", "Movement")
    movement = Movement.objects.filter(owner=org.province, year=year).order_by("pk").first()
    if movement:
        movement_id = movement.pk
    rows = []
    for i in range(total):
        person = persons[(i * 3) % len(persons)]
        values = {
            "unit_id": person.unit_id,
            "person": person,
            "award_type": award_types[i % len(award_types)],
            "year": year,
            "movement_id": movement_id,
        }
        if status_field is not None:
            values["status"] = statuses[i % len(statuses)]
        rows.append(make(Nomination, i, **values))
    with transaction.atomic():
        counts["nominations"] = len(bulk(Nomination, rows, size=BATCH))


def _council(org, years, counts) -> None:
    Session = model("CouncilSession")
    if Session is None:
        counts["absent"].append("CouncilSession")
        return
    with transaction.atomic():
        sessions = bulk(
            Session,
            [
                make(
                    Session,
                    i,
                    body=org.province,
                    title=f"Phiên họp Hội đồng năm {year}",
                    date=aware(datetime.date(year, 12, 15), 8),
                    place="Hội trường UBND tỉnh",
                )
                for i, year in enumerate(years)
            ],
        )
    counts["council_sessions"] = len(sessions)
