"""Events on both sides of today: one open for registration, one full with a waiting
list, one whose registration opens soon, one closed, and three past ones with
registrations and check-ins. Dates are relative to the day the demo is loaded.

Texts: demo/events.json. Names are drawn with a fixed seed. Creates only the events
that are missing (by title), with their registrations.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from demo.data import html, read
from events.models import Event, Registration, new_registration_code


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _registrations(event: Event, spec: dict, words: dict, rnd: random.Random) -> list:
    rows = []
    plan = [Registration.Status.CONFIRMED] * spec["confirmed"]
    plan += [Registration.Status.WAITING] * spec["waiting"]
    for n, status in enumerate(plan):
        checked_in = status == Registration.Status.CONFIRMED and n < spec["checked_in"]
        rows.append(
            Registration(
                event=event,
                code=new_registration_code(),
                name=rnd.choice(words["surnames"]) + rnd.choice(words["given_names"]),
                unit=rnd.choice(words["units"]),
                position=rnd.choice(words["positions"]),
                phone=f"139{event.pk:03d}{n:05d}",
                email=f"demo{event.pk}-{n}@example.org",
                status=status,
                checked_in_at=event.starts_at + timedelta(minutes=rnd.randint(-40, 20))
                if checked_in
                else None,
            )
        )
    return rows


def load(stdout) -> None:
    words = read("events")
    rnd = random.Random(2026)
    today = timezone.localdate()
    now = timezone.now()
    made = []
    for spec in words["events"]:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        start_day = today + timedelta(days=spec["starts_in_days"])
        starts = _at(start_day, spec["hour"])
        ends = _at(start_day + timedelta(days=spec["days"] - 1), spec["end_hour"])
        opens = _at(today + timedelta(days=spec["opens_in_days"]), 9)
        closes = starts - timedelta(days=spec["closes_before_start_days"])
        if spec.get("close_now"):
            closes = now - timedelta(hours=2)
        event = Event.objects.create(
            title=spec["title"],
            summary=spec["summary"],
            place=spec["place"],
            body=html(spec["body"]),
            starts_at=starts,
            ends_at=ends,
            registration_opens_at=opens,
            registration_closes_at=min(closes, ends),
            capacity=spec["capacity"],
            waiting_list=spec["waiting_list"],
            status=Event.Status.PUBLISHED,
            publish_at=min(opens, now) - timedelta(days=3),
        )
        Registration.objects.bulk_create(_registrations(event, spec, words, rnd))
        made.append(event.pk)
    stdout.write(f"活动：新建 {len(made)} 个（含报名记录）。")
