"""Shared fixtures. The suite runs against a real PostgreSQL (see scripts/test.sh)."""

import errno
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from editorial.roles import EDITOR, PUBLISHER

# The tiers that start something beyond the test database, by folder: `make check` leaves
# them out (with `slow`, marked on each slow test), `make test` runs them all.
FOLDER_TIERS = {"browser", "deploy", "loadtest"}


def pytest_collection_modifyitems(items):
    tests = Path(__file__).resolve().parent
    for item in items:
        folder = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
        if folder in FOLDER_TIERS:
            item.add_marker(folder)


def pytest_configure(config):
    """Collect static files once (in the xdist controller) so the manifest is current,
    unless it already is: collecting compresses every file again, which takes most of a
    minute of CPU."""
    if not hasattr(config, "workerinput") and not _static_manifest_is_current():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def _static_manifest_is_current() -> bool:
    """The manifest names exactly the files the finders find, and none of them changed
    after it was written."""
    from django.contrib.staticfiles.finders import get_finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = getattr(staticfiles_storage, "manifest_name", None)
    if name is None or not staticfiles_storage.exists(name):
        return False
    written = os.path.getmtime(staticfiles_storage.path(name))
    sources = {
        path: storage.path(path)
        for finder in get_finders()
        for path, storage in finder.list(["CVS", ".*", "*~"])
    }
    return set(staticfiles_storage.hashed_files) == set(sources) and all(
        os.path.getmtime(source) <= written for source in sources.values()
    )


def our_apps() -> list[str]:
    """The labels of the project's own apps (not Django's or libraries'): tests that walk
    a registry over "our" models find a new app without being told."""
    from django.apps import apps

    root = Path(__file__).resolve().parent.parent
    return [c.label for c in apps.get_app_configs() if Path(c.path).parent == root]


@pytest.fixture(autouse=True)
def _isolated_media(settings):
    """Each test writes uploads into its own temporary folders."""
    media = tempfile.mkdtemp(prefix="media-")
    private = tempfile.mkdtemp(prefix="private-")
    settings.MEDIA_ROOT = media
    settings.PRIVATE_MEDIA_ROOT = private
    yield
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)


class _FillingDisk:
    """A file being written on a disk with `room[0]` bytes left: what fits is written,
    then the write fails as a full disk does."""

    def __init__(self, handle, room: list[int]):
        self._handle, self._room = handle, room

    def write(self, data):
        if len(data) > self._room[0]:
            self._handle.write(data[: self._room[0]])
            self._handle.flush()
            self._room[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room[0] -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def disk_full(settings, monkeypatch):
    """`disk_full(room=n)`: from then on the disk of MEDIA_ROOT and PRIVATE_MEDIA_ROOT
    takes n more bytes, then every write there fails with ENOSPC. Storages write an
    upload through os.fdopen, which is where the room runs out."""
    real_fdopen = os.fdopen

    def fill(room: int = 0):
        left = [room]
        roots = tuple(
            os.path.realpath(root) + os.sep
            for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
        )

        def fdopen(fd, mode="r", *args, **kwargs):
            path = os.readlink(f"/proc/self/fd/{fd}")
            handle = real_fdopen(fd, mode, *args, **kwargs)
            if "w" in mode and path.startswith(roots):
                return _FillingDisk(handle, left)
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)

    return fill


