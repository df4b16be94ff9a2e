"""Issue 16, point 6: every choice that can hold more than 100 options is a search.

At the scale of ``seed_scale`` (10,000 units, 50,000 people) a drop-down of units, people,
nominations or users weighs megabytes and nobody finds a name in it. This walks every form class
of the apps and every admin form and list filter, and fails on a choice among rows of a table
that grows with the body unless it is a search (``songlo.choosers``; in the admin
``autocomplete_fields``, ``raw_id_fields``, a filter box, or a search filter), or its runtime
queryset is bounded for a stated reason (``BOUNDED_AT_RUNTIME``).
"""

from __future__ import annotations

import importlib
import inspect

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.filters import RelatedFieldListFilter
from django.test import RequestFactory

from songlo.choosers import SearchChoiceField, SearchMultipleChoiceField

APPS = ("accounts", "organisation", "campaigns", "awards", "council")

# Tables whose size does not grow with the body (a catalogue, a configuration): at
# ``seed_scale`` each holds at most a few dozen rows (counted in bench data: AwardType 18,
# LegalVersion 2, AwardRule 36, Movement 19, Stage 2, ReviewPeriod 22, Criterion 84).
# Every other table grows with units, people, years or sessions.
BOUNDED = {
    "awards.AwardType",
    "awards.LegalVersion",
    "awards.AwardRule",
    "awards.BaseSalary",
    "campaigns.Stage",
    "campaigns.Movement",
    "campaigns.ReviewPeriod",
    "campaigns.Criterion",
    "contenttypes.ContentType",
    "auth.Group",
}
# Choices over a growing table whose queryset the form narrows at runtime to a small set.
BOUNDED_AT_RUNTIME = {
    "campaigns.forms.ParticipantsForm.blocks": "the blocks of one owner (36 at most at scale)",
    "campaigns.forms.DashboardFilterForm.block": "the blocks of one owner (36 at most at scale)",
    "campaigns.forms.BlockVoteForm.leading_unit": "the members of one block (a few dozen)",
    "campaigns.forms.BlockVoteForm.next_leader": "the members of one block (a few dozen)",
    "campaigns.forms.BlockVoteForm.next_deputy": "the members of one block (a few dozen)",
    "awards.forms.NominationStartForm.year": "the next year and the six before it",
    "council.forms.SessionPlanForm.body": "the bodies the user is the office of (one or two)",
    "council.forms.SessionPlanForm.awards": "award types (a catalogue of 18)",
    "council.forms.OpenForm.present": "the members of one council (15 at most by law)",
    "council.forms.WrittenVoteForm.member": "the absent members of one council",
    "council.forms.DecisionForm.nominations": (
        "the approved items of one session, all ticked: a checklist the office unticks "
        "(250 at most at scale; a decision covers its session)"
    ),
}
# Admin widgets that search rather than list.
SEARCHING_WIDGETS = (
    admin_widgets.AutocompleteSelect,
    admin_widgets.AutocompleteSelectMultiple,
    admin_widgets.ForeignKeyRawIdWidget,
    admin_widgets.ManyToManyRawIdWidget,
    admin_widgets.FilteredSelectMultiple,  # filter_horizontal: a filter box above the list
)


def _label(model) -> str:
    return model._meta.label


def _form_classes():
    found = {}
    for app in APPS:
        for module_name in (f"{app}.forms",):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module_name:
                    continue
                if issubclass(cls, forms.BaseForm):
                    found[f"{module_name}.{name}"] = cls.base_fields
                elif issubclass(cls, django_filters.FilterSet):
                    found[f"{module_name}.{name}"] = cls.base_filters and {
                        n: f.field for n, f in cls.base_filters.items()
                    }
    return found


FORMS = _form_classes()


def _is_search(field) -> bool:
    return isinstance(field, SearchChoiceField | SearchMultipleChoiceField)


def _problem(key: str, field) -> str | None:
    if _is_search(field):
        return None
    if isinstance(field, forms.ModelChoiceField):
        queryset = field.queryset
        if queryset is not None and _label(queryset.model) in BOUNDED:
            return None
        if key in BOUNDED_AT_RUNTIME:
            return None
        model = _label(queryset.model) if queryset is not None else "a queryset set at runtime"
        return f"{key}: a choice among {model} (grows with the body) without the search widget"
    if isinstance(field, forms.ChoiceField) and not field.choices and key not in BOUNDED_AT_RUNTIME:
        # Choices filled at runtime from data: bounded only for a stated reason.
        return f"{key}: choices filled at runtime, neither a search nor stated as bounded"
    return None


