"""What refreshes reader pages from portal's own models: the site settings (header,
footer, home-page choices on every page) and the single pages (their own page and the
menu). See `portal.freshness`."""

from portal.freshness import watch
from portal.models import Page, SiteSettings

watch(SiteSettings, Page)
