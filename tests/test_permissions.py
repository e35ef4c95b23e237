"""Who may do what: every role × every admin action, through the real admin URLs.

An allowed action must take effect; a refused one must be refused by the
admin (a redirect to the dashboard with a message, or 403) and leave the
database exactly as it was. Where Wagtail turns a "publish" by someone who
may only edit into saving a draft, only the draft may change: nothing goes
live and no history is written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import (
    Locale,
    Page,
    PageViewRestriction,
    Site,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from api.preview import issue_token, verify_token
from core.preview import HEADLESS_PREVIEW_MODE
from home.models import SiteIdentity
from images.models import PlanImage
from plan_pages.models import ChapterPage, HistoryEntry
from roles.definitions import POLICE_COUNCIL, SLT_COORDINATOR
from roles.definitions import ROLES as ROLE_DEFINITIONS
from snippets.models import Contact, Measure
from tests.factories import PlanImageFactory, block, unique_word
from tests.roles import (
    ROLE_GROUPS,
    ROLES,
    add_test_chapter,
    approval_data,
    assert_refused,
    client_for,
    form_data,
    form_data_for_action,
    make_user,
    page_edit_data,
    plan_workflow,
    snippet_edit_data,
    workflow_action_url,
)
from tests.state import full_state, live_state

pytestmark = pytest.mark.django_db

# A client address locked out after failed logins (World.lock_login).
LOCKED_ADDRESS = "203.0.113.99"


# --- the world each test starts from -----------------------------------------


class World:
    """Users, the objects acted on, and workflow set-ups for the approval actions."""

    def __init__(self, plan, users, superuser):
        self.users = users
        self.superuser = superuser
        self.submitter = make_user("innsender", SLT_COORDINATOR)
        self.police_member = make_user("politirad-medlem", POLICE_COUNCIL)
        self.chapter = add_test_chapter(plan, intro="Ingress som den er publisert.")
        self.original_intro = self.chapter.intro
        self.word = unique_word("utkast")
        self.measure = Measure.objects.live().filter(locale__language_code="nb").first()
        self.contact = Contact.objects.live().filter(locale__language_code="nb").first()
        # An image of its own: deleting it deletes its file once the transaction commits
        # (on-commit callbacks run in the matrix), which no rollback brings back.
        seed_image = PlanImage.objects.order_by("pk").first()
        self.image = PlanImageFactory(collection=seed_image.collection)
        self.history_row = HistoryEntry.objects.order_by("pk").first()
        self.workflow_state = None
        self.task_state = None
        self.plan = plan
        # What the structural and translation actions act on.
        self.draft_chapter = add_test_chapter(plan, live=False)
        self.first_chapter = ChapterPage.objects.child_of(plan).order_by("path").first()
        english = Locale.objects.get(language_code="en")
        self.en_chapter = self.first_chapter.get_translation(english).specific
        self.source = TranslationSource.objects.get_for_instance(self.first_chapter)
        self.translation = Translation.objects.get(source=self.source, target_locale=english)
        somali = Locale.objects.get(language_code="so")
        self.alias = self.chapter.copy_for_translation(somali, copy_parents=True, alias=True)
        self.document = get_document_model().objects.create(
            title="Referat", file=ContentFile(b"Referat fra motet.", name="referat.txt")
        )
        # A live chapter that shows the image and the contact: deleting either leaves a
        # chapter that must still be served.
        self.user_chapter = add_test_chapter(
            plan,
            body=[
                block("image", {"image": self.image.pk, "caption": "Bilde", "alt_text": ""}),
                block("contacts", {"title": "Kontakt oss", "contacts": [self.contact.pk]}),
            ],
        )

    # Workflow set-ups: submitted by someone else than every demo user.

    def submit_draft(self):
        self.chapter.intro = f"Utkast til behandling {self.word}."
        self.chapter.save_revision(user=self.submitter)
        self.workflow_state = plan_workflow().start(self.chapter, self.submitter)
        self.task_state = self.workflow_state.current_task_state.specific

    def approve_step_1(self):
        self.submit_draft()
        task = self.task_state.task.specific
        task.on_action(
            self.task_state,
            self.police_member,
            "approve",
            decision_date=approval_date(),
            case_reference="",
            comment="",
        )
        self.workflow_state.refresh_from_db()
        self.task_state = self.workflow_state.current_task_state.specific
        assert self.task_state.task.specific.body_name == "Kommunestyret"

    def draft_on_chapter(self):
        """A draft on top of the live chapter, by someone else: something to revert."""
        self.chapter.intro = f"Utkast {self.word}."
        self.chapter.save_revision(user=self.superuser)

    def lock_chapter(self):
        self.chapter.locked = True
        self.chapter.locked_by = self.superuser
        self.chapter.save(update_fields=["locked", "locked_by"])

    def lock_login(self):
        """Failed logins from one address, through the real login page, until it is locked."""
        client = Client()
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("wagtailadmin_login"),
                {"username": "innsender", "password": f"feil-{attempt}"},
                REMOTE_ADDR=LOCKED_ADDRESS,
            )
        assert AccessAttempt.objects.filter(ip_address=LOCKED_ADDRESS).exists()

    def live_chapter(self):
        return ChapterPage.objects.get(pk=self.chapter.pk)


def approval_date():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def world(plan, users, superuser):
    return World(plan, users, superuser)


# --- the actions -----------------------------------------------------------------


def _without_actions(data):
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    return data


def _page_post(world, client, **extra):
    url, data = page_edit_data(world.chapter, world.superuser)
    data = _without_actions(data)
    data["intro"] = f"Ny ingress {world.word}."
    data["change_note"] = "Endret ingressen."
    data.update(extra)
    return client.post(url, data)


def _measure_post(world, client, **extra):
    url, data = snippet_edit_data(
        "wagtailsnippets_snippets_measure", world.measure, world.superuser
    )
    data = _without_actions(data)
    data["how"] = f"Nytt tiltak {world.word}."
    data.update(extra)
    return client.post(url, data)


def _chapter_draft(world):
    return world.live_chapter().get_latest_revision_as_object()


def _measure_draft(world):
    return Measure.objects.get(pk=world.measure.pk).get_latest_revision_as_object()


def _bulk_refused(response):
    """A bulk action skips the objects the user may not act on, so a refusal is an
    action on nothing (the confirmation or a redirect back); the state check says
    nothing happened."""
    assert response.status_code in (200, 302, 403), response.status_code


@dataclass(frozen=True)
class Action:
    perform: Callable  # (world, client) -> response
    done: Callable  # (world, response) -> None, asserts the action took effect
    setup: Callable = lambda world: None
    refused: Callable = assert_refused  # (response) -> None, asserts the admin refused


def _done_edit_view(world, response):
    assert response.status_code == 200


def _done_save_draft(world, response):
    assert response.status_code == 302
    assert world.word in _chapter_draft(world).intro
    assert world.live_chapter().intro == world.original_intro
    assert world.live_chapter().live


def _done_submit(world, response):
    assert response.status_code == 302
    state = world.live_chapter().current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.word in state.current_task_state.revision.as_object().intro
    assert world.live_chapter().intro == world.original_intro


def _done_publish(world, response):
    assert response.status_code == 302
    assert world.word in world.live_chapter().intro


def _done_unpublish(world, response):
    assert response.status_code == 302
    assert not world.live_chapter().live


def _done_delete(world, response):
    assert response.status_code == 302
    assert not Page.objects.filter(pk=world.chapter.pk).exists()


def _done_approve_step_1(world, response):
    assert response.status_code == 302
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_APPROVED
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.workflow_state.current_task_state.task.specific.body_name == "Kommunestyret"
    assert world.live_chapter().intro == world.original_intro


def _done_approve_step_2(world, response):
    assert response.status_code == 302
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_APPROVED
    assert world.word in world.live_chapter().intro


def _done_reject(world, response):
    assert response.status_code == 302
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_REJECTED
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert world.live_chapter().intro == world.original_intro


def _done_preview(world, response):
    assert response.status_code == 200
    assert world.word in response.content.decode()


def _preview(world, client):
    url = reverse(
        "wagtailadmin_pages:workflow_preview", args=[world.chapter.pk, world.task_state.task_id]
    )
    return client.get(url)


def _history_edit_post(world, client):
    url, data = snippet_edit_data(
        "wagtailsnippets_plan_pages_historyentry", world.history_row, world.superuser
    )
    data["change"] = "Rettet av noen som ikke får lov."
    return client.post(url, data)


def _done_history_edit(world, response):
    assert response.status_code == 302
    assert HistoryEntry.objects.get(pk=world.history_row.pk).change.startswith("Rettet")


def _done_history_delete(world, response):
    assert response.status_code == 302
    assert not HistoryEntry.objects.filter(pk=world.history_row.pk).exists()


def _done_measure_save_draft(world, response):
    assert response.status_code == 302
    assert world.word in _measure_draft(world).how
    assert world.word not in Measure.objects.get(pk=world.measure.pk).how


def _done_measure_submit(world, response):
    assert response.status_code == 302
    state = Measure.objects.get(pk=world.measure.pk).current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.word not in Measure.objects.get(pk=world.measure.pk).how


def _done_measure_publish(world, response):
    assert response.status_code == 302
    assert world.word in Measure.objects.get(pk=world.measure.pk).how


def _contact_publish(world, client):
    url, data = snippet_edit_data(
        "wagtailsnippets_snippets_contact", world.contact, world.superuser
    )
    data = _without_actions(data)
    data["name"] = f"Kontakt {world.word}"
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def _done_contact_publish(world, response):
    assert response.status_code == 302
    assert Contact.objects.get(pk=world.contact.pk).name == f"Kontakt {world.word}"


def _image_edit(world, client):
    url = reverse("wagtailimages:edit", args=[world.image.pk])
    response = client_for(world.superuser).get(url)
    assert response.status_code == 200
    data = form_data_for_action(response.content.decode(), url)
    data["title"] = f"Bilde {world.word}"
    return client.post(url, data)


def _done_image_edit(world, response):
    assert response.status_code == 302
    assert PlanImage.objects.get(pk=world.image.pk).title == f"Bilde {world.word}"


def _site_identity_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["home", "siteidentity", site.pk])


def _site_identity_edit(world, client):
    url = _site_identity_url()
    response = client_for(world.superuser).get(url)
    assert response.status_code == 200
    data = form_data_for_action(response.content.decode(), url)
    data["municipality_name"] = f"Kommune {world.word}"
    return client.post(url, data)


def _done_site_identity_edit(world, response):
    assert response.status_code == 302
    assert SiteIdentity.objects.get().municipality_name == f"Kommune {world.word}"


def _unlock_login(world, client):
    return client.post(reverse("accounts_locked_logins"), {"ip_address": LOCKED_ADDRESS})


def _done_unlock_login(world, response):
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(ip_address=LOCKED_ADDRESS).exists()


# --- structural actions, bulk actions, aliases and translations ---------------------


def _bulk(world, client, app_model, action, obj, data=None):
    app_label, model_name = app_model.split(".")
    url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    return client.post(f"{url}?{urlencode({'id': obj.pk})}", data or {})


def _page_exists(pk) -> bool:
    return Page.objects.filter(pk=pk).exists()


def _path(page) -> str:
    return Page.objects.get(pk=page.pk).path


def _done_bulk_delete_draft(world, response):
    assert response.status_code == 302
    assert not _page_exists(world.draft_chapter.pk)


def _done_bulk_publish(world, response):
    assert response.status_code == 302
    assert Page.objects.get(pk=world.draft_chapter.pk).live


def _done_moved_last(world, response):
    assert response.status_code == 302
    last = ChapterPage.objects.child_of(world.plan).order_by("path").last()
    assert last.pk == world.first_chapter.pk


def _copy(world, client):
    url = reverse("wagtailadmin_pages:copy", args=[world.chapter.pk])
    return client.post(
        url,
        {
            "new_title": f"Kopi {world.word}",
            "new_slug": f"kopi-{world.word}",
            "new_parent_page": world.plan.pk,
        },
    )


def _done_copy(world, response):
    assert response.status_code == 302
    copy = Page.objects.get(slug=f"kopi-{world.word}")
    assert not copy.live


def _revert(world, client):
    """Reverting to the live revision: the revert view's form, posted back (a draft)."""
    revision = world.live_chapter().live_revision
    url = reverse("wagtailadmin_pages:revisions_revert", args=[world.chapter.pk, revision.pk])
    response = client_for(world.superuser).get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode(), form_id="page-edit-form")
    for key in [k for k in data if k.startswith("body-") or k.startswith("action-")]:
        del data[key]
    data.update(nested_form_data({"body": streamfield([])}))
    return client.post(url, data)


