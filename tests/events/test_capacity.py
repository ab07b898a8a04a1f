"""Capacity is exact under concurrency: 100 people registering at once for 30 places.

The requests go to a live server, each on its own thread and database connection, so
they really race; the event's row lock (events.services) makes them take turns."""

import secrets
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 100
PLACES = 30
# Below the embedded PostgreSQL's 100 connections, with room for the test's own.
AT_ONCE = 40


def _register_everyone(live_server, event) -> list[tuple[int, str]]:
    url = live_server.url + event.get_absolute_url()
    token = secrets.token_hex(16)  # an unmasked CSRF secret: 32 characters

    def register(n):
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"参会者{n:03d}",
                "unit": "某经济技术开发区管委会",
                "phone": f"139{n:08d}",
                "email": f"person{n:03d}@example.com",
                "captcha_0": "key",
                "captcha_1": "PASSED",
            }
        ).encode()
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Cookie", f"csrftoken={token}")
        request.add_header("Referer", url)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        return list(pool.map(register, range(PEOPLE)))


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.EVENTS_REGISTRATION_RATE = "1000/m"


def test_a_hundred_at_once_for_thirty_places_gives_thirty_confirmed_and_seventy_waiting(
    live_server, make_event
):
    event = make_event(capacity=PLACES, waiting_list=True)
    answers = _register_everyone(live_server, event)
    assert [status for status, _ in answers] == [302] * PEOPLE
    rows = Registration.objects.filter(event=event)
    assert rows.count() == PEOPLE  # nothing lost
    assert rows.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    assert rows.filter(status=Registration.Status.WAITING).count() == PEOPLE - PLACES
    assert len(set(rows.values_list("code", flat=True))) == PEOPLE
    # the waiting list is in the order the registrations were written
    waiting = list(
        rows.filter(status="waiting").order_by("id").values_list("created_at", flat=True)
    )
    confirmed_last = rows.filter(status="confirmed").order_by("-id").first().created_at
    assert waiting == sorted(waiting) and confirmed_last <= waiting[0]


def test_without_a_waiting_list_the_seventy_others_are_refused_with_a_clear_message(
    live_server, make_event
):
    event = make_event(capacity=PLACES, waiting_list=False)
    answers = _register_everyone(live_server, event)
    statuses = [status for status, _ in answers]
    assert statuses.count(302) == PLACES and statuses.count(409) == PEOPLE - PLACES
    assert all("名额已满，本活动不设候补" in html for status, html in answers if status == 409)
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES
    assert Registration.objects.filter(event=event).count() == PLACES
