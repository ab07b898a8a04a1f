"""What refreshes the message board (submissions/receivers.py): the office's replies
and status changes do; a reader's new message, which waits for review, does not, so a
flood of posts cannot empty the page cache."""

import pytest
from django.test import Client

from portal import freshness
from submissions.models import Message
from submissions.services.messages import reply_to_message, set_message_status

pytestmark = pytest.mark.django_db


def test_a_readers_new_message_leaves_every_cached_page_cached(reader, message_data):
    reader.get("/messages/")
    before = freshness.version()
    assert (
        reader.post("/messages/new/", message_data(), REMOTE_ADDR="203.0.113.9").status_code == 302
    )
    assert Message.objects.filter(status=Message.Status.PENDING).count() == 1
    assert freshness.version() == before
    assert Client().get("/messages/")["X-Page-Cache"] == "hit"  # the poster has a session


def test_a_reply_shows_on_the_cached_board_and_hiding_it_removes_it(
    reader, superuser, make_message
):
    message = make_message(subject="会刊订阅咨询")
    assert "会刊订阅咨询" not in reader.get("/messages/").content.decode()
    reply_to_message(message=message, reply="可在官网订阅。", user=superuser)
    assert "会刊订阅咨询" in reader.get("/messages/").content.decode()
    reader.get("/messages/")
    set_message_status(messages=[message], status=Message.Status.HIDDEN)
    assert "会刊订阅咨询" not in reader.get("/messages/").content.decode()
