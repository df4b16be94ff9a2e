from django.contrib.auth import get_user_model
from django.test import Client


def test_dbg(demo):
    c = Client()
    c.force_login(get_user_model().objects.get(username="vanphong"))
    for y in ["99999", "-5", "0", "10000"]:
        r = c.get("/awards/eligibility/?year=" + y)
        print(y, r.status_code, len(r.content))
