"""A 编辑 (writes drafts) changes nothing a reader sees.

The test walks the admin registry, so a model registered later is tried too. For every
model of our apps, on the demo site (loaded once for the file), a 编辑 posts what a browser with full rights would
post, with every switch that could put a row live turned on: the add form, the change
form of draft rows and of a live row (text replaced, or the row withdrawn), the change
list's in-place editing and every admin action, also those the 编辑 is not offered.
Afterwards the rows readers see are unchanged, no row was switched on or off, and no
reader page shows what the 编辑 typed.
"""

import itertools
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact
from django.test import Client, RequestFactory
from django.urls import reverse

from editorial import recyclebin
from editorial.admin import RecycleBinAdmin, RevisionsAdmin
from tests.admin_forms import Form, read_form
from tests.conftest import our_apps

pytestmark = pytest.mark.django_db

OUR_APPS = tuple(our_apps())
REGISTRY = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ),
    key=lambda pair: pair[0]._meta.label,
)

# Where readers meet each model, besides the home page (menus, footer), the search and
# each row's own address. Every model registered in the admin must be listed.
READER_PAGES = {
    "portal.SiteSettings": ["/"],
    "portal.Page": ["/"],
    "news.Section": ["/", "/news/"],
    "news.Article": ["/news/", "/feeds/latest/"],
    "news.MagazineIssue": ["/magazine/"],
    "associations.Industry": ["/zones/"],
    "associations.Zone": ["/zones/"],
    "associations.Association": ["/associations/"],
    "associations.LinkGroup": ["/"],
    "associations.Link": ["/"],
    "submissions.Message": ["/messages/"],
    "submissions.Submission": [],  # contributors read their own status, with its code
    "membership.Application": [],  # applicants read their own status, with its code
    "membership.Member": [],  # members read their own page; a certificate's token checks one
    "membership.Contact": [],  # private: the office and the member's main contact
    "events.Event": ["/events/"],
    "events.Registration": ["/events/"],  # only the counts of places show
    "redirects.Redirect": ["/"],  # readers meet them at the old addresses
}

MARKER = "越权测试"
# Required values the generic filling cannot guess (split date and time inputs whose
# order the model's constraints fix).
REQUIRED_INPUTS = {
    "events.Event": {
        "starts_at_0": "2031-05-20",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2031-05-20",
        "ends_at_1": "17:00:00",
        "registration_closes_at_0": "2031-05-10",
        "registration_closes_at_1": "18:00:00",
    },
}


def label(model) -> str:
    return model._meta.label


def test_the_tables_name_every_registered_model():
    registered = {label(model) for model, _ in REGISTRY}
    assert set(READER_PAGES) == registered


def switches(model) -> dict[str, object]:
    """The values `published()` asks of a row's own fields (`status="published"`,
    `is_enabled=True` …): the switches that put a row live."""
    manager = model._default_manager
    if not hasattr(manager, "published"):
        return {}
    table = model._meta.db_table
    values = {}

    def walk(node):
        for child in node.children:
            if hasattr(child, "children"):
                if not child.negated:
                    walk(child)
            elif isinstance(child, Exact) and isinstance(child.lhs, Col):
                if child.lhs.alias == table:
                    values[child.lhs.target.name] = child.rhs

    walk(manager.published().query.where)
    return values


def readers_rows(model) -> models.QuerySet:
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


def what_readers_see() -> dict[str, list]:
    """Per model: the rows readers see, with every field a form can write and their
    many-to-many links, and the rows switched on, which readers see once a publisher
    switches on what they belong to (a link's group)."""
    seen = {}
    for model, _ in REGISTRY:
        name = label(model)
        if not READER_PAGES[name]:
            continue
        rows = readers_rows(model).order_by("pk")
        fields = [f.attname for f in model._meta.concrete_fields if f.editable]
        seen[name] = list(rows.values_list("pk", *fields))
        for field in model._meta.many_to_many:  # a zone's industries, an article's zones
            pairs = rows.values_list("pk", field.name).order_by("pk", field.name)
            seen[f"{name}.{field.name}"] = list(pairs)
        if switches(model):
            on = model._default_manager.filter(**switches(model)).order_by("pk")
            seen[f"{name} switched on"] = list(on.values_list("pk", flat=True))
    return seen


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def form_errors(response) -> list[str]:
    """Names of the fields an admin form refused (rows of a formset by prefixed name)."""
    if response.status_code != 200 or not response.context:
        return []
    forms = []
    adminform = response.context.get("adminform")
    if adminform is not None:
        forms.append(adminform.form)
    for inline in response.context.get("inline_admin_formsets") or ():
        forms += inline.formset.forms
    forms += getattr(getattr(response.context.get("cl"), "formset", None), "forms", [])
    return [
        f"{form.prefix}-{name}" if form.prefix else name for form in forms for name in form.errors
    ]


