"""The home page's block of upcoming events: `{% upcoming_events as events %}`.

The home page belongs to news, which imports nothing of events: its template loads
this library. The list is cached under the content version and never outlives the
next moment of an event (`events.caching.home_events`).
"""

from django import template
from django.utils import timezone

from events.caching import home_events

register = template.Library()


@register.simple_tag
def upcoming_events():
    now = timezone.now()
    events = home_events()
    for event in events:
        event.state = event.registration_state(event.n_confirmed, now)
    return events
