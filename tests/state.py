"""What the database looks like, to compare before and after an action.

`live_state` is what the public sees and the plan records; `full_state` adds
drafts, logs, the tree and wagtail-localize's records. A refused action must
leave `full_state` as it was.
"""

from axes.models import AccessAttempt
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Revision, TaskState, WorkflowState
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from home.models import SiteIdentity
from images.models import PlanImage
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from snippets.models import Contact, Measure


def live_state() -> dict:
    """What the public sees and what the plan records: must never move on refusal."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "live", "live_revision_id", "title")
        ),
        "chapters": list(ChapterPage.objects.order_by("pk").values_list("pk", "intro")),
        "identity": list(SiteIdentity.objects.order_by("pk").values()),
        "plan": list(PlanPage.objects.values_list("pk", "version", "version_date")),
        "history": list(
            HistoryEntry.objects.order_by("pk").values_list(
                "pk", "date", "version", "change", "responsible"
            )
        ),
        "measures": list(
            Measure.objects.order_by("pk").values_list("pk", "live", "how", "live_revision_id")
        ),
        "contacts": list(
            Contact.objects.order_by("pk").values_list("pk", "live", "name", "live_revision_id")
        ),
        "images": list(PlanImage.objects.order_by("pk").values_list("pk", "title")),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def full_state() -> dict:
    """Everything, drafts and logs included."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    return {
        **live_state(),
        "revisions": Revision.objects.count(),
        "latest": list(
            Page.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "has_unpublished_changes"
            )
        ),
        "measure_drafts": list(
            Measure.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "has_unpublished_changes"
            )
        ),
        "page_log": PageLogEntry.objects.count(),
        "model_log": ModelLogEntry.objects.count(),
        # The tree, aliases and locks.
        "tree": list(
            Page.objects.order_by("pk").values_list(
                "pk", "path", "alias_of_id", "locale_id", "locked", "locked_by_id"
            )
        ),
        "restrictions": list(
            PageViewRestriction.objects.order_by("pk").values_list(
                "pk", "page_id", "restriction_type", "password"
            )
        ),
        # wagtail-localize's records.
        "translation_sources": list(
            TranslationSource.objects.order_by("pk").values_list("pk", "last_updated_at")
        ),
        "translations": list(
            Translation.objects.order_by("pk").values_list("pk", "target_locale_id", "enabled")
        ),
        "string_translations": list(
            StringTranslation.objects.order_by("pk").values_list("pk", "data")
        ),
        "documents": list(get_document_model().objects.order_by("pk").values_list("pk", "title")),
        # Failed logins and lockouts (django-axes).
        "login_attempts": list(
            AccessAttempt.objects.order_by("pk").values_list(
                "pk", "ip_address", "failures_since_start"
            )
        ),
    }
