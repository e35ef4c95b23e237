"""The "headless" preview mode of the plan's pages and snippets (a mixin the models need).

The mode's view, which issues a preview token for the headless API, belongs to
the API app above; it is looked up through `settings.PLANPORTAL_HEADLESS_PREVIEW_VIEW`
(as Wagtail looks up WAGTAIL_FINISH_WORKFLOW_ACTION), so no model imports it.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

HEADLESS_PREVIEW_MODE = "headless"


class HeadlessPreviewMixin:
    """Adds a "headless" preview mode that issues a preview token for the saved draft.

    For models with PreviewableMixin (pages, and snippets that list it after this
    mixin). Wagtail's preview views decide who may preview (edit permission, or a
    reviewer's task in the workflow preview); the token page asks the same
    (`may_preview`) before it issues a token, as every use of the token does.
    """

    @property
    def preview_modes(self):
        return [
            *super().preview_modes,
            (HEADLESS_PREVIEW_MODE, _("Headless-forhåndsvisning (API)")),
        ]

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS_PREVIEW_MODE:
            return import_string(settings.PLANPORTAL_HEADLESS_PREVIEW_VIEW)(self, request)
        return super().serve_preview(request, mode_name)

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        """Honours `?mode=` in every preview view, the workflow preview included.

        Wagtail's workflow preview (PreviewRevisionForTask) always renders the
        default mode, and reviewers in "Planbehandling" have no editor access, so
        without this they could not get a token for what they review. Every other
        preview view already passes `?mode=` here; the caller has checked permission.
        """
        if original_request is not None:
            requested = original_request.GET.get("mode")
            if requested is not None and requested in dict(self.preview_modes):
                preview_mode = requested
        return super().make_preview_request(original_request, preview_mode, extra_request_attrs)
