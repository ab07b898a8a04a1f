"""The site's Content-Security-Policy: settings.CONTENT_SECURITY_POLICY everywhere, and
inline styles for the admin only, where CKEditor 5 writes style attributes into its
editing area (and its colour picker a <style> element). Reader pages allow none."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        return parts
