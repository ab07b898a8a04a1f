import pytest
from django.core.management import call_command

from portal.models import Page, SiteSettings

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_load_demo_fills_the_site_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = {model: model.objects.count() for model in (Page,)}
    assert counts[Page] >= 5
    assert SiteSettings.load().icp_number
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Page.objects.count() == counts[Page]