def _done_revert(world, response):
    assert response.status_code == 302
    assert _chapter_draft(world).intro == world.original_intro
    assert world.live_chapter().latest_revision_id != world.live_chapter().live_revision_id


def _done_privacy(world, response):
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=world.chapter).exists()


def _done_locked(world, response):
    assert response.status_code == 302
    assert world.live_chapter().locked


def _done_unlocked(world, response):
    assert response.status_code == 302
    assert not world.live_chapter().locked


def _done_alias_converted(world, response):
    assert response.status_code == 302
    assert Page.objects.get(pk=world.alias.pk).alias_of_id is None


def _done_converted_to_alias(world, response):
    assert response.status_code == 302
    assert Page.objects.get(pk=world.en_chapter.pk).alias_of_id == world.first_chapter.pk


def _submit_translation(world, client):
    url = reverse("wagtail_localize:submit_page_translation", args=[world.chapter.pk])
    return client.post(url, {"locales": [Locale.objects.get(language_code="pl").pk]})


def _done_submit_translation(world, response):
    assert response.status_code == 302
    polish = Page.objects.get(
        translation_key=world.chapter.translation_key, locale__language_code="pl"
    )
    assert polish.alias_of_id is None and not polish.live


def _update_translations(world, client, **data):
    url = reverse("wagtail_localize:update_translations", args=[world.source.pk])
    return client.post(url, data)


