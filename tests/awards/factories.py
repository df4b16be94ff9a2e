import datetime

import factory

from awards.enums import Gender
from awards.models import AwardRecord, AwardType, Discipline, Initiative, Nomination, Person, Rating
from tests.factories import OrgUnitFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cb-{n:04d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Thử {n}")
    gender = Gender.FEMALE
    unit = factory.SubFactory(OrgUnitFactory)
    position = "Chuyên viên"
    joined_on = datetime.date(2015, 1, 1)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    year = 2024
    rating = "HTTNV"


def award(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def give(subject, code: str, year: int, **extra) -> AwardRecord:
    """Record an award for a person or a unit."""
    field = "person" if isinstance(subject, Person) else "unit"
    return AwardRecord.objects.create(
        **{field: subject}, award_type=award(code), year=year, decision_number=f"{year}/QĐ-UBND", **extra
    )


def rate(subject, year: int, rating: str) -> Rating:
    field = "person" if isinstance(subject, Person) else "unit"
    return Rating.objects.create(**{field: subject}, year=year, rating=rating)


def initiative(person, year: int, level: str = "co_so", code: str | None = None, kind: str = "sang_kien"):
    item = Initiative.objects.create(
        code=code or f"SK-{person.code}-{year}-{level}", title="Sáng kiến thử", level=level, year=year, kind=kind
    )
    item.authors.add(person)
    return item


def discipline(subject, level: str, start: datetime.date, end: datetime.date | None = None) -> Discipline:
    field = "person" if isinstance(subject, Person) else "unit"
    return Discipline.objects.create(**{field: subject}, level=level, start=start, end=end)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda n: n.person.unit if n.person else n.subject_unit)
    award_type = factory.LazyFunction(lambda: award("LDTT"))
    year = 2024
