"""Two hostile inputs the fuzzing found (tests/security/test_fuzz_member.py and
test_xss_member_area.py), kept as plain examples."""

import pytest
from django.test import Client

from membership.models import Contact

pytestmark = pytest.mark.django_db


def test_a_5000_character_sign_in_name_is_refused_in_chinese(make_member, settings):
    settings.RATELIMIT_ENABLE = False
    response = Client().post("/member/", {"username": "a" * 5000, "password": "x"})
    assert response.status_code == 200  # the form again, as for any refused sign-in
    assert "电子邮箱太长" in response.content.decode()


@pytest.mark.parametrize("member", [" ", "abc", "²", "1 2", "99999999999999999999999"])
def test_the_offices_add_contact_form_refuses_a_member_that_is_no_id(
    make_member, superuser, member
):
    make_member()
    office = Client()
    office.force_login(superuser)
    response = office.post(
        "/admin/membership/contact/add/",
        {"member": member, "name": "王芳", "email": "wf@example.com"},
    )
    assert response.status_code == 200
    assert "<title>Error: 增加 会员联系人" in response.content.decode()  # the form, with its errors
    assert Contact.objects.count() == 1
