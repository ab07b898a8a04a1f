"""Every migration runs on a database that holds data, so a later migration cannot break a
live site: on a database of its own, the project's apps are migrated to their first
migration, a row of every model is written through the historical models, everything is
migrated to the latest state, back to the first and forward again (all our migrations
are reversible; one that is not must be listed in IRREVERSIBLE, with the reason)."""

import datetime
import decimal
import itertools
import uuid

import pytest
from django.db import models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tests.conftest import our_apps

pytestmark = pytest.mark.django_db(transaction=True)

# "app.migration_name": why it cannot be undone. Reversing the apps to their first
# migration stops before these; nothing is listed today.
IRREVERSIBLE: dict[str, str] = {}

# Values the generic ones below would break a model's check constraint with.
OVERRIDES = {"redirects.Redirect": {"new_url": ""}}

_seq = itertools.count(1)


@pytest.fixture
def scratch(scratch_database):
    return scratch_database("migrations")


def _value(field):
    """A value a form would accept for `field`, or None when the field may be null."""
    n = next(_seq)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return field.default if isinstance(field.default, bool) else False
    if isinstance(field, models.EmailField):
        return f"row{n}@example.org"
    if isinstance(field, models.URLField):
        return "https://example.org/"
    if isinstance(field, models.SlugField):
        return f"row-{n}"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.FileField):
        return f"migrations/row{n}.pdf"
    if isinstance(field, models.CharField):
        return f"开发区{n}"[: field.max_length or 100]
    if isinstance(field, models.TextField) or field.get_internal_type() == "TextField":
        return f"<p>开发区正文{n}。</p>"
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1.5")
    if isinstance(field, models.FloatField):
        return 1.5
    if isinstance(field, models.IntegerField) and field.has_default():
        return field.get_default()  # counts and sizes may have a range
    if isinstance(field, models.IntegerField):  # every integer kind
        return 2000 + n % 50 if "year" in field.name else n
    if isinstance(field, models.DateField) and field.null:
        return None  # optional moments (closing, unpublishing) have ordering constraints
    if isinstance(field, models.DateTimeField):
        # Opening ≤ closing ≤ starting < ending, whatever the model calls them.
        order = {"close": 1, "start": 1, "end": 2}
        hours = next((h for word, h in order.items() if word in field.name), 0)
        return datetime.datetime(2026, 1, 15, 9, tzinfo=datetime.UTC) + datetime.timedelta(
            hours=hours
        )
    if isinstance(field, models.DateField):
        return datetime.date(2026, 1, 15) + datetime.timedelta(days=n)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.UUIDField):
        return uuid.UUID(int=n)
    if field.null or field.has_default():
        return None
    raise AssertionError(f"no sample value for {field.model.__name__}.{field.name}: add one")


def _fill(apps, alias) -> dict[str, int]:
    """A row of every model of our apps in the state `apps` that has none yet, every
    field set (optional ones too, so check constraints like "a phone or an e-mail"
    hold); returns the count per model."""
    made: dict = {}

    def row(model):
        if model in made:
            return made[model]
        existing = model._default_manager.db_manager(alias).first()
        if existing is not None:
            made[model] = existing
            return existing
        values = {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.AutoField) or getattr(field, "auto_now", False):
                continue
            if getattr(field, "auto_now_add", False):
                continue
            if field.is_relation:
                # Optional links stay empty (some are "one of these" by constraint).
                target = field.related_model
                if field.null:
                    continue
                if target is model or target._meta.app_label not in our_apps():
                    values[field.name] = _existing(target)
                else:
                    values[field.name] = row(target)
                continue
            value = _value(field)
            if value is not None:
                values[field.name] = value
            elif field.has_default():
                values[field.name] = field.get_default()
        values.update(OVERRIDES.get(model._meta.label, {}))
        made[model] = model._default_manager.db_manager(alias).create(**values)
        return made[model]

    def _existing(target):
        manager = target._default_manager.db_manager(alias)
        found = manager.first()
        if found is None and target._meta.label == "contenttypes.ContentType":
            # Made by post_migrate, which migrating through the executor does not send.
            found = manager.create(app_label="news", model="article")
        if found is None:
            raise AssertionError(f"no {target._meta.label} row to point to")
        return found

    user_model = apps.get_model("auth", "User")
    user_model._default_manager.db_manager(alias).get_or_create(
        username="migration-editor", defaults={"is_staff": True}
    )
    for label in our_apps():
        for model in apps.get_app_config(label).get_models():
            row(model)
    return {m._meta.label: m._default_manager.db_manager(alias).count() for m in made}


# Models that moved to another app by a state-only migration: their rows stay in the
# same table, under the new label.
MOVED = {"portal.PendingRevision": "editorial.PendingRevision"}


def _counts(apps, alias, labels) -> dict[str, int]:
    found = {}
    for label in labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            model = apps.get_model(MOVED[label])
        found[label] = model._default_manager.db_manager(alias).count()
    return found


def _first_targets(loader) -> list[tuple[str, str]]:
    return [
        (label, name)
        for label in our_apps()
        for (app, name) in sorted(loader.graph.root_nodes(label))
        if app == label
    ]


def _applied_leaves(loader) -> list[tuple[str, str]]:
    """The state the database is in, as targets: for each of our apps the applied
    migration none of whose children is applied."""
    applied = set(loader.applied_migrations)
    return sorted(
        key
        for key in applied
        if key[0] in our_apps()
        and not any(child in applied for child in loader.graph.node_map[key].children)
    )


def _leaf_targets(loader) -> list[tuple[str, str]]:
    return [(label, name) for label in our_apps() for _, name in loader.graph.leaf_nodes(label)]


def test_every_migration_undoes_cleanly_or_is_listed_as_irreversible():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    irreversible = {
        f"{app}.{name}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in our_apps() and not all(op.reversible for op in migration.operations)
    }
    assert irreversible == set(IRREVERSIBLE), (
        "a migration that cannot be undone must be listed in IRREVERSIBLE with the reason"
    )


@pytest.mark.slow
def test_migrations_run_on_a_populated_database(scratch):
    alias = scratch.alias
    executor = MigrationExecutor(scratch)
    first = _first_targets(executor.loader)
    latest = _leaf_targets(executor.loader)

    # The first migration of each app (and what it needs), then a row of every model.
    executor.migrate(first)
    executor.loader.build_graph()
    first = _applied_leaves(executor.loader)  # with what the first migrations needed
    early = _fill(executor.loader.project_state(first).apps, alias)
    assert early and all(n == 1 for n in early.values())

    # Forward to the latest: every early row is still there.
    executor = MigrationExecutor(scratch)
    executor.migrate(latest)
    executor.loader.build_graph()
    state = executor.loader.project_state(latest).apps
    assert _counts(state, alias, early) == early

    # Rows of the models as they are now, then back to the first migration and forward
    # again; the rows of models that exist from the first migration survive both ways.
    now = _fill(state, alias)
    assert now
    executor = MigrationExecutor(scratch)
    executor.migrate(first)
    executor.loader.build_graph()
    back = _counts(executor.loader.project_state(first).apps, alias, early)
    assert back == {label: now[MOVED.get(label, label)] for label in early}

    executor = MigrationExecutor(scratch)
    executor.migrate(latest)
    executor.loader.build_graph()
    assert _counts(executor.loader.project_state(latest).apps, alias, early) == back
    ours = [key for key in executor.loader.disk_migrations if key[0] in our_apps()]
    print(
        f"\n{len(ours)} migrations run forward, back and forward on rows of "
        f"{len(early)} models (first state) and {len(now)} models (latest)"
    )
