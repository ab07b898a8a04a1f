"""The public pages cost a fixed number of queries, however many applications exist."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 30])
def test_form_and_status_pages_issue_a_fixed_number_of_queries(
    client, make_application, django_assert_max_num_queries, rows
):
    applications = [make_application(with_file=False) for _ in range(rows)]
    client.get("/membership/apply/")  # warm the site-wide caches
    with django_assert_max_num_queries(3):  # the captcha challenge and its housekeeping
        assert client.get("/membership/apply/").status_code == 200
    with django_assert_max_num_queries(2):  # the application, and the session
        response = client.post(
            "/membership/status/", {"code": applications[-1].code, "contact": "sunli@example.com"}
        )
    assert response.status_code == 200
