import os

import pytest
from django.core.management import call_command

from events.models import Event, Registration

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_has_events_in_every_state_and_loading_again_adds_nothing(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    states = {event.registration_state(event.n_confirmed) for event in Event.objects.with_counts()}
    assert {
        Event.State.OPEN,
        Event.State.WAITING_LIST,
        Event.State.NOT_YET,
        Event.State.CLOSED,
        Event.State.OVER,
    } <= states
    counts = (Event.objects.count(), Registration.objects.count())
    assert Registration.objects.filter(checked_in_at__isnull=False).exists()
    html = client.get("/events/").content.decode()
    assert "2026年全国开发区招商引资专题培训班" in html and "往期活动" in html
    assert "近期活动" in client.get("/").content.decode()
    assert 'href="/events/"' in client.get("/pages/services/").content.decode()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert (Event.objects.count(), Registration.objects.count()) == counts