def test_the_walk_finds_the_forms():
    assert "awards.forms.NominationStartForm" in FORMS
    assert "council.forms.SessionPlanForm" in FORMS
    assert "awards.forms.NominationFilter" in FORMS


def test_every_long_choice_of_the_apps_forms_is_a_search():
    problems = [
        problem
        for form, fields in FORMS.items()
        for name, field in fields.items()
        if (problem := _problem(f"{form}.{name}", field))
    ]

    assert problems == []


def test_the_choices_that_used_to_list_thousands_are_searches():
    assert _is_search(FORMS["awards.forms.NominationStartForm"]["subject"])
    assert _is_search(FORMS["campaigns.forms.ParticipantsForm"]["units"])
    assert _is_search(FORMS["campaigns.forms.ParticipantsForm"]["parents"])
    assert _is_search(FORMS["council.forms.SessionPlanForm"]["nominations"])


def test_the_runtime_bounds_name_fields_that_exist():
    for key in BOUNDED_AT_RUNTIME:
        form, _sep, name = key.rpartition(".")
        assert name in FORMS[form], key


def test_a_model_choice_among_units_would_be_caught():
    from organisation.models import OrgUnit

    field = forms.ModelChoiceField(queryset=OrgUnit.objects.all())

    assert _problem("x.Form.unit", field) is not None
    assert (
        _problem("x.Form.unit", forms.ModelChoiceField(queryset=apps.get_model("awards.AwardType").objects.all()))
        is None
    )


# The admin ---------------------------------------------------------------------------------
def _admin_forms(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        yield f"{_label(model)} admin", model_admin.get_form(request), None
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            # The inline's key to its parent is set by the formset, never shown as a choice.
            yield f"{_label(model)} inline {_label(inline.model)}", formset.form, formset.fk.name


def _admin_problems(superuser) -> list[str]:
    problems = []
    for where, form_class, parent_key in _admin_forms(superuser):
        for name, field in form_class.base_fields.items():
            if name == parent_key:
                continue
            if not isinstance(field, forms.ModelChoiceField) or _label(field.queryset.model) in BOUNDED:
                continue
            widget = field.widget
            widget = getattr(widget, "widget", widget)  # RelatedFieldWidgetWrapper
            if not isinstance(widget, SEARCHING_WIDGETS):
                problems.append(f"{where}.{name}: a drop-down of {_label(field.queryset.model)}")
    return problems


@pytest.mark.django_db
def test_every_admin_form_searches_units_people_and_other_long_lists(superuser):
    assert _admin_problems(superuser) == []


def _filter_model(model, spec) -> object | None:
    """The related model a list filter lists the rows of (None when it lists fixed choices)."""
    if isinstance(spec, tuple):
        spec, filter_class = spec
        if not issubclass(filter_class, RelatedFieldListFilter):
            return None
    if not isinstance(spec, str):
        return None
    field = None
    current = model
    for part in spec.split("__"):
        field = current._meta.get_field(part)
        if not field.is_relation:
            return None
        current = field.related_model
    return current


def test_no_admin_list_filter_lists_a_growing_table():
    problems = []
    for model, model_admin in admin.site._registry.items():
        for spec in model_admin.list_filter:
            related = _filter_model(model, spec)
            if related is not None and _label(related) not in BOUNDED:
                problems.append(f"{_label(model)} admin: list_filter {spec!r} lists every {_label(related)}")

    assert problems == []


@pytest.mark.django_db
def test_the_admin_search_filter_finds_blocks_by_any_spelling(admin_client, district):
    from campaigns.models import BlockTerm
    from tests.factories import BlockTermFactory, EmulationBlockFactory

    pair = {"leader": district.commune, "deputy": district.other_commune, "year": 2025}
    BlockTermFactory(block=EmulationBlockFactory(name="Cụm Đồng Thịnh", owner=district.district), **pair)
    BlockTermFactory(block=EmulationBlockFactory(name="Cụm Tân Lập", owner=district.district), **pair)
    url = "/admin/campaigns/blockterm/"

    found = admin_client.get(url, {"q_block_name": "dong thinh", "year": "2025"})
    everything = admin_client.get(url)

    assert found.status_code == 200 and list(found.context["cl"].result_list) == list(
        BlockTerm.objects.filter(block__name="Cụm Đồng Thịnh")
    )
    assert 'name="year" value="2025"' in found.content.decode()  # the other filters are kept
    assert everything.context["cl"].result_count == 2
