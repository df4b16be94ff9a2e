import factory
from django.contrib.auth import get_user_model

from campaigns.models import BlockTerm, EmulationBlock
from organisation.enums import Role, UnitKind
from organisation.models import Membership, OrgUnit

PASSWORD = "songlo2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.UNIT_HEAD


class EmulationBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmulationBlock

    code = factory.Sequence(lambda n: f"block-{n}")
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    owner = factory.SubFactory(OrgUnitFactory, kind=UnitKind.DISTRICT)


class BlockTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockTerm
