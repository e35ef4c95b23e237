"""The moderation's e-mails, through the real admin views and Wagtail's workflow.

Every e-mail a role gets is Norwegian (none of the English sentences of
Wagtail's own notification templates, read from them), names the revision's
change note and links to its review; approving bodies are never offered an
edit link; an editorial publish reaches the bodies once; nothing is sent for
an action that is rolled back.
"""

import re
from pathlib import Path

import pytest
import wagtail.admin
from django.conf import settings
from django.core import mail
from django.urls import reverse
from wagtail.models import PageSubscription, WorkflowState
from wagtail.signals import published, task_approved, task_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from moderation.history import history_suppressed
from moderation.review import review_url
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from snippets.models import Contact
from tests.factories import unique_word
from tests.roles import (
    approval_data,
    client_for,
    page_edit_data,
    snippet_edit_data,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

MEASURE_ADMIN = "wagtailsnippets_snippets_measure"
CONTACT_ADMIN = "wagtailsnippets_snippets_contact"
HISTORY_BODY = [("document_history", "")]
BODIES = ("politirad", "kommunestyret")

WAGTAIL_NOTIFICATIONS = (
    Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin" / "notifications"
)


def _wagtail_sentences() -> set[str]:
    """The English text of Wagtail's notification templates, between their placeholders."""
    msgids = []
    for template in WAGTAIL_NOTIFICATIONS.glob("*.*"):
        source = template.read_text(encoding="utf-8")
        msgids += re.findall(r"{%\s*trans\s+[\"']([^\"']+)[\"']", source)
        msgids += re.findall(r"{%\s*blocktrans\b[^%]*%}(.*?){%\s*endblocktrans\s*%}", source, re.S)
    fragments = set()
    for msgid in msgids:
        for fragment in re.split(r"{{.*?}}", msgid):
            words = " ".join(fragment.strip(" \n\"'.,:").split())
            if len(words) >= 5:
                fragments.add(words)
    return fragments


ENGLISH = _wagtail_sentences()


def test_the_english_sentences_are_read_from_wagtails_templates():
    assert {"has been submitted for approval in moderation stage", "Hello"} <= ENGLISH
    assert "You can edit the page here" in ENGLISH


def assert_norwegian(message):
    texts = [message.subject, message.body]
    texts += [content for content, mimetype in getattr(message, "alternatives", [])]
    for text in texts:
        found = [sentence for sentence in ENGLISH if sentence in text]
        assert not found, (found, text)
    assert message.body.startswith("Hei ")


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def the_mail_to(user):
    found = mails_to(user)
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def review_link(revision) -> str:
    return settings.WAGTAILADMIN_BASE_URL + review_url(revision)


def assert_no_edit_link(message, obj_edit_path: str):
    for text in [message.body] + [c for c, _ in getattr(message, "alternatives", [])]:
        assert "redigere" not in text.lower() and "redigering" not in text.lower(), text
        assert obj_edit_path not in text, text


# --- driving the admin --------------------------------------------------------


def _edit_chapter(chapter, user, superuser, note, action):
    url, data = page_edit_data(chapter, superuser, body=HISTORY_BODY)
    data["intro"] = f"Ny ingress {unique_word()}."
    data["change_note"] = note
    data[f"action-{action}"] = f"action-{action}"
    return client_for(user).post(url, data)


def _edit_snippet(namespace, obj, user, superuser, field, value, note, action):
    url, data = snippet_edit_data(namespace, obj, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data[field] = value
    data["change_note"] = note
    data[f"action-{action}"] = f"action-{action}"
    return client_for(user).post(url, data)


def submit(kind, obj, user, superuser, note, captured):
    """SLT submits a change of a chapter or a measure; returns the object as reloaded."""
    with captured(execute=True):
        if kind == "page":
            response = _edit_chapter(obj, user, superuser, note, "submit")
        else:
            response = _edit_snippet(
                MEASURE_ADMIN,
                obj,
                user,
                superuser,
                "how",
                f"Tiltak {unique_word()}.",
                note,
                "submit",
            )
    assert response.status_code == 302
    return type(obj).objects.get(pk=obj.pk)


def act(obj, user, action, data, captured):
    task_state = obj.current_workflow_state.current_task_state
    url = workflow_action_url(obj, action, task_state, snippet=not isinstance(obj, ChapterPage))
    with captured(execute=True):
        response = client_for(user).post(url, data)
    assert response.status_code == 302
    return task_state


def edit_path(obj) -> str:
    if isinstance(obj, ChapterPage):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(f"{MEASURE_ADMIN}:edit", args=[obj.pk])


@pytest.fixture(params=["page", "measure"])
def kind_and_object(request, history_chapter, measure):
    return request.param, history_chapter if request.param == "page" else measure


# --- the workflow's e-mails ----------------------------------------------------


def test_a_submission_reaches_the_first_body_in_norwegian_with_note_and_review_link(
    kind_and_object, users, superuser, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    kind, obj = kind_and_object
    note = f"Presisert «ansvar» & frister ({unique_word()})."
    mail.outbox.clear()

    obj = submit(kind, obj, users["slt"], superuser, note, django_capture_on_commit_callbacks)

    revision = obj.current_workflow_state.current_task_state.revision
    title = revision.object_str
    message = the_mail_to(users["politirad"])
    assert_norwegian(message)
    assert message.subject == f"Til behandling i «Behandling i Politiråd»: «{title}»"
    body = message.body
    assert f"er sendt av {users['slt'].get_full_name()} til behandling i trinnet" in body
    assert f"Endringsnotat fra forfatteren: {note}" in body  # as written, not HTML-escaped
    assert review_link(revision) in body
    assert_no_edit_link(message, edit_path(obj))
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and '<html lang="nb"' in html
    assert f'href="{review_link(revision)}"' in html
    # The link opens the review for the approver it was sent to.
    response = client_for(users["politirad"]).get(review_url(revision))
    assert response.status_code == 200
    # The next body hears nothing yet; the submitter hears nothing of their own submission.
    assert mails_to(users["kommunestyret"]) == mails_to(users["slt"]) == []
    # A superuser may edit: their e-mails (step and workflow) carry the edit link too.
    to_superuser = mails_to(superuser)
    assert len(to_superuser) == 2
    for message in to_superuser:
        assert_norwegian(message)
        assert review_link(revision) in message.body and note in message.body
        assert f"Åpne for redigering:\n{settings.WAGTAILADMIN_BASE_URL}{edit_path(obj)}" in (
            message.body
        )


def test_each_approval_reaches_the_next_body_and_the_last_the_submitter(
    kind_and_object, users, superuser, django_capture_on_commit_callbacks
):
    kind, obj = kind_and_object
    note = f"Ny formulering ({unique_word()})."
    obj = submit(kind, obj, users["slt"], superuser, note, django_capture_on_commit_callbacks)
    revision = obj.current_workflow_state.current_task_state.revision
    mail.outbox.clear()

    act(obj, users["politirad"], "approve", approval_data(), django_capture_on_commit_callbacks)

    message = the_mail_to(users["kommunestyret"])
    assert_norwegian(message)
    assert message.subject.startswith("Til behandling i «Vedtak i Kommunestyret»")
    assert note in message.body and review_link(revision) in message.body
    assert_no_edit_link(message, edit_path(obj))
    assert mails_to(users["slt"]) == []
    mail.outbox.clear()

    act(obj, users["kommunestyret"], "approve", approval_data(), django_capture_on_commit_callbacks)

    published_obj = type(obj).objects.get(pk=obj.pk)
    assert published_obj.live_revision_id == revision.pk
    message = the_mail_to(users["slt"])
    assert_norwegian(message)
    assert message.subject == f"Godkjent i «Planbehandling»: «{revision.object_str}»"
    assert f"«{revision.object_str}» er godkjent i «Planbehandling»." in message.body
    assert note in message.body and review_link(revision) in message.body
    if kind == "page":
        assert f"Siden slik publikum ser den: {published_obj.full_url}" in message.body
    # The final approval publishes: no editorial notice to the bodies.
    assert [m.to for m in mail.outbox] == [[users["slt"].email]]


def test_a_rejection_tells_the_submitter_why_with_note_review_and_edit_link(
    kind_and_object, users, superuser, django_capture_on_commit_callbacks
):
    kind, obj = kind_and_object
    note = f"Forslag til endring ({unique_word()})."
    reason = f"Mangler forankring i SLT-gruppa ({unique_word()})."
    obj = submit(kind, obj, users["slt"], superuser, note, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    task_state = act(
        obj, users["politirad"], "reject", {"comment": reason}, django_capture_on_commit_callbacks
    )

    message = the_mail_to(users["slt"])
    assert_norwegian(message)
    title = task_state.revision.object_str
    assert message.subject == f"Avvist i «Behandling i Politiråd»: «{title}»"
    body = message.body
    assert (
        f"«{title}» er avvist i trinnet «Behandling i Politiråd» av "
        f"{users['politirad'].get_full_name()}." in body
    )
    assert f"Begrunnelse: {reason}" in body
    assert note in body and review_link(task_state.revision) in body
    # The submitter may edit: the edit link is theirs.
    assert f"Åpne for redigering:\n{settings.WAGTAILADMIN_BASE_URL}{edit_path(obj)}" in body


def test_emails_are_norwegian_whatever_language_the_actor_and_the_recipient_use(
    users, superuser, history_chapter, django_capture_on_commit_callbacks
):
    for key in ("slt", "politirad"):
        profile = UserProfile.get_for_user(users[key])
        profile.preferred_language = "en"
        profile.save()
    # The submitter's admin is English: the request is.
    response = client_for(users["slt"]).get(reverse("wagtailadmin_home"))
    assert '<html lang="en"' in response.content.decode()
    mail.outbox.clear()

    chapter = submit(
        "page",
        history_chapter,
        users["slt"],
        superuser,
        "Notat.",
        django_capture_on_commit_callbacks,
    )
    act(
        chapter,
        users["politirad"],
        "reject",
        {"comment": "Ikke nå."},
        django_capture_on_commit_callbacks,
    )

    sent = mails_to(users["politirad"]) + mails_to(users["slt"])
    assert len(sent) == 2
    for message in sent:
        assert_norwegian(message)
        # Our own msgids are Norwegian, and the public English catalogue translates
        # some of them ("kapittel" is "chapter"): the e-mail is rendered in nb.
        assert f"i kapittel «{chapter.title}»" in message.body


# --- the editorial publish -----------------------------------------------------


def test_an_editorial_publish_reaches_each_body_member_once_with_version_and_link(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    note = f"Rettet skrivefeil ({unique_word()})."
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _edit_chapter(
            history_chapter, users["kommunikasjon"], superuser, note, "publish"
        )
    assert response.status_code == 302

    entry = HistoryEntry.objects.order_by("-pk").first()
    assert entry.change == f"Redaksjonell endring: {note}"
    assert entry.version == PlanPage.objects.get(pk=plan.pk).version
    title = entry.revision.object_str
    for key in BODIES:
        message = the_mail_to(users[key])
        assert_norwegian(message)
        assert (
            message.subject
            == f"Redaksjonell endring publisert: «{title}» (versjon {entry.version})"
        )
        body = message.body
        assert (
            f"{users['kommunikasjon'].get_full_name()} (Kommunikasjonsrådgiver) har publisert en "
            f"redaksjonell endring i kapittel «{title}» direkte, utenom «Planbehandling»." in body
        )
        assert f"Planen har nå versjon {entry.version} (" in body
        assert note in body and review_link(entry.revision) in body
        assert_no_edit_link(message, edit_path(history_chapter))
        assert client_for(users[key]).get(review_url(entry.revision)).status_code == 200
    # Only the bodies: not the publisher, not the other roles.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(users[k].email for k in BODIES)


def test_an_editorial_change_to_a_contact_reaches_the_bodies(
    users, superuser, django_capture_on_commit_callbacks
):
    contact = Contact.objects.live().filter(locale__language_code="nb").order_by("pk").first()
    name = f"Legevakten {unique_word()}"
    note = "Nytt navn på legevakten."
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _edit_snippet(
            CONTACT_ADMIN, contact, users["kommunikasjon"], superuser, "name", name, note, "publish"
        )
    assert response.status_code == 302

    entry = HistoryEntry.objects.order_by("-pk").first()
    assert entry.revision_id == Contact.objects.get(pk=contact.pk).live_revision_id
    for key in BODIES:
        message = the_mail_to(users[key])
        assert_norwegian(message)
        assert f"i kontakt «{name}»" in message.body and note in message.body
        assert review_link(entry.revision) in message.body
        assert_no_edit_link(message, reverse(f"{CONTACT_ADMIN}:edit", args=[contact.pk]))


class ActionFailed(Exception):
    pass


@pytest.fixture
def fail_on():
    """Make a receiver connected after ours fail: the action's transaction is rolled back."""
    connected = []

    def fail(**kwargs):
        raise ActionFailed

    def connect(signal):
        signal.connect(fail, dispatch_uid="test_notifications_failure")
        connected.append(signal)

    yield connect
    for signal in connected:
        signal.disconnect(dispatch_uid="test_notifications_failure")


def test_a_rolled_back_editorial_publish_sends_nothing(
    users, superuser, history_chapter, fail_on, django_capture_on_commit_callbacks
):
    rows = HistoryEntry.objects.count()
    live_revision = history_chapter.live_revision_id
    fail_on(published)  # after our receiver has written the row and asked for the e-mail
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActionFailed):
        _edit_chapter(history_chapter, users["kommunikasjon"], superuser, "Notat.", "publish")

    assert ChapterPage.objects.get(pk=history_chapter.pk).live_revision_id == live_revision
    assert HistoryEntry.objects.count() == rows
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("step", "signal"),
    [
        ("submit", workflow_submitted),  # after the step's e-mail and the workflow's
        ("final approval", task_approved),  # after the publish and the approval e-mail
        ("rejection", task_rejected),  # after the rejection e-mail
    ],
)
def test_a_rolled_back_workflow_action_sends_nothing(
    step, signal, users, superuser, history_chapter, fail_on, django_capture_on_commit_callbacks
):
    chapter = history_chapter
    if step != "submit":
        chapter = submit(
            "page", chapter, users["slt"], superuser, "Notat.", django_capture_on_commit_callbacks
        )
    if step == "final approval":
        act(
            chapter,
            users["politirad"],
            "approve",
            approval_data(),
            django_capture_on_commit_callbacks,
        )
    rows = HistoryEntry.objects.count()
    fail_on(signal)
    mail.outbox.clear()

    with pytest.raises(ActionFailed):
        if step == "submit":
            submit(
                "page",
                chapter,
                users["slt"],
                superuser,
                "Notat.",
                django_capture_on_commit_callbacks,
            )
        elif step == "final approval":
            act(
                chapter,
                users["kommunestyret"],
                "approve",
                approval_data(),
                django_capture_on_commit_callbacks,
            )
        else:
            act(
                chapter,
                users["politirad"],
                "reject",
                {"comment": "Nei."},
                django_capture_on_commit_callbacks,
            )

    state = ChapterPage.objects.get(pk=chapter.pk).current_workflow_state
    if step == "submit":
        assert state is None
    else:
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert HistoryEntry.objects.count() == rows
    assert mail.outbox == []


@pytest.mark.parametrize("how", ["translation", "history_suppressed"])
def test_publishes_that_are_not_the_plans_changes_email_nobody(
    how, users, history_chapter, django_capture_on_commit_callbacks
):
    rows = HistoryEntry.objects.count()
    adviser = users["kommunikasjon"]
    if how == "translation":
        obj = ChapterPage.objects.get(
            translation_key=history_chapter.translation_key, locale__language_code="en"
        )
    else:
        obj = history_chapter
    obj.intro = f"Ny ingress {unique_word()}."
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if how == "history_suppressed":
            with history_suppressed():
                obj.save_revision(user=adviser).publish(user=adviser)
        else:
            obj.save_revision(user=adviser).publish(user=adviser)

    assert ChapterPage.objects.get(pk=obj.pk).intro == obj.intro
    assert HistoryEntry.objects.count() == rows
    assert mail.outbox == []


def test_a_comment_notification_is_norwegian(
    users, superuser, history_chapter, django_capture_on_commit_callbacks
):
    """Wagtail sends it itself (the page editor's subscribers), through our templates."""
    subscriber = users["slt"]
    PageSubscription.objects.create(
        page=history_chapter, user=subscriber, comment_notifications=True
    )
    profile = UserProfile.get_for_user(subscriber)
    profile.preferred_language = "en"
    profile.save()
    comment = f"Sjekk årstallet i ingressen ({unique_word()})."
    url, data = page_edit_data(history_chapter, superuser, body=HISTORY_BODY)
    data.update(
        {
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-DELETE": "",
            "comments-0-resolved": "",
            "comments-0-id": "",
            "comments-0-contentpath": "intro",
            "comments-0-text": comment,
            "comments-0-position": "",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
        }
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunikasjon"]).post(url, data)
    assert response.status_code == 302

    message = the_mail_to(subscriber)
    assert_norwegian(message)
    editor = users["kommunikasjon"].get_full_name()
    assert message.subject == f"{editor} har oppdatert kommentarene på «{history_chapter.title}»"
    assert f"Nye kommentarer:\n - «{comment}»" in message.body
