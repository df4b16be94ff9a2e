"""In-app notifications: the list, the unread count in the top bar, marking as read (POST)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


def notify(user, n=1, link="http://127.0.0.1:8000/"):
    return [Notification.objects.create(user=user, text=f"Nhắc hạn số {i}", link=link) for i in range(n)]


def test_notification_list_shows_own_and_unread_count(client_for, unit_head, stranger):
    notify(unit_head, 2)
    notify(stranger, 1)

    response = client_for("unit_head").get(LIST)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="notification"') == 2
    assert 'data-testid="unread-count">2<' in body


@pytest.mark.parametrize("name", ["unit_head", "stranger", "office", "council_member", "chair", "admin"])
def test_notification_list_allows_every_logged_in_role(client_for, name):
    assert client_for(name).get(LIST).status_code == 200


def test_notification_list_anonymous_redirects_to_login(client_for):
    response = client_for("anonymous").get(LIST)

    assert response.status_code == 302
    assert response.url.startswith("/login")


def test_notification_read_marks_and_is_post_only(client_for, unit_head):
    (note,) = notify(unit_head)
    client = client_for("unit_head")

    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405
    response = client.post(f"/notifications/{note.pk}/read/")
    again = client.post(f"/notifications/{note.pk}/read/")

    assert (response.status_code, again.status_code) == (302, 302)
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="unread-count"' not in client.get(LIST).content.decode()


def test_notification_read_and_open_follows_the_link(client_for, unit_head):
    (note,) = notify(unit_head, link="http://127.0.0.1:8000/units/xa-a/")

    response = client_for("unit_head").post(f"/notifications/{note.pk}/read/", {"open": "1"})

    assert response.url == "http://127.0.0.1:8000/units/xa-a/"


def test_notification_read_refuses_foreign_links(client_for, unit_head):
    (note,) = notify(unit_head, link="https://evil.example.com/")

    response = client_for("unit_head").post(f"/notifications/{note.pk}/read/", {"open": "1"})

    assert response.url == LIST


def test_notification_of_another_user_is_404(client_for, stranger):
    (note,) = notify(stranger)

    assert client_for("unit_head").post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_notification_read_all(client_for, unit_head, stranger):
    notify(unit_head, 3)
    notify(stranger, 1)

    client_for("unit_head").post("/notifications/read-all/")

    assert Notification.objects.unread().count() == 1


def test_notification_list_same_queries_for_1_and_20(client_for, unit_head):
    client = client_for("unit_head")
    notify(unit_head, 1)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    notify(unit_head, 19)
    with CaptureQueriesContext(connection) as twenty:
        client.get(LIST)

    assert len(one) == len(twenty)
