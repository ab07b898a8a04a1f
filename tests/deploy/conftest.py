import pytest
from django.db import connection

from tests.deploy.cluster import Cluster, database_url


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    """nginx (deploy/nginx/portal.conf) in front of gunicorn A and B on the test database,
    with their own Redis and moto's S3 server for the uploads. The tests write through
    the site, and create what they need with the ORM in transactional tests (committed,
    so the servers see it)."""
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    servers = Cluster(database_url(name)).start()
    yield servers
    servers.close()


@pytest.fixture
def site(cluster, transactional_db):
    """The cluster with an empty shared cache; both servers running, with fresh worker
    processes: the database was emptied after the previous test and its rows made again
    under new ids (content types among them), which a process would still remember."""
    for app in cluster.apps:
        if not app.running:
            app.start()
            app.wait()
        elif cluster.used:
            app.reload()
    cluster.forget_cache()
    cluster.used = True
    return cluster
