"""The API's anonymous rate limit, keyed on the client's address as core reads it."""

from rest_framework.throttling import AnonRateThrottle

from core.client_address import client_address


class ClientAddressAnonRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle with the client's address from core.client_address, the same
    reading the login lockout uses (AXES_CLIENT_IP_CALLABLE)."""

    def get_ident(self, request):
        return client_address(request)