def files_under(*roots) -> list:
    """Every file below `roots`, hidden ones included."""
    return sorted(p for root in roots for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def _demo_committed(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py load_demo`, committed once for a test module, its files in the module's
    own folders; the database is emptied again after the module."""
    from django.core.management import call_command
    from django.test import override_settings

    roots = {
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("demo-media")),
        "PRIVATE_MEDIA_ROOT": str(tmp_path_factory.mktemp("demo-private")),
    }
    with django_db_blocker.unblock(), override_settings(**roots):
        call_command("load_demo", stdout=io.StringIO())
    yield roots
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_site(_demo_committed, settings, db):
    """The demo site, loaded once per test module: each test changes it inside its own
    transaction, which is rolled back, so every test starts from the same demo. For tests
    that use the demo as a realistic site; tests of `load_demo` itself call it."""
    for name, root in _demo_committed.items():
        setattr(settings, name, root)


# Django's own advice for test speed: one password hash costs a quarter second of CPU
# with the production hasher, and the quick tier hashes a few hundred. Tests that start
# servers of their own (deploy, loadtest) keep the production hasher, since those servers
# check the passwords this process stores. The production hasher stays second, to check
# passwords hashed before a test began (module fixtures such as the demo site).
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    if request.node.get_closest_marker("deploy") or request.node.get_closest_marker("loadtest"):
        yield
        return
    from django.conf import settings as django_settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    saved = django_settings.PASSWORD_HASHERS
    django_settings.PASSWORD_HASHERS = FAST_HASHERS
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    yield
    django_settings.PASSWORD_HASHERS = saved
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _content_changes_apply_at_once(request, monkeypatch):
    """A test in one transaction never commits, so `freshness.changed()` would never
    bump: bump at once there. Transactional tests (live_server, `transaction=True`)
    keep the real after-commit behaviour."""
    marker = request.node.get_closest_marker("django_db")
    if (
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
    ):
        return
    from portal import freshness

    monkeypatch.setattr(freshness, "after_commit", lambda func, using=None: func())


@pytest.fixture
def captcha_and_mailbox(settings, monkeypatch):
    """The captcha accepts "PASSED"; the association has a mailbox (needs a database)."""
    from portal.models import SiteSettings

    settings.CAPTCHA_TEST_MODE = True
    # django-simple-captcha copies its settings at import time.
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    site = SiteSettings.load()
    site.contact_email = "office@example.org"
    site.save()


@pytest.fixture
def public_form_data():
    """`public_form_data(**fields)` is a factory of a public form's POST data: `fields`,
    the empty honeypot and the captcha answer `captcha_and_mailbox` accepts, then the
    factory's `**overrides`. For the data fixtures of the form tests."""

    def factory(**fields):
        def make(**overrides):
            return {**fields, "website": "", "captcha_0": "key", "captcha_1": "PASSED", **overrides}

        return make

    return factory


@pytest.fixture
def reader():
    """An anonymous reader, apart from `client` (which the staff fixtures log in)."""
    from django.test import Client

    return Client()


@pytest.fixture
def forget_cached_page():
    """Drop one URL's cached copy, so the next request measures the view itself while
    the site-wide caches (settings, menus, footer) stay warm."""
    from django.test import RequestFactory

    from portal import pagecache

    def forget(path, data=None):
        cache.delete(pagecache.page_key(RequestFactory().get(path, data)))

    return forget


@pytest.fixture
def make_page(db):
    from portal.models import Page

    def make(**overrides):
        n = Page.objects.count() + 1
        data = {
            "title": f"测试单页{n}",
            "slug": f"page-{n}",
            "body": "<p>协会单页正文。</p>",
            "is_published": True,
        }
        data.update(overrides)
        return Page.objects.create(**data)

    return make


def _make_staff(django_user_model, username, *, group=None, superuser=False):
    user = django_user_model.objects.create_user(
        username=username,
        password="pass-for-tests-123",
        email=f"{username}@example.org",
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A member of 编辑: writes drafts, cannot publish."""
    return _make_staff(django_user_model, "editor", group=EDITOR)


@pytest.fixture
def publisher(db, django_user_model):
    """A member of 审核发布: reviews and publishes."""
    return _make_staff(django_user_model, "publisher", group=PUBLISHER)


@pytest.fixture
def superuser(db, django_user_model):
    return _make_staff(django_user_model, "boss", superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def pdf_bytes():
    """A real small PDF."""
    from demo.pictures import demo_pdf

    return demo_pdf("Test attachment")


@pytest.fixture
def upload(pdf_bytes):
    """`upload(name, content, content_type)`: an uploaded file, by default a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name="附件.pdf", content=None, content_type="application/pdf"):
        return SimpleUploadedFile(name, pdf_bytes if content is None else content, content_type)

    return make


@pytest.fixture
def png_bytes():
    """A real small PNG image."""
    import io

    from PIL import Image

    def make(size=(64, 48), color=(11, 61, 145), fmt="PNG"):
        out = io.BytesIO()
        Image.new("RGB", size, color).save(out, fmt)
        return out.getvalue()

    return make


@pytest.fixture
def scratch_database(transactional_db, monkeypatch):
    """`scratch_database(alias)`: a new empty database on the test server, reachable as
    `alias` until the test ends (then dropped), for tests that restore or migrate a whole
    database beside the test one."""
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    # The test case refuses aliases it was not told of at set-up; this one is made later.
    patched = BaseDatabaseWrapper.ensure_connection
    for cell in patched.__closure__ or ():
        if getattr(cell.cell_contents, "__name__", "") == "ensure_connection":
            monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", cell.cell_contents)
    default = connections["default"]
    made = []

    def make(alias):
        name = f"{default.settings_dict['NAME']}_{alias}"
        with default.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
        connections.settings[alias] = {**default.settings_dict, "NAME": name}
        made.append((alias, name))
        return connections[alias]

    yield make
    for alias, name in made:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        with default.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


MEMBER_PASSWORD = "Member-pass-for-tests-8"


@pytest.fixture
def make_member(db, django_user_model):
    """`make_member(number=..., email=...)`: a member valid today with its main contact,
    whose password is MEMBER_PASSWORD. Returns the contact."""
    import datetime

    from django.utils import timezone

    from membership.models import Contact, Member

    def make(*, number="2026-0001", name="临江经济技术开发区", email="sunli@example.com", **extra):
        today = timezone.localdate()
        fields = {
            "since": today - datetime.timedelta(days=100),
            "valid_until": today + datetime.timedelta(days=200),
            "kind": "zone",
            **extra,
        }
        member = Member.objects.create(number=number, name=name, **fields)
        user = django_user_model.objects.create_user(
            username=email, email=email, password=MEMBER_PASSWORD
        )
        return Contact.objects.create(member=member, user=user, name="孙立", is_main=True)

    return make


@pytest.fixture
def member_client(make_member):
    """A browser signed in as the main contact of a current member (`.contact`)."""
    from django.test import Client

    client = Client()
    client.contact = make_member()
    client.force_login(client.contact.user)
    return client
