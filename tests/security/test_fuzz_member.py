"""Hostile input on the member area's signed-in forms never makes a 500 (hypothesis, as
test_fuzz.py does for the public forms, whose table already has 会员登录 and 忘记密码):
邀请同事, 我的名录条目 (with a logo), 设置密码 behind a valid link, and the office's
新增会员联系人 in the admin. Anything refused is a 4xx page in Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from associations.models import Industry, Zone
from membership import accounts
from membership.models import Contact
from tests.security.test_fuzz import (
    CONTENT_TYPES,
    _check,
    _encodable,
    _read_fields,
    _request,
    draw_post,
    fuzz,
)

pytestmark = pytest.mark.django_db

FORMS = ["invite", "entry", "password_set", "admin_contact_add"]


@pytest.fixture
def forms(db, settings, make_member, superuser):
    """{form: (signed-in client, url, plausible fields)}; the rate limits off."""
    settings.RATELIMIT_ENABLE = False
    main = make_member()
    zone = Zone.objects.create(
        name="临江经开区", province="江苏省", level="national", zone_type="economic"
    )
    industry = Industry.objects.create(name="新能源")
    main.member.zone = zone
    main.member.save()
    member = Client(raise_request_exception=False)
    member.force_login(main.user)
    invited = accounts.invite_contact(member=main.member, name="王芳", email="wf@example.com")
    link = Client(raise_request_exception=False)
    start = accounts.password_link(invited.user).split("testserver", 1)[-1]
    set_url = link.get(start)["Location"]  # the token moves into the session
    office = Client(raise_request_exception=False)
    office.force_login(superuser)
    out = {}
    for name, client, url in [
        ("invite", member, "/member/contacts/invite/"),
        ("entry", member, "/member/entry/"),
        ("password_set", link, set_url),
        ("admin_contact_add", office, "/admin/membership/contact/add/"),
    ]:
        fields = _read_fields(client, url)
        if name == "admin_contact_add":
            fields["member"] = str(main.member.pk)
        if name == "entry":
            fields["industries"] = str(industry.pk)
        fields.pop("logo", None)
        out[name] = (client, url, fields)
    return out


def _logo():
    names = st.sampled_from(["logo.png", "x" * 300 + ".png", "../../etc/passwd", "a\x00.png"])
    contents = st.one_of(st.binary(max_size=200), st.just(b""), st.just(b"GIF89a\x01\x00"))
    kinds = st.sampled_from(["image/png", "text/html", "image/svg+xml"])
    return st.builds(SimpleUploadedFile, names, contents, kinds)


@pytest.mark.parametrize("name", FORMS)
@fuzz(10)
@given(data=st.data())
def test_member_forms_take_any_post(forms, name, data):
    client, url, fields = forms[name]
    post = draw_post(data, fields)
    if name == "entry":
        post["logo"] = data.draw(st.lists(_logo(), max_size=2), "logo")
    response = _request(lambda: client.post(url, _encodable(post)))
    _check(response, f"POST {url} {post!r:.300}")


@pytest.mark.parametrize("name", FORMS)
@fuzz(5)
@given(
    content_type=st.sampled_from(CONTENT_TYPES),
    body=st.one_of(st.binary(max_size=300), st.just(b'{"name": "\\u0000"}')),
)
def test_member_forms_take_any_body(forms, name, content_type, body):
    client, url, _ = forms[name]
    response = _request(lambda: client.generic("POST", url, body, content_type=content_type))
    _check(response, f"POST {url} [{content_type}] {body[:80]!r}")


def test_nothing_the_fuzzing_sent_was_kept(forms):
    """Each example ran in a savepoint rolled back: the member still has its two people."""
    assert Contact.objects.count() == 2
