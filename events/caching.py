"""How long what readers see of events stays true, and the home page's block.

An event's page, `/events/` and the home block change at fixed moments with no write:
when it is published (a future publish time), when its registration opens and closes,
when it starts and when it ends. `ttl()` is the time to the next such moment of any
event; `apps.py` registers it with `portal.pagecache`, so no cached page outlives it.
Writes move the content version on (events/receivers.py, events/services.py).
"""

from __future__ import annotations

from django.db.models import Min, Q
from django.utils import timezone

from events.models import Event
from portal import freshness

MAX_TTL = 300
HOME_BLOCK_SIZE = 4
MOMENTS = ("publish_at", "registration_opens_at", "registration_closes_at", "starts_at", "ends_at")


def _next_moment(now):
    found = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gt=now).aggregate(
        **{name: Min(name, filter=Q(**{f"{name}__gt": now})) for name in MOMENTS}
    )
    moments = [m for m in found.values() if m]
    return min(moments) if moments else "none"


def ttl() -> int:
    """Seconds until the next moment an event changes by itself (capped), at least 1."""
    now = timezone.now()
    moment = freshness.cached("events:next-moment", lambda: _next_moment(now), MAX_TTL)
    if moment == "none":
        return MAX_TTL
    return max(1, min(MAX_TTL, int((moment - now).total_seconds()) + 1))


def _home_events() -> list[Event]:
    rows = (
        Event.objects.published()
        .upcoming()
        .with_counts()
        .only(
            "id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "waiting_list",
            "registration_opens_at",
            "registration_closes_at",
        )[:HOME_BLOCK_SIZE]
    )
    return list(rows)


def home_events() -> list[Event]:
    """The next few events for the home page, shared by every request until an event
    changes (the content version) or its next moment comes (`ttl`)."""
    return freshness.cached("events:home", _home_events, ttl())
