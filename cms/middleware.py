from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from api.prefix import API_PREFIX


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, for the public pages only.

    On a 404 it redirects an address without a language prefix to /nb/<address>
    whenever that resolves, and Wagtail's catch-all page route under
    i18n_patterns resolves anything: an API or admin 404 would become a redirect
    into the public site. The API and the admin have no language prefixes.
    """

    unprefixed = (API_PREFIX, "/admin/", "/documents/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.unprefixed):
            return response
        return super().process_response(request, response)
