"""What refreshes events' reader pages.

Every save and delete of an event moves the site's content version on after the
transaction commits (`portal.freshness`); admin bulk actions go through
`editorial.admin.ContentAdmin`. Moments that need no write (publish time, registration
opening and closing, start and end) bound every cached page's life instead
(`events.caching.ttl`, registered in apps.py).

Registrations show on no reader page except as an event's state (报名中 / 名额已满 …):
`events.services` moves the version on when a registration, a cancellation or a
promotion changes whether an event is full, and not for the others, so a rush of
registrations does not empty the page cache once per person.

Files follow their rows: a deleted event's cover leaves /media/ when the delete commits.
"""

from editorial.files import files_follow_rows
from events.models import Event
from portal.freshness import watch

watch(Event)
files_follow_rows(Event)