def _done_update_translations(world, response):
    assert response.status_code == 302
    updated = TranslationSource.objects.get(pk=world.source.pk).last_updated_at
    assert updated > world.source.last_updated_at
    assert Page.objects.get(pk=world.en_chapter.pk).live_revision_id == (
        world.en_chapter.live_revision_id
    )


def _done_update_and_publish(world, response):
    assert response.status_code == 302
    assert Page.objects.get(pk=world.en_chapter.pk).live_revision_id != (
        world.en_chapter.live_revision_id
    )


def _translated_segment(world):
    return StringSegment.objects.filter(source=world.source).order_by("order").first()


def _edit_string(world, client):
    segment = _translated_segment(world)
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[world.translation.pk, segment.pk]
    )
    # The editor's JavaScript sends a PUT.
    data = urlencode({"value": f"Translated {world.word}"})
    return client.put(url, data, content_type="application/x-www-form-urlencoded")


def _done_string_translated(world, response):
    assert response.status_code in (200, 302)
    assert StringTranslation.objects.filter(
        locale__language_code="en", data=f"Translated {world.word}"
    ).exists()


def _upload_po(world, client):
    po = world.translation.export_po()
    segment_text = _translated_segment(world).string.data
    entry = next(e for e in po if e.msgid == segment_text)
    entry.msgstr = f"Translated {world.word}"
    upload = SimpleUploadedFile("oversettelse.po", str(po).encode(), "text/x-gettext-translation")
    next_url = reverse("wagtailadmin_pages:edit", args=[world.en_chapter.pk])
    url = reverse("wagtail_localize:upload_pofile", args=[world.translation.pk])
    return client.post(url, {"file": upload, "next": next_url})


