"""The image captcha's refresh URL and housekeeping (django-simple-captcha).

Every form shown and every “换一张” stores one challenge row. Refreshes are limited per
client address (`CAPTCHA_REFRESH_RATE`), and making a challenge first deletes the
expired ones (at most once a minute per cache), so the table holds only about
`CAPTCHA_TIMEOUT` minutes of challenges and needs no scheduled job. The library's
`manage.py captcha_clean` does the same deletion by hand.
"""

from captcha import views as captcha_views
from captcha.models import CaptchaStore
from django.conf import settings
from django.core.cache import cache
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from publicforms.limits import blocked

PURGE_EVERY_SECONDS = 60
_PURGE_KEY = "captcha:purged"


def purge_expired() -> None:
    """Delete expired challenges, unless that was done in the last minute."""
    if cache.add(_PURGE_KEY, True, PURGE_EVERY_SECONDS):
        CaptchaStore.remove_expired()


@never_cache
@require_GET
def refresh(request):
    """The library's refresh view (a new challenge as JSON), limited per client address."""
    rate = settings.CAPTCHA_REFRESH_RATE
    if is_ratelimited(
        request, group="captcha.refresh", key="ip", rate=rate, method=["GET"], increment=True
    ):
        return blocked(request, group="captcha.refresh", rate=rate, method="GET")
    purge_expired()
    return captcha_views.captcha_refresh(request)
