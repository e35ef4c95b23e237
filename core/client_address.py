"""How we read a client's address: one function for every limit keyed on it.

The API's rate limit (api.throttling) and the login lockout (django-axes,
AXES_CLIENT_IP_CALLABLE) both call `client_address`, so the two can never disagree
about who a client is.

Behind PLANPORTAL_NUM_PROXIES proxies (environment variable PLANPORTAL_API_NUM_PROXIES),
each of which appends the address it received the request from to X-Forwarded-For, the
client is the entry that many places from the right: the one our outermost proxy saw.
Entries further left were written by the client and are never trusted. With no proxies
declared (the default) X-Forwarded-For is ignored and REMOTE_ADDR is the client. This is
Django REST framework's reading of NUM_PROXIES (SimpleRateThrottle.get_ident).
"""

from django.conf import settings


def client_address(request) -> str:
    """The client's address of `request` (a Django or DRF request) behind our proxies."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PLANPORTAL_NUM_PROXIES
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies == 0 or not forwarded_for:
        return remote_addr
    addresses = forwarded_for.split(",")
    return addresses[-min(proxies, len(addresses))].strip()