def _publish_translation(world, client):
    url = reverse("wagtailadmin_pages:edit", args=[world.en_chapter.pk])
    return client.post(url, {"action": "publish"})


def _done_image_deleted(world, response):
    assert response.status_code == 302
    assert not PlanImage.objects.filter(pk=world.image.pk).exists()
    # Wagtail showed the usage before; the chapter that used the image is still served.
    assert Client().get(world.user_chapter.url).status_code == 200


def _done_document_deleted(world, response):
    assert response.status_code == 302
    assert not get_document_model().objects.filter(pk=world.document.pk).exists()


def _done_contact_deleted(world, response):
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=world.contact.pk).exists()
    assert Client().get(world.user_chapter.url).status_code == 200


def _done_measure_deleted(world, response):
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=world.measure.pk).exists()


def _page_action(name, page_attr="chapter", **data):
    return lambda w, c: c.post(
        reverse(f"wagtailadmin_pages:{name}", args=[getattr(w, page_attr).pk]), data
    )


def _bulk_action(app_model, action, obj_attr, **data):
    return lambda w, c: _bulk(w, c, app_model, action, getattr(w, obj_attr), data)


STRUCTURAL_ACTIONS = {
    # Bulk actions (Wagtail's "select pages/items" in listings).
    "bulk_delete_draft": Action(
        perform=_bulk_action("wagtailcore.page", "delete", "draft_chapter"),
        done=_done_bulk_delete_draft,
        refused=_bulk_refused,
    ),
    "bulk_delete_live": Action(
        perform=_bulk_action("wagtailcore.page", "delete", "chapter"),
        done=_done_delete,
        refused=_bulk_refused,
    ),
    "bulk_publish": Action(
        perform=_bulk_action("wagtailcore.page", "publish", "draft_chapter"),
        done=_done_bulk_publish,
        refused=_bulk_refused,
    ),
    "bulk_unpublish": Action(
        perform=_bulk_action("wagtailcore.page", "unpublish", "chapter"),
        done=_done_unpublish,
        refused=_bulk_refused,
    ),
    "bulk_move": Action(
        perform=lambda w, c: _bulk(
            w, c, "wagtailcore.page", "move", w.first_chapter, {"chooser": w.plan.pk}
        ),
        done=_done_moved_last,
        refused=_bulk_refused,
    ),
    "bulk_delete_contact": Action(
        perform=_bulk_action("snippets.contact", "delete", "contact"),
        done=_done_contact_deleted,
        refused=_bulk_refused,
    ),
    "bulk_delete_image": Action(
        perform=_bulk_action("images.planimage", "delete", "image"),
        done=_done_image_deleted,
        refused=_bulk_refused,
    ),
    "bulk_delete_document": Action(
        perform=_bulk_action("wagtaildocs.document", "delete", "document"),
        done=_done_document_deleted,
        refused=_bulk_refused,
    ),
    "bulk_delete_history": Action(
        perform=_bulk_action("plan_pages.historyentry", "delete", "history_row"),
        done=_done_history_delete,
        refused=_bulk_refused,
    ),
    # Page actions one at a time.
    "move": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailadmin_pages:move_confirm", args=[w.first_chapter.pk, w.plan.pk]), {}
        ),
        done=_done_moved_last,
    ),
    "copy": Action(perform=_copy, done=_done_copy),
    "revert": Action(setup=World.draft_on_chapter, perform=_revert, done=_done_revert),
    "privacy": Action(
        perform=_page_action("set_privacy", restriction_type="password", password="hemmelig1"),
        done=_done_privacy,
    ),
    "lock": Action(perform=_page_action("lock"), done=_done_locked),
    "unlock": Action(setup=World.lock_chapter, perform=_page_action("unlock"), done=_done_unlocked),
    "delete_draft": Action(
        perform=_page_action("delete", "draft_chapter"), done=_done_bulk_delete_draft
    ),
    # Aliases: Wagtail's "convert into an ordinary page", localize's "convert back".
    "convert_alias": Action(
        perform=_page_action("convert_alias", "alias"), done=_done_alias_converted
    ),
    "convert_to_alias": Action(
        perform=lambda w, c: c.post(
            reverse("wagtail_localize:convert_to_alias", args=[w.en_chapter.pk]), {}
        ),
        done=_done_converted_to_alias,
    ),
    # wagtail-localize.
    "translate_submit": Action(perform=_submit_translation, done=_done_submit_translation),
    "update_translations": Action(
        perform=lambda w, c: _update_translations(w, c), done=_done_update_translations
    ),
    "update_translations_publish": Action(
        perform=lambda w, c: _update_translations(w, c, publish_translations="on"),
        done=_done_update_and_publish,
    ),
    "translation_edit_view": Action(
        perform=lambda w, c: c.get(reverse("wagtailadmin_pages:edit", args=[w.en_chapter.pk])),
        done=_done_edit_view,
    ),
    "translation_edit_string": Action(perform=_edit_string, done=_done_string_translated),
    "translation_po_upload": Action(perform=_upload_po, done=_done_string_translated),
    "translation_publish": Action(perform=_publish_translation, done=_done_update_and_publish),
    # Deleting what a chapter uses.
    "image_delete_in_use": Action(
        perform=lambda w, c: c.post(reverse("wagtailimages:delete", args=[w.image.pk]), {}),
        done=_done_image_deleted,
    ),
    "document_delete": Action(
        perform=lambda w, c: c.post(reverse("wagtaildocs:delete", args=[w.document.pk]), {}),
        done=_done_document_deleted,
    ),
    "contact_delete_in_use": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailsnippets_snippets_contact:delete", args=[w.contact.pk]), {}
        ),
        done=_done_contact_deleted,
    ),
    "measure_delete": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailsnippets_snippets_measure:delete", args=[w.measure.pk]), {}
        ),
        done=_done_measure_deleted,
    ),
}


