import pytest

from associations.sitemaps import AssociationSitemap, ZoneSitemap

pytestmark = pytest.mark.django_db


def test_sitemaps_list_only_visible_entries(make_zone, make_association):
    shown = make_zone()
    make_zone(is_published=False)
    association = make_association()
    make_association(is_published=False)
    assert [z.get_absolute_url() for z in ZoneSitemap().items()] == [shown.get_absolute_url()]
    assert list(AssociationSitemap().items()) == [association]