class Attempts:
    """What a 编辑 tries on one model, starting from what a superuser's browser shows."""

    def __init__(self, model, model_admin, *, editor, boss, boss_user):
        self.model, self.model_admin = model, model_admin
        self.editor, self.boss, self.boss_user = editor, boss, boss_user
        self.opts = model._meta
        self.switches = {
            name: "on" if value is True else str(value) for name, value in switches(model).items()
        }
        self.serial = itertools.count(1)
        self.touched: set[int] = set()

    def url(self, view, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def boss_form(self, url) -> Form:
        response = self.boss.get(url)
        return read_form(response.content.decode()) if response.status_code == 200 else Form()

    def pks(self) -> set[int]:
        return set(self.model._default_manager.values_list("pk", flat=True))

    def value_for(self, field, options) -> str | None:
        n = next(self.serial)
        if field.choices:
            return next((o for o in options or () if o), None)
        if isinstance(field, models.ForeignKey):
            # An autocomplete offers no options until one types: take the first allowed.
            allowed = field.related_model._default_manager.complex_filter(
                field.get_limit_choices_to()
            )
            first = (
                next((o for o in options or () if o), None)
                or allowed.values_list("pk", flat=True).first()
            )
            return None if first is None else str(first)
        if isinstance(field, models.SlugField):
            return f"editor-test-{n}"
        if isinstance(field, models.URLField):
            return f"https://evil.example/phish-{n}"
        if isinstance(field, models.EmailField):
            return f"phish{n}@evil.example"
        if isinstance(field, (models.CharField, models.TextField)):
            return f"{MARKER}{n}"
        if isinstance(field, (models.IntegerField, models.DecimalField)):
            return "1"
        return None

    def switched_on(self, form: Form) -> dict[str, list[str]]:
        """The form with every switch on, the values that put a row live, the text of
        every required field replaced, and the first new row of each inline filled."""
        data = {k: list(v) for k, v in form.data.items() if k != "csrfmiddlewaretoken"}
        for name, kind in form.kinds.items():
            if kind == "checkbox" and not name.endswith("-DELETE"):
                data[name] = ["on"]
        data.update({name: [value] for name, value in self.switches.items()})
        for name in form.required:
            field = model_field(self.model, name)
            if field is None:
                continue
            text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
            if text or not "".join(data.get(name, [])):
                value = self.value_for(field, form.options.get(name))
                if value is not None:
                    data[name] = [value]
        for name, value in REQUIRED_INPUTS.get(label(self.model), {}).items():
            if name in form.data and not "".join(data.get(name, [])):
                data[name] = [value]
        self.fill_new_inline_rows(form, data)
        data["_save"] = ["保存"]
        return data

    def fill_new_inline_rows(self, form: Form, data) -> None:
        for key in [k for k in form.data if k.endswith("-TOTAL_FORMS")]:
            prefix = key.removesuffix("-TOTAL_FORMS")
            relation = model_field(self.model, prefix)
            index = int(form.data.get(f"{prefix}-INITIAL_FORMS", ["0"])[0])
            if relation is None or not relation.related_model or int(data[key][0]) <= index:
                continue
            required = [
                f
                for f in relation.related_model._meta.concrete_fields
                if f.editable
                and not (f.blank or f.has_default() or f.primary_key or f.remote_field)
            ]
            values = {
                f"{prefix}-{index}-{f.name}": self.value_for(
                    f, form.options.get(f"{prefix}-{index}-{f.name}")
                )
                for f in required
            }
            if None not in values.values():  # a new row needing a file stays empty
                data.update({name: [value] for name, value in values.items()})

    def withdrawn(self, form: Form) -> dict[str, list[str]]:
        """The form with the row taken off the site."""
        data = {k: list(v) for k, v in form.data.items() if k != "csrfmiddlewaretoken"}
        for name, value in self.switches.items():
            if form.kinds.get(name) == "checkbox":
                data.pop(name, None)
            else:
                data[name] = [next((o for o in form.options.get(name, ()) if o != value), "")]
        data["_save"] = ["保存"]
        return data

    def post(self, url, data):
        """Posts as the 编辑. A field the form refuses (a slide without a cover …) is
        dropped and the rest posted again, so no attempt is lost to a detail; in the
        end the form is saved or refused as a whole."""
        for _ in range(4):
            response = self.editor.post(url, data)
            errors = form_errors(response)
            if not errors:
                break
            for name in errors:
                data.pop(name, None)
        assert response.status_code in (302, 403), (url, response.status_code, errors)
        return response

    def add(self) -> None:
        before = self.pks()
        self.post(self.url("add"), self.switched_on(self.boss_form(self.url("add"))))
        self.touched |= self.pks() - before

    def change_drafts(self) -> None:
        """The newest rows readers do not see (those just added among them)."""
        live = set(readers_rows(self.model).values_list("pk", flat=True))
        for pk in sorted(self.pks() - live, reverse=True)[:3]:
            url = self.url("change", pk)
            self.post(url, self.switched_on(self.boss_form(url)))
            self.touched.add(pk)

    def change_live(self) -> None:
        row = readers_rows(self.model).order_by("pk").first()
        if row is None:
            return
        url = self.url("change", row.pk)
        self.post(url, self.withdrawn(self.boss_form(url)))
        self.post(url, self.switched_on(self.boss_form(url)))
        self.touched.add(row.pk)

    def edit_in_the_list(self) -> None:
        """The change list's in-place editing: every switch on, every order changed."""
        url = self.url("changelist")
        form = self.boss_form(url)
        if "form-TOTAL_FORMS" not in form.data:
            return
        data = {k: list(v) for k, v in form.data.items() if k.startswith("form-")}
        for name, kind in form.kinds.items():
            if name.startswith("form-") and kind == "checkbox":
                data[name] = ["on"]
            elif name.startswith("form-") and kind == "number":
                data[name] = ["1"]
        data["_save"] = ["保存"]
        self.post(url, data)

    def actions(self) -> None:
        """Every action a superuser is offered, on every row, confirmed."""
        request = RequestFactory().get(self.url("changelist"))
        request.user = self.boss_user
        extras = {}
        for name, field in self.model_admin.action_form.base_fields.items():
            if name not in ("action", "select_across") and hasattr(field, "queryset"):
                first = field.queryset.values_list("pk", flat=True).first()
                extras[name] = "" if first is None else str(first)
        selected = [str(pk) for pk in sorted(self.pks())]
        for action in self.model_admin.get_actions(request):
            self.editor.post(
                self.url("changelist"),
                {"action": action, "_selected_action": selected, "index": "0", "post": "yes"}
                | extras,
            )


def marked(reader, url) -> int:
    """How often the text the 编辑 typed appears on a reader's page."""
    return reader.get(url).content.decode().count(MARKER)


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[label(model) for model, _ in REGISTRY]
)
def test_an_editor_changes_nothing_readers_see(
    model, model_admin, demo_site, editor, superuser, superuser_client, reader
):
    pages = ["/", f"/search/?q={quote(MARKER)}", *READER_PAGES[label(model)]]
    echoed = {url: marked(reader, url) for url in pages}  # the search repeats the query
    before = what_readers_see()
    editor_client = Client()
    editor_client.force_login(editor)

    attempts = Attempts(
        model, model_admin, editor=editor_client, boss=superuser_client, boss_user=superuser
    )
    attempts.add()
    attempts.change_drafts()
    attempts.change_live()
    attempts.edit_in_the_list()
    attempts.actions()

    after = what_readers_see()
    assert [name for name in before if after[name] != before[name]] == []
    for url in pages:
        assert marked(reader, url) == echoed[url], url
    for row in model._default_manager.filter(pk__in=attempts.touched):
        if hasattr(row, "get_absolute_url"):
            assert marked(reader, row.get_absolute_url()) == 0, row.get_absolute_url()


