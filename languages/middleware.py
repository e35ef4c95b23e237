"""Close wagtail-localize's one publish path that checks no permission."""

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve
from wagtail.models import Page
from wagtail_localize.models import TranslationSource


class TranslationPublishGuard:
    """`Update translations` with "publish immediately" publishes every translation
    of a source without asking whether the user may publish (wagtail-localize
    calls `save_target(publish=True)` directly). Refuse it to anyone who could
    not publish those translations themselves; translating and saving stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.POST.get("publish_translations"):
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return
        if match.view_name != "wagtail_localize:update_translations":
            return
        source = TranslationSource.objects.filter(
            pk=match.kwargs.get("translation_source_id")
        ).first()
        if source is None:
            return
        instance = source.get_source_instance()
        user = request.user
        if isinstance(instance, Page):
            targets = instance.get_translations()
            allowed = all(t.permissions_for_user(user).can_publish() for t in targets)
        else:
            model = type(instance)
            allowed = user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")
        if not allowed:
            raise PermissionDenied
