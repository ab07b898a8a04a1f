"""Every public page of the app issues a fixed number of queries, whatever the data size."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.models import Message, Submission, new_tracking_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def fill():
    def make(rows: int):
        now = timezone.now()
        Message.objects.bulk_create(
            Message(
                code=f"LY20250101{n:05d}",
                name="读者",
                email="r@example.com",
                subject=f"问题{n}",
                content="内容",
                status="published" if n % 2 else "pending",
                reply="回复" if n % 2 else "",
                replied_at=now - timedelta(minutes=n) if n % 2 else None,
            )
            for n in range(rows)
        )
        Submission.objects.bulk_create(
            Submission(
                tracking_code=new_tracking_code(),
                title=f"稿件{n}",
                author="作者",
                organization="单位",
                email=f"a{n}@example.com",
                consent_at=now,
            )
            for n in range(rows)
        )

    return make


@pytest.mark.parametrize("rows", [10, 200])
def test_public_pages_issue_a_fixed_number_of_queries(
    client, fill, rows, django_assert_max_num_queries
):
    fill(rows)
    submission = Submission.objects.first()
    client.get("/")  # site settings into the cache
    pages = [
        ("get", "/messages/", {}, 2),
        ("get", "/messages/lookup/", {"code": "LY2025010100001"}, 2),
        ("get", "/messages/new/", {}, 3),  # the captcha stores one challenge
        ("get", "/contribute/", {}, 3),
        ("get", "/contribute/status/", {}, 1),
        (
            "post",
            "/contribute/status/",
            {"code": submission.tracking_code, "contact": submission.email},
            2,
        ),
    ]
    for method, url, data, limit in pages:
        with django_assert_max_num_queries(limit):
            response = getattr(client, method)(url, data)
        assert response.status_code == 200, url