ACTIONS = {
    "edit_view": Action(
        perform=lambda w, c: c.get(reverse("wagtailadmin_pages:edit", args=[w.chapter.pk])),
        done=_done_edit_view,
    ),
    "save_draft": Action(perform=lambda w, c: _page_post(w, c), done=_done_save_draft),
    "submit": Action(
        perform=lambda w, c: _page_post(w, c, **{"action-submit": "action-submit"}),
        done=_done_submit,
    ),
    "publish": Action(
        perform=lambda w, c: _page_post(w, c, **{"action-publish": "action-publish"}),
        done=_done_publish,
    ),
    "unpublish": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailadmin_pages:unpublish", args=[w.chapter.pk]), {}
        ),
        done=_done_unpublish,
    ),
    "delete": Action(
        perform=lambda w, c: c.post(reverse("wagtailadmin_pages:delete", args=[w.chapter.pk]), {}),
        done=_done_delete,
    ),
    "preview_step_1": Action(setup=World.submit_draft, perform=_preview, done=_done_preview),
    "preview_step_2": Action(setup=World.approve_step_1, perform=_preview, done=_done_preview),
    "approve_step_1": Action(
        setup=World.submit_draft,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "approve", w.task_state), approval_data()
        ),
        done=_done_approve_step_1,
    ),
    "approve_step_2": Action(
        setup=World.approve_step_1,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "approve", w.task_state), approval_data()
        ),
        done=_done_approve_step_2,
    ),
    "reject_step_1": Action(
        setup=World.submit_draft,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "reject", w.task_state),
            {"comment": "Må omarbeides."},
        ),
        done=_done_reject,
    ),
    "reject_step_2": Action(
        setup=World.approve_step_1,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "reject", w.task_state),
            {"comment": "Må omarbeides."},
        ),
        done=_done_reject,
    ),
    "history_edit_view": Action(
        perform=lambda w, c: c.get(
            reverse("wagtailsnippets_plan_pages_historyentry:edit", args=[w.history_row.pk])
        ),
        done=_done_edit_view,
    ),
    "history_edit": Action(perform=_history_edit_post, done=_done_history_edit),
    "history_delete": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailsnippets_plan_pages_historyentry:delete", args=[w.history_row.pk]), {}
        ),
        done=_done_history_delete,
    ),
    "measure_edit_view": Action(
        perform=lambda w, c: c.get(
            reverse("wagtailsnippets_snippets_measure:edit", args=[w.measure.pk])
        ),
        done=_done_edit_view,
    ),
    "measure_save_draft": Action(
        perform=lambda w, c: _measure_post(w, c), done=_done_measure_save_draft
    ),
    "measure_submit": Action(
        perform=lambda w, c: _measure_post(w, c, **{"action-submit": "action-submit"}),
        done=_done_measure_submit,
    ),
    "measure_publish": Action(
        perform=lambda w, c: _measure_post(w, c, **{"action-publish": "action-publish"}),
        done=_done_measure_publish,
    ),
    "contact_publish": Action(perform=_contact_publish, done=_done_contact_publish),
    "image_edit": Action(perform=_image_edit, done=_done_image_edit),
    "site_identity_edit": Action(perform=_site_identity_edit, done=_done_site_identity_edit),
    "unlock_login": Action(setup=World.lock_login, perform=_unlock_login, done=_done_unlock_login),
    **STRUCTURAL_ACTIONS,
}

