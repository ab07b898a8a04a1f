"""The dashboard's 近期活动报名 at 1,280 and 390 px: each number (62 / 80, 候补, 已签到)
and each column head stays on one line; only the event's title wraps."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from events.models import Event, Registration, new_registration_code

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# [text, height of its contents / font size] for each number cell and column head
LINES = """els => els.map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const size = parseFloat(getComputedStyle(el).fontSize);
  return [el.innerText.trim(), range.getBoundingClientRect().height / size];
})"""


@pytest.fixture
def busy_events():
    now = timezone.now()
    for n, (capacity, confirmed) in enumerate(((80, 62), (120, 46), (300, 0))):
        starts = now + timedelta(days=7 + n)
        event = Event.objects.create(
            title=f"2026年全国开发区招商引资专题培训班（第{n + 1}期）暨产业园区高质量发展研讨会",
            summary="研讨。",
            body="<p>议程。</p>",
            place="北京",
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=starts - timedelta(hours=1),
            capacity=capacity,
            status=Event.Status.PUBLISHED,
            publish_at=now - timedelta(days=1),
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                code=new_registration_code(),
                name=f"报名者{i}",
                unit="某开发区管委会",
                phone=f"139{n}{i:07d}",
                email=f"p{n}-{i}@example.com",
                status=Registration.Status.CONFIRMED,
            )
            for i in range(confirmed)
        )


@pytest.mark.parametrize("width", [1280, 390])
def test_each_registration_number_is_on_one_line(page, superuser, busy_events, admin_login, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, superuser.username)
    block = page.locator("#event-counts")
    block.wait_for()
    cells = block.locator("td, thead th:not(:first-child)").evaluate_all(LINES)
    assert len(cells) == 3 * 3 + 3
    assert "62 / 80" in [text for text, _ in cells]
    assert [text for text, height in cells if height > 1.8] == []  # one line each
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    block.screenshot(path=str(SHOTS / f"dashboard-event-counts-{width}.png"))
