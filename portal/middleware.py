"""Middleware of the portal's own."""

from portal.views import healthz

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz first: a load balancer or monitor asks by IP address, which is
    not in ALLOWED_HOSTS, and needs no HTTPS redirect, session or CSRF. The answer says
    only whether the database responds (portal.views.healthz)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