# Who may do what (roles/definitions.py, moderation/models.py). Columns:
#                      kommunikasjon, slt, politirad, kommunestyret, oversetter
ALLOWED = {
    "edit_view": (1, 1, 0, 0, 0),
    "save_draft": (1, 1, 0, 0, 0),
    "submit": (1, 1, 0, 0, 0),
    "publish": (1, 0, 0, 0, 0),
    "unpublish": (1, 0, 0, 0, 0),
    # A leaf page: whoever may edit and publish may delete it; SLT may not (it is live).
    "delete": (1, 0, 0, 0, 0),
    # Each body previews, approves and rejects only its own step.
    "preview_step_1": (0, 0, 1, 0, 0),
    "preview_step_2": (0, 0, 0, 1, 0),
    "approve_step_1": (0, 0, 1, 0, 0),
    "approve_step_2": (0, 0, 0, 1, 0),
    "reject_step_1": (0, 0, 1, 0, 0),
    "reject_step_2": (0, 0, 0, 1, 0),
    # History rows: superusers only (tests/test_history_rows.py).
    "history_edit_view": (0, 0, 0, 0, 0),
    "history_edit": (0, 0, 0, 0, 0),
    "history_delete": (0, 0, 0, 0, 0),
    "measure_edit_view": (1, 1, 0, 0, 0),
    "measure_save_draft": (1, 1, 0, 0, 0),
    "measure_submit": (1, 1, 0, 0, 0),
    "measure_publish": (1, 0, 0, 0, 0),
    "contact_publish": (1, 0, 0, 0, 0),
    "image_edit": (1, 0, 0, 0, 0),
    # The municipality's identity on the site (name, contact, colours): the adviser's.
    "site_identity_edit": (1, 0, 0, 0, 0),
    # Unlocking a login locked after failed attempts (accounts): the adviser's.
    "unlock_login": (1, 0, 0, 0, 0),
    # Bulk actions answer to the same rules as the page's own views (Wagtail asks the
    # page's permission tester for each item). A never-published draft: whoever drafts
    # pages may delete it (SLT too); translators never delete anything.
    "bulk_delete_draft": (1, 1, 0, 0, 0),
    "bulk_delete_live": (1, 0, 0, 0, 0),
    "delete_draft": (1, 1, 0, 0, 0),
    # Publishing and unpublishing: the adviser only.
    "bulk_publish": (1, 0, 0, 0, 0),
    "bulk_unpublish": (1, 0, 0, 0, 0),
    # Moving a live chapter changes the published plan: the adviser only.
    "bulk_move": (1, 0, 0, 0, 0),
    "move": (1, 0, 0, 0, 0),
    # A copy is a new, unpublished draft: those who draft pages (not translators).
    "copy": (1, 1, 0, 0, 0),
    # Reverting saves the old revision as a new draft: an edit of the Norwegian source.
    "revert": (1, 1, 0, 0, 0),
    # Privacy changes what the public sees, like publishing; locks are the adviser's tool.
    "privacy": (1, 0, 0, 0, 0),
    "lock": (1, 0, 0, 0, 0),
    "unlock": (1, 0, 0, 0, 0),
    # Converting an alias into a page puts Norwegian text live under another language's
    # address; converting a translation back into an alias unpublishes the translation:
    # both publish, so the adviser only, never a translator.
    "convert_alias": (1, 0, 0, 0, 0),
    "convert_to_alias": (1, 0, 0, 0, 0),
    # Translating: the adviser and translators (SLT writes the Norwegian source only).
    "translate_submit": (1, 0, 0, 0, 1),
    "update_translations": (1, 0, 0, 0, 1),
    "translation_edit_view": (1, 0, 0, 0, 1),
    "translation_edit_string": (1, 0, 0, 0, 1),
    "translation_po_upload": (1, 0, 0, 0, 1),
    # ... but publishing translations is the adviser's.
    "update_translations_publish": (1, 0, 0, 0, 0),
    "translation_publish": (1, 0, 0, 0, 0),
    # Images, documents, contacts and measures: only the adviser deletes them, with
    # Wagtail's usage warning, and the chapter that used them is still served.
    "bulk_delete_image": (1, 0, 0, 0, 0),
    "bulk_delete_document": (1, 0, 0, 0, 0),
    "bulk_delete_contact": (1, 0, 0, 0, 0),
    "image_delete_in_use": (1, 0, 0, 0, 0),
    "document_delete": (1, 0, 0, 0, 0),
    "contact_delete_in_use": (1, 0, 0, 0, 0),
    "measure_delete": (1, 0, 0, 0, 0),
    # History rows: superusers only, in bulk too.
    "bulk_delete_history": (0, 0, 0, 0, 0),
}
assert set(ALLOWED) == set(ACTIONS)

