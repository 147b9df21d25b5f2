"""Remember the client address of each request for the audit log."""

from .services import current_ip


class AuditAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind a reverse proxy set ILP_TRUST_X_FORWARDED_FOR; otherwise the header is client-controlled.
        from django.conf import settings

        address = request.META.get("REMOTE_ADDR")
        if getattr(settings, "ILP_TRUST_X_FORWARDED_FOR", False):
            address = request.META.get("HTTP_X_FORWARDED_FOR", address).split(",")[0].strip()
        token = current_ip.set(address)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
