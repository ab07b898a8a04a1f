"""How events take part in site search (search). Registered from
EventsConfig.ready()."""

from __future__ import annotations

from django.db.models.functions import Now

import search
from editorial.sanitize import html_to_text, plain_text
from events.models import Event


def event_fields(event: Event) -> dict[str, str]:
    return {
        "A": event.title,
        "B": f"{event.summary} {event.place}",
        "C": html_to_text(event.body),
    }


def register_kinds() -> None:
    search.register(
        Event,
        kind="event",
        label="活动",
        # the database's clock: the SQL is compiled once (search.engine)
        queryset=lambda: Event.objects.published(now=Now()),
        date_field="starts_at",
        fields=event_fields,
        title=lambda event: event.title,
        # its fields' C, else B: without html_to_text's nh3
        snippet=lambda event: plain_text(event.body) or f"{event.summary} {event.place}",
        # the hit's meta line: where; the date shown after it is the start
        meta=lambda event: event.place,
        order=25,
    )
