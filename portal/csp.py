"""The site's Content-Security-Policy: settings.CONTENT_SECURITY_POLICY everywhere, and
inline styles for the admin only, where CKEditor 5 writes style attributes into its
editing area (and its colour picker a <style> element). Reader pages allow none. Frames come only from the video players of editorial.embeds,
in the admin and on a reader page that shows one."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# The video players an article may embed (editorial.embeds): frames are allowed from
# exactly these hosts, in the admin and on a reader page that shows one.
EMBED_FRAME_HOSTS = ["https://player.bilibili.com", "https://v.qq.com"]
ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"], "frame-src": EMBED_FRAME_HOSTS}
PLAYER_MARK = b'class="media-frame"'


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        elif _shows_player(response):
            parts.update = {"frame-src": EMBED_FRAME_HOSTS, **(parts.update or {})}
        return parts


def _shows_player(response) -> bool:
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and PLAYER_MARK in response.content
    )