MATRIX = [
    pytest.param(role, action, bool(allowed), id=f"{role}-{action}-{'ja' if allowed else 'nei'}")
    for action, row in ALLOWED.items()
    for role, allowed in zip(ROLES, row, strict=True)
]

# Wagtail saves a draft instead when someone who may edit, but not publish, asks to
# publish: the request is not refused, but nothing goes live.
PUBLISH_BECOMES_DRAFT = {("slt", "publish"), ("slt", "measure_publish")}


@pytest.mark.parametrize(("role", "action", "allowed"), MATRIX)
def test_permission_matrix(
    world, role, action, allowed, mailoutbox, django_capture_on_commit_callbacks
):
    spec = ACTIONS[action]
    spec.setup(world)
    client = client_for(world.users[role])
    before_full, before_live = full_state(), live_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = spec.perform(world, client)

    if allowed:
        spec.done(world, response)
    elif (role, action) in PUBLISH_BECOMES_DRAFT:
        assert response.status_code == 302
        assert live_state() == before_live
    else:
        spec.refused(response)
        assert full_state() == before_full


def test_the_matrix_has_a_column_for_every_role_the_plan_defines():
    """A new role in roles.definitions needs its column in ALLOWED (the rows are zipped with
    ROLES, one demo user per role)."""
    assert sorted(ROLE_GROUPS.values()) == sorted(role.name for role in ROLE_DEFINITIONS)


# --- approving: own step, own group, never one's own submission ------------------


def test_submitter_in_the_approving_group_cannot_approve_own_submission(world):
    both = make_user("slt-og-politirad", SLT_COORDINATOR, POLICE_COUNCIL)
    client = client_for(both)
    url, data = page_edit_data(world.chapter, world.superuser)
    data = _without_actions(data)
    data["intro"] = f"Eget utkast {world.word}."
    data["action-submit"] = "action-submit"
    assert client.post(url, data).status_code == 302

    state = world.live_chapter().current_workflow_state
    assert state.requested_by == both
    task_state = state.current_task_state.specific
    assert task_state.task.specific.get_actions(world.live_chapter(), both) == []
    before = full_state()

    response = client.post(
        workflow_action_url(world.chapter, "approve", task_state), approval_data()
    )
    assert_refused(response)
    response = client.post(
        workflow_action_url(world.chapter, "reject", task_state), {"comment": "Nei."}
    )
    assert_refused(response)
    assert full_state() == before
    # Nor does the step show up among the tasks they can moderate.
    assert not task_state.task.specific.get_task_states_user_can_moderate(both).exists()
    # Another member of the body can.
    assert task_state.task.specific.get_task_states_user_can_moderate(
        world.users["politirad"]
    ).exists()