VERSIONED = [(m, a) for m, a in REGISTRY if isinstance(a, RevisionsAdmin)]
BINNED = [(m, a) for m, a in REGISTRY if isinstance(a, RecycleBinAdmin)]


@pytest.mark.parametrize(
    ("model", "model_admin"),
    sorted({*VERSIONED, *BINNED}, key=lambda pair: label(pair[0])),
    ids=lambda value: label(value) if isinstance(value, type) else "",
)
def test_an_editor_restoring_versions_or_binned_rows_changes_nothing_readers_see(
    model, model_admin, demo_site, editor, superuser, reader
):
    """恢复为草稿 of every version of a live row, publishing the restored texts, and
    恢复 from the recycle bin: a 编辑 may try them all, readers see no change."""
    live = list(readers_rows(model).order_by("pk")[:2])
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    if isinstance(model_admin, RevisionsAdmin) and live:
        row = live[0]
        name = model.revision_fields[0]
        setattr(row, name, f"{getattr(row, name)}（新）")
        row.updated_by = superuser
        row.save()  # a second version to go back to
    binned = live[-1] if isinstance(model_admin, RecycleBinAdmin) and len(live) > 1 else None
    if binned is not None:
        recyclebin.move_to_bin(model._base_manager.filter(pk=binned.pk), superuser)
    before = what_readers_see()
    pages = {url: reader.get(url).content for url in ["/", *READER_PAGES[label(model)]]}

    client = Client()
    client.force_login(editor)
    if isinstance(model_admin, RevisionsAdmin) and live:
        for version in live[0].history.all():
            client.post(reverse(f"{info}_revisions_restore", args=[live[0].pk, version.pk]))
        response = client.post(reverse(f"{info}_revisions_pending", args=[live[0].pk, "publish"]))
        assert response.status_code in (403, 302)
    if binned is not None:
        response = client.post(reverse(f"{info}_recyclebin_restore", args=[binned.pk]))
        assert response.status_code == 403

    assert what_readers_see() == before
    for url, content in pages.items():
        assert reader.get(url).content == content, url
