from django import template
from django.urls import reverse

from events.models import Event

register = template.Library()

SHOWN = 5


@register.inclusion_tag("events/admin/counts.html", takes_context=True)
def event_registration_counts(context):
    """The next events with their registrations counted, for staff who may read them
    (one query: the upcoming events with their counts)."""
    user = context["request"].user
    if not user.has_perm("events.view_registration"):
        return {"rows": []}
    url = reverse("admin:events_registration_changelist")
    rows = [
        {
            "event": event,
            "url": f"{url}?event__id__exact={event.pk}",
            "arrivals_url": reverse("events:arrivals", args=[event.pk]),
        }
        for event in Event.objects.upcoming().with_counts()[:SHOWN]
    ]
    return {"rows": rows}
