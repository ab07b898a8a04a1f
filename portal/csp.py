"""The site's Content-Security-Policy: settings.CONTENT_SECURITY_POLICY everywhere, and
inline styles for the admin only, where CKEditor 5 writes style attributes into its
editing area (and its colour picker a <style> element). Reader pages allow one inline
style, the brand colour (`brand_css`), admitted by its hash."""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}
DEFAULT_BRAND = "#0b3d91"
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def brand_css(color: str) -> str:
    """The editable brand colour as a CSS custom property. It sits inline in the page's
    head: a stylesheet of its own would cost every first visit one more blocking request."""
    if not _HEX_COLOR.fullmatch(color or ""):
        color = DEFAULT_BRAND
    return f":root{{--brand:{color};}}"


def style_source(css: str) -> str:
    """The CSP source that admits an inline <style> holding exactly `css`."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"'sha256-{digest}'"


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            # a hash in style-src would switch 'unsafe-inline' off: the admin gets none
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        elif styles := getattr(request, "inline_styles", None):
            # set by the `brand_style` tag of the page just rendered (cached with it)
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), *map(style_source, styles)]
            parts.update = update
        return parts
