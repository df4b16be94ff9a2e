"""The review form on the deadline rush's path: the plain template gives the markup crispy gave,
and opening then submitting it costs a fixed number of queries, whatever the rubric's size."""

from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from campaigns.enums import ReviewStatus
from campaigns.forms import ReviewForm
from campaigns.models import Criterion, Review

CRITERIA = [
    SimpleNamespace(pk=7, name="Chỉ tiêu <kinh tế> & xã hội", max_points=Decimal("40.00"), weight=Decimal("40.00")),
    SimpleNamespace(pk=8, name="Cải cách hành chính", max_points=Decimal("20"), weight=Decimal("12.5")),
]


def tokens(html: str) -> list[tuple]:
    """Tags with their attributes (in any order) and text with its spaces folded."""
    found: list[tuple] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

        def handle_endtag(self, tag):
            found.append(("end", tag))

        def handle_data(self, data):
            if data.split():
                found.append(("text", " ".join(data.split())))

    Parser(convert_charrefs=True).feed(html)
    return found


def crispy_markup(form: ReviewForm) -> str:
    """What `{% crispy form %}` rendered before the plain template replaced it."""
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.disable_csrf = True
    form.helper.layout = Layout(
        Fieldset("Tự chấm điểm", *[n for _c, n in form.score_fields]),
        Fieldset("Báo cáo", "results", "limitations", "lessons", "direction"),
    )
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, {}),
        (None, {"score_7": Decimal("12.50"), "results": "Đạt <10/12> chỉ tiêu", "figure_3": "1.200"}),
        ({"score_7": "41", "score_8": "-1", "results": "x\n<y> & z", "figure_3": "a" * 101, "figure_4": "9"}, {}),
        ({"score_7": "4,5", "score_8": "", "results": "", "direction": "Tiếp tục"}, {}),
    ],
)
def test_the_plain_review_form_gives_the_markup_crispy_gave(data, initial):
    plain = ReviewForm(data, criteria=CRITERIA, initial=initial)
    crispy = ReviewForm(data, criteria=CRITERIA, initial=initial)
    if data is not None:
        assert not plain.is_valid() or data["score_7"] == "4,5"
        crispy.is_valid()

    ours = render_to_string("campaigns/includes/review_fields.html", {"form": plain})

    assert tokens(ours) == tokens(crispy_markup(crispy))


def _more_criteria(cycle, extra: int) -> None:
    Criterion.objects.bulk_create(
        Criterion(period=cycle.period, group="Thêm", name=f"Tiêu chí {i}", max_points=10, weight=1, order=10 + i)
        for i in range(extra)
    )


def _submission(client, url) -> tuple[int, int]:
    """The queries of opening the form and of submitting it filled in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as opened:
        page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {f"score_{c.pk}": "5" for c, _n in form.score_fields} | {"results": "Đạt 10/12 chỉ tiêu", "submit": "1"}
    ContentType.objects.get_for_model(Review)  # cached for the life of a server process
    with CaptureQueriesContext(connection) as submitted:
        response = client.post(url, data)
    assert response.status_code == 302
    return _statements(opened), _statements(submitted)


def _statements(captured) -> int:
    """The queries, without the transaction's own statements (SAVEPOINT, RELEASE, BEGIN...)."""
    return sum(
        1 for q in captured.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN"))
    )


@pytest.mark.parametrize("size", [2, 12])
def test_opening_and_submitting_the_review_costs_fixed_queries(cycle, client_for, size):
    _more_criteria(cycle, size - len(cycle.criteria))
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])

    opened, submitted = _submission(client_for("stranger"), url)

    review = Review.objects.get(pk=cycle.other_review.pk)
    assert (review.status, review.version, review.scores.count()) == (ReviewStatus.SUBMITTED, 1, size)
    # Session, user, grants, review, criteria, targets, scores, evidence, then the base page's own.
    assert opened <= 12
    # Session, user, grants, review, criteria, targets, the claiming UPDATE, the scores, the audit
    # line; then the target figures (read, written: ReviewFiguresForm) and the event's bell rows.
    assert submitted <= 13, submitted