@pytest.mark.parametrize("is_superuser", [False, True])
def test_an_author_of_a_revision_in_the_round_cannot_approve_it(world, is_superuser):
    """They edited the draft, someone else submitted it: still their own changes."""
    author = make_user("slt-og-politirad", SLT_COORDINATOR, POLICE_COUNCIL, superuser=is_superuser)
    url, data = page_edit_data(world.chapter, world.superuser)
    data = _without_actions(data)
    data["intro"] = f"Eget utkast {world.word}."
    assert client_for(author).post(url, data).status_code == 302
    # Someone else writes on and submits the round.
    world.submit_draft()
    assert world.workflow_state.requested_by == world.submitter
    task = world.task_state.task.specific
    assert task.get_actions(world.live_chapter(), author) == []
    assert not task.get_task_states_user_can_moderate(author).exists()
    client = client_for(author)
    before = full_state()

    for action, data in [("approve", approval_data()), ("reject", {"comment": "Nei."})]:
        response = client.post(workflow_action_url(world.chapter, action, world.task_state), data)
        assert_refused(response)
    assert full_state() == before
    # A member who wrote nothing in this round can.
    assert task.get_actions(world.live_chapter(), world.police_member)
    assert task.get_task_states_user_can_moderate(world.police_member).exists()


def test_revisions_before_the_last_publish_do_not_bar_an_approver(world):
    """The round starts at the last published revision: an earlier author may approve."""
    author = make_user("slt-og-politirad", SLT_COORDINATOR, POLICE_COUNCIL)
    chapter = world.live_chapter()
    chapter.intro = "Tidligere endring."
    chapter.save_revision(user=author).publish(user=world.superuser)
    world.submit_draft()
    task = world.task_state.task.specific
    assert task.get_actions(world.live_chapter(), author)
    assert task.get_task_states_user_can_moderate(author).exists()


@pytest.mark.parametrize("step", [1, 2])
def test_superuser_outside_the_group_cannot_approve(world, step):
    world.approve_step_1() if step == 2 else world.submit_draft()
    superuser = world.superuser
    assert world.task_state.task.specific.get_actions(world.live_chapter(), superuser) == []
    client = client_for(superuser)
    before = full_state()

    for action, data in [("approve", approval_data()), ("reject", {"comment": "Nei."})]:
        response = client.post(workflow_action_url(world.chapter, action, world.task_state), data)
        assert_refused(response)
    assert full_state() == before


def test_direct_task_action_refused_for_non_members(world):
    """The task itself refuses, not only the view (PlanApprovalTask.on_action)."""
    from django.core.exceptions import PermissionDenied

    world.submit_draft()
    task = world.task_state.task.specific
    for user in [world.users["kommunestyret"], world.superuser, world.submitter]:
        with pytest.raises(PermissionDenied):
            task.on_action(world.task_state, user, "approve", decision_date=approval_date())
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_IN_PROGRESS


def test_reviewers_get_no_editor_for_a_page_in_review(world):
    world.submit_draft()
    for role in ["politirad", "kommunestyret"]:
        response = client_for(world.users[role]).get(
            reverse("wagtailadmin_pages:edit", args=[world.chapter.pk])
        )
        assert_refused(response)


# --- headless preview tokens: the issuer's right, checked at every use -----------------


def test_a_preview_token_stops_working_when_its_issuer_loses_edit_permission(world):
    slt = world.users["slt"]
    world.draft_on_chapter()
    token = issue_token(world.chapter, slt).token
    api = Client()
    url = f"/api/v2/pages/{world.chapter.pk}/"
    assert world.word in api.get(url, {"preview_token": token}).content.decode()

    # Moved to Politiråd: still an active admin user, but no edit permission.
    slt.groups.set([Group.objects.get(name=POLICE_COUNCIL)])
    assert not verify_token(token, Page, world.chapter.pk)
    response = api.get(url, {"preview_token": token})
    assert response.status_code == 200
    assert world.word not in response.content.decode()


def test_translators_get_no_token_for_the_norwegian_draft(world):
    world.draft_on_chapter()
    translator = world.users["oversetter"]
    token = issue_token(world.chapter, translator).token
    assert not verify_token(token, Page, world.chapter.pk)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[world.chapter.pk])
    response = client_for(translator).get(url, {"mode": HEADLESS_PREVIEW_MODE})
    assert 'id="preview-token"' not in response.content.decode()


def test_refused_history_edit_is_not_logged(world):
    before = log_registry.get_logs_for_instance(world.history_row).count()
    _history_edit_post(world, client_for(world.users["kommunikasjon"]))
    assert log_registry.get_logs_for_instance(world.history_row).count() == before
