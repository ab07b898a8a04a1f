"""A new or changed redirect must take effect at once, also for an address whose 404
sits in the page cache: saving one moves the content version (see `portal.freshness`)."""

from portal.freshness import watch
from redirects.models import Redirect

watch(Redirect)
