"""The admin in Norwegian: every view each role uses, with no English from Wagtail or its apps.

Each view is rendered through the real admin as each role it is meant for,
with the user's admin language Norwegian bokmål. While it renders,
`tests.untranslated` records every third-party msgid looked up without a
Norwegian translation (Wagtail's, wagtail-localize's and Django's catalogues
merged with ours in locale/nb/); none of them may appear in the response.
The same responses must not load anything from another host (privacy).

Adding a view is one line in VIEWS: a name, its address for a role, the roles.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from images.models import PlanImage
from moderation.review import review_url
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage, PublishedVersion
from roles.definitions import POLICE_COUNCIL, SLT_COORDINATOR
from snippets.models import Actor, Contact, GoalArea, Measure
from tests.roles import (
    ROLES,
    add_test_chapter,
    client_for,
    form_data,
    make_role_users,
    make_user,
    page_edit_data,
    plan_workflow,
)
from tests.sources import shipped_languages
from tests.untranslated import (
    CONTEXT_SEPARATOR,
    UntranslatedRecorder,
    third_party_msgids,
    third_party_resources,
)
from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

ADVISER, SLT, POLICE, COUNCIL, TRANSLATOR = ROLES
EDITORS = (ADVISER, SLT)
APPROVERS = (POLICE, COUNCIL)
TRANSLATING = (ADVISER, TRANSLATOR)
# Everyone who works on pages and snippets (the approvers only act on their step).
PAGE_USERS = (ADVISER, SLT, TRANSLATOR)
EVERYONE = ROLES


class Scene:
    """What the roles' working day shows: the plan, a round in review at each step, translations."""

    def __init__(self, plan):
        self.plan = plan
        self.users = make_role_users()
        for user in self.users.values():
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "nb"
            profile.save()
        submitter = make_user("innsender", SLT_COORDINATOR)
        police_member = make_user("politirad-medlem", POLICE_COUNCIL)
        nb = Locale.objects.get(language_code="nb")
        english = Locale.objects.get(language_code="en")
        self.chapter = ChapterPage.objects.child_of(plan).order_by("path").first()
        self.en_chapter = self.chapter.get_translation(english)
        self.translation = Translation.objects.get(
            source=TranslationSource.objects.get_for_instance(self.chapter), target_locale=english
        )
        self.measure = Measure.objects.live().filter(locale=nb).order_by("pk").first()
        self.en_measure = self.measure.get_translation(english)
        self.contact = Contact.objects.live().filter(locale=nb).order_by("pk").first()
        self.actor = Actor.objects.filter(locale=nb).order_by("pk").first()
        self.goal_area = GoalArea.objects.filter(locale=nb).order_by("pk").first()
        self.history_row = HistoryEntry.objects.order_by("pk").first()
        self.image = PlanImage.objects.order_by("pk").first()
        self.kept_version = _kept_version(plan, self.chapter, self.history_row)

        # A round of changes at each step: Politiråd acts on one, Kommunestyret on the other.
        self.in_review = {}
        for approver, steps in ((POLICE, 0), (COUNCIL, 1)):
            chapter = add_test_chapter(plan, intro="Ingress som den er publisert.")
            chapter.intro = "Utkast til behandling."
            chapter.save_revision(user=submitter)
            state = plan_workflow().start(chapter, submitter)
            for _ in range(steps):
                task_state = state.current_task_state.specific
                task_state.task.specific.on_action(
                    task_state,
                    police_member,
                    "approve",
                    decision_date=_today(),
                    case_reference="",
                    comment="",
                )
                state.refresh_from_db()
            self.in_review[approver] = (chapter, state.current_task_state)
        measure = Measure.objects.live().filter(locale=nb).order_by("-pk").first()
        measure.save_revision(user=submitter)
        state = plan_workflow().start(measure, submitter)
        self.measure_in_review = (measure, state.current_task_state)

    def chapter_in_review(self, role):
        return self.in_review.get(role, self.in_review[POLICE])[0]

    def task_state(self, role):
        return self.in_review[role][1]


def _kept_version(plan, chapter, row):
    """A kept version as the archive records and renders it (archive.freeze), in short."""
    kept = PublishedVersion.objects.create(
        plan=plan,
        locale=plan.locale,
        version=row.version,
        date=row.date,
        decision=row,
        change=row.change,
        revision_id=plan.live_revision_id,
        html="<html></html>",
        html_sha256="0" * 64,
        rendered_at=_now(),
    )
    kept.chapters.create(
        translation_key=chapter.translation_key,
        page=chapter,
        slug=chapter.slug,
        title=chapter.title,
        number=chapter.number,
        position=1,
        html="<html></html>",
        html_sha256="1" * 64,
    )
    return kept


def _now():
    from django.utils import timezone

    return timezone.now()


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _snippet(model: str, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_snippets_{model}:{view}", args=args)


@dataclass(frozen=True)
class AdminView:
    name: str
    url: Callable[[Scene, str], str]
    roles: tuple[str, ...]


def _page(view, attr="chapter"):
    return lambda s, r: reverse(f"wagtailadmin_pages:{view}", args=[getattr(s, attr).pk])


def _review(view):
    return lambda s, r: reverse(f"wagtailadmin_pages:{view}", args=[s.chapter_in_review(r).pk])


def _task(view, action):
    def url(s, r):
        chapter, task_state = s.in_review[r]
        return reverse(f"wagtailadmin_pages:{view}", args=[chapter.pk, action, task_state.pk])

    return url


def _measure_task(action):
    def url(s, r):
        measure, task_state = s.measure_in_review
        return _snippet("measure", "workflow_action", measure.pk, action, task_state.pk)

    return url


def _webhook_delivery() -> WebhookDelivery:
    """A failed attempt to an endpoint: what the log shows."""
    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        name="Mottaker", url="https://mottaker.example.no/krok/"
    )
    delivery = endpoint.deliveries.first()
    if delivery is None:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_id="msg_1",
            event_type="plan.version.published",
            attempt=1,
            status_code=500,
            duration_ms=12,
        )
    return delivery


VIEWS = [
    AdminView("dashboard", lambda s, r: reverse("wagtailadmin_home"), EVERYONE),
    AdminView("account", lambda s, r: reverse("wagtailadmin_account"), EVERYONE),
    AdminView(
        "explorer", lambda s, r: reverse("wagtailadmin_explore", args=[s.plan.pk]), PAGE_USERS
    ),
    AdminView(
        "page search", lambda s, r: reverse("wagtailadmin_pages:search") + "?q=plan", PAGE_USERS
    ),
    AdminView("page editor", _page("edit"), EDITORS),
    AdminView(
        "page create",
        lambda s, r: reverse(
            "wagtailadmin_pages:add", args=["plan_pages", "chapterpage", s.plan.pk]
        ),
        EDITORS,
    ),
    AdminView("page history", _page("history"), EDITORS),
    AdminView("page in moderation", _review("edit"), EDITORS),
    AdminView("workflow history", _review("workflow_history"), EDITORS),
    AdminView(
        "workflow preview",
        lambda s, r: reverse(
            "wagtailadmin_pages:workflow_preview",
            args=[s.chapter_in_review(r).pk, s.task_state(r).task_id],
        ),
        APPROVERS,
    ),
    AdminView(
        "review of a round",
        lambda s, r: review_url(s.in_review[POLICE][1].revision),
        (ADVISER, SLT, POLICE, COUNCIL),
    ),
    AdminView("approve modal", _task("workflow_action", "approve"), APPROVERS),
    AdminView("reject modal", _task("workflow_action", "reject"), APPROVERS),
    AdminView("measure approve modal", _measure_task("approve"), (POLICE,)),
    AdminView(
        "translation editor",
        lambda s, r: reverse("wagtailadmin_pages:edit", args=[s.en_chapter.pk]),
        TRANSLATING,
    ),
    AdminView(
        "translate page",
        lambda s, r: reverse("wagtail_localize:submit_page_translation", args=[s.chapter.pk]),
        TRANSLATING,
    ),
    AdminView(
        "sync translations",
        lambda s, r: reverse(
            "wagtail_localize:update_translations", args=[s.translation.source_id]
        ),
        TRANSLATING,
    ),
    AdminView(
        "translations report",
        lambda s, r: reverse("wagtail_localize:translations_report"),
        TRANSLATING,
    ),
    AdminView("our translation report", lambda s, r: reverse("translation_report"), TRANSLATING),
    AdminView("measures", lambda s, r: _snippet("measure", "list"), PAGE_USERS),
    AdminView("measure editor", lambda s, r: _snippet("measure", "edit", s.measure.pk), EDITORS),
    AdminView(
        "measure translation editor",
        lambda s, r: _snippet("measure", "edit", s.en_measure.pk),
        TRANSLATING,
    ),
    AdminView("measure create", lambda s, r: _snippet("measure", "add"), EDITORS),
    AdminView(
        "measure in moderation",
        lambda s, r: _snippet("measure", "edit", s.measure_in_review[0].pk),
        EDITORS,
    ),
    AdminView("contacts", lambda s, r: _snippet("contact", "list"), PAGE_USERS),
    AdminView("contact editor", lambda s, r: _snippet("contact", "edit", s.contact.pk), (ADVISER,)),
    AdminView("actors", lambda s, r: _snippet("actor", "list"), PAGE_USERS),
    AdminView("goal areas", lambda s, r: _snippet("goalarea", "list"), PAGE_USERS),
    AdminView(
        "history rows",
        lambda s, r: reverse("wagtailsnippets_plan_pages_historyentry:list"),
        (ADVISER, SLT, POLICE, COUNCIL),
    ),
    AdminView(
        "actor chooser",
        lambda s, r: reverse("wagtailsnippetchoosers_snippets_actor:choose"),
        EDITORS,
    ),
    AdminView(
        "goal area chooser",
        lambda s, r: reverse("wagtailsnippetchoosers_snippets_goalarea:choose"),
        EDITORS,
    ),
    AdminView(
        "contact chooser",
        lambda s, r: reverse("wagtailsnippetchoosers_snippets_contact:choose"),
        EDITORS,
    ),
    AdminView("images", lambda s, r: reverse("wagtailimages:index"), (ADVISER,)),
    AdminView(
        "image editor", lambda s, r: reverse("wagtailimages:edit", args=[s.image.pk]), (ADVISER,)
    ),
    AdminView("image chooser", lambda s, r: reverse("wagtailimages_chooser:choose"), PAGE_USERS),
    AdminView("page chooser", lambda s, r: reverse("wagtailadmin_choose_page"), PAGE_USERS),
    AdminView(
        "locked pages", lambda s, r: reverse("wagtailadmin_reports:locked_pages"), (ADVISER,)
    ),
    AdminView("workflow report", lambda s, r: reverse("wagtailadmin_reports:workflow"), EDITORS),
    AdminView(
        "workflow tasks report",
        lambda s, r: reverse("wagtailadmin_reports:workflow_tasks"),
        EDITORS,
    ),
    AdminView("site history", lambda s, r: reverse("wagtailadmin_reports:site_history"), EVERYONE),
    AdminView("aging pages", lambda s, r: reverse("wagtailadmin_reports:aging_pages"), EDITORS),
    AdminView("locked logins", lambda s, r: reverse("accounts_locked_logins"), (ADVISER,)),
    AdminView("webhook endpoints", lambda s, r: reverse("webhook_endpoints:index"), (ADVISER,)),
    AdminView("webhook endpoint create", lambda s, r: reverse("webhook_endpoints:add"), (ADVISER,)),
    AdminView(
        "webhook endpoint editor",
        lambda s, r: reverse("webhook_endpoints:edit", args=[_webhook_delivery().endpoint_id]),
        (ADVISER,),
    ),
    AdminView(
        "webhook deliveries",
        lambda s, r: _webhook_delivery() and reverse("webhook_deliveries:index"),
        (ADVISER,),
    ),
    AdminView(
        "webhook delivery",
        lambda s, r: reverse("webhook_deliveries:inspect", args=[_webhook_delivery().pk]),
        (ADVISER,),
    ),
    AdminView(
        "kept versions",
        lambda s, r: reverse("published_versions:index"),
        (ADVISER, SLT, POLICE, COUNCIL),
    ),
    AdminView(
        "kept version",
        lambda s, r: reverse("published_versions:inspect", args=[s.kept_version.pk]),
        (ADVISER, SLT, POLICE, COUNCIL),
    ),
]


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """Built once for the module (two rounds through the workflow take seconds), inside a
    transaction rolled back after the module; each test's own changes roll back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield Scene(PlanPage.objects.get(locale__language_code="nb"))
        transaction.set_rollback(True)


@pytest.fixture
def recorder(monkeypatch):
    return UntranslatedRecorder("nb").install(monkeypatch)


MATRIX = [
    pytest.param(view, role, id=f"{view.name}-{role}") for view in VIEWS for role in view.roles
]


@pytest.mark.parametrize(("view", "role"), MATRIX)
def test_the_view_shows_no_untranslated_msgid_and_loads_nothing_from_other_hosts(
    scene, recorder, view, role
):
    response = client_for(scene.users[role]).get(view.url(scene, role))

    assert response.status_code == 200, f"{view.name} as {role}: {response.status_code}"
    html = response.content.decode()
    assert recorder.lookups, "the recorder saw no lookup: is it installed?"
    assert recorder.shown_in(html) == [], f"English in {view.name} as {role}"
    assert third_party_resources(html, response.wsgi_request.get_host()) == []


def test_the_matrix_covers_every_role():
    assert {role for view in VIEWS for role in view.roles} == set(ROLES)
    assert len({view.name for view in VIEWS}) == len(VIEWS)


@pytest.mark.parametrize(
    ("catalogue", "package"),
    [
        ("wagtailadmin_javascript_catalog", "wagtail.admin"),
        ("wagtail_localize:javascript_catalog", "wagtail_localize"),
    ],
)
@pytest.mark.parametrize("role", [ADVISER, TRANSLATOR])
def test_the_scripts_catalogues_translate_every_msgid(scene, catalogue, package, role):
    """Wagtail's scripts ("Collapse all", "Download PO file") take their text from these."""
    from django.apps import apps

    app = next(a for a in apps.get_app_configs() if a.name == package)
    response = client_for(scene.users[role]).get(reverse(catalogue))
    assert response.status_code == 200
    served = json.loads(
        re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)[1]
    )
    source = [m for m in third_party_msgids("djangojs") if m in _msgids_of(app.path)]
    assert source
    assert sorted(m.rpartition(CONTEXT_SEPARATOR)[2] for m in source if m not in served) == []


def _msgids_of(app_path):
    import polib

    po = polib.pofile(f"{app_path}/locale/en/LC_MESSAGES/djangojs.po")
    return {
        f"{e.msgctxt}{CONTEXT_SEPARATOR}{e.msgid}" if e.msgctxt else e.msgid
        for e in po
        if not e.obsolete
    }


def test_workflow_emails_are_norwegian(scene, recorder, django_capture_on_commit_callbacks):
    """What Wagtail itself writes in the e-mails of a submission (subjects and its own text)."""
    mail.outbox.clear()
    chapter = add_test_chapter(scene.plan, intro="Ingress.")
    chapter.intro = "Nytt utkast."
    chapter.save_revision(user=scene.users[SLT])
    with django_capture_on_commit_callbacks(execute=True):
        plan_workflow().start(chapter, scene.users[SLT])

    assert mail.outbox
    recipients = {address for message in mail.outbox for address in message.to}
    assert scene.users[POLICE].email in recipients
    for message in mail.outbox:
        text = "\n".join([message.subject, message.body, *(a[0] for a in message.alternatives)])
        assert recorder.shown_in(text) == [], message.subject


def test_the_admin_never_asks_gravatar_for_an_avatar(scene):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    response = client_for(scene.users[ADVISER]).get(reverse("wagtailadmin_account"))
    assert "gravatar" not in response.content.decode().lower()


def test_no_browser_asks_wagtail_org_for_a_newer_version(superuser):
    """The upgrade check (a script fetching releases.wagtail.org) is shown to superusers."""
    response = client_for(superuser).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "w-upgrade" not in response.content.decode()


# --- languages in snippet listings and choosers -------------------------------------


def _listed(response):
    return list(response.context["object_list"])


@pytest.mark.parametrize("model", [Measure, Contact, Actor, GoalArea])
def test_a_snippet_listing_shows_one_language_the_source_unless_another_is_chosen(scene, model):
    client = client_for(scene.users[ADVISER])
    url = _snippet(model._meta.model_name, "list")

    source = client.get(url)
    english = client.get(url, {"locale": "en"})

    assert source.status_code == english.status_code == 200
    assert _listed(source) and {obj.locale.language_code for obj in _listed(source)} == {"nb"}
    assert _listed(english) and {obj.locale.language_code for obj in _listed(english)} == {"en"}
    # Each row names its language, and published rows say "Ja", never "True".
    cells = [td.get_text(strip=True) for td in _soup(source).select("tbody td")]
    assert "Norsk bokmål" in cells and "Ja" in cells
    assert "True" not in cells and "False" not in cells


def test_the_publisert_column_and_filter_say_ja_and_nei(scene):
    measure = scene.measure
    measure.live = False
    measure.save(update_fields=["live"])
    response = client_for(scene.users[ADVISER]).get(_snippet("measure", "list"), {"live": "false"})
    soup = _soup(response)
    assert [obj.pk for obj in _listed(response)] == [measure.pk]
    assert "Nei" in [td.get_text(strip=True) for td in soup.select("tbody td")]
    labels = {label.get_text(" ", strip=True) for label in soup.select("label")}
    assert {"Ja", "Nei"} <= labels


def _soup(response):
    from wagtail.test.utils import WagtailTestUtils

    return WagtailTestUtils.get_soup(response.content.decode())


def _measure_form_url(scene, language):
    """The Norwegian measure's editor, or a new measure's form in another language.

    (A translation is edited in wagtail-localize's editor, where its choices follow
    the source's.)
    """
    if language == "nb":
        return _snippet("measure", "edit", scene.measure.pk)
    return _snippet("measure", "add") + f"?locale={language}"


@pytest.mark.parametrize("language", ["nb", *shipped_languages()])
def test_a_measure_chooses_goal_areas_and_actors_of_its_own_language_only(scene, language):
    client = client_for(scene.users[ADVISER])
    response = client.get(_measure_form_url(scene, language))
    assert response.status_code == 200
    form = response.context["form"]

    for name, model in (("goal_area", GoalArea), ("responsible_actors", Actor)):
        offered = set(form.fields[name].queryset.values_list("pk", flat=True))
        expected = model.objects.filter(locale__language_code=language)
        assert offered and offered == set(expected.values_list("pk", flat=True))
    # The chooser opens on the measure's language, and the chooser view lists only it.
    chooser = reverse("wagtailsnippetchoosers_snippets_goalarea:choose")
    assert f'"{chooser}?locale={language}"' in response.content.decode().replace("&quot;", '"')
    listing = client.get(chooser, {"locale": language})
    assert {obj.locale.language_code for obj in listing.context["results"]} == {language}


def test_a_goal_area_of_another_language_is_refused(scene):
    client = client_for(scene.users[ADVISER])
    url = _measure_form_url(scene, "en")
    count = Measure.objects.count()
    norwegian = scene.measure.goal_area
    response = client.post(
        url, {"goal_area": norwegian.pk, "how": "A new measure.", "sort_order": "1"}
    )
    assert response.status_code == 200
    assert "goal_area" in response.context["form"].errors
    assert Measure.objects.count() == count


# --- messages after acting: each role's actions, posted through the real views -------


def _post_page(scene, role, action):
    chapter = add_test_chapter(scene.plan, intro="Ingress.")
    url, data = page_edit_data(chapter, scene.users[role], body=[])
    data["intro"] = "Endret ingress."
    data["change_note"] = "Endret ingressen."
    if action:
        data[f"action-{action}"] = "1"
    return url, data


def _post_snippet(model, obj_of, action):
    def post(scene, role):
        obj = obj_of(scene)
        namespace = f"wagtailsnippets_snippets_{model}"
        response = client_for(scene.users[role]).get(reverse(f"{namespace}:edit", args=[obj.pk]))
        data = form_data(response.content.decode(), form_id="w-editor-form")
        data["change_note"] = "Endret teksten."
        if action:
            data[f"action-{action}"] = "1"
        return reverse(f"{namespace}:edit", args=[obj.pk]), data

    return post


def _decide(action, data):
    def post(scene, role):
        chapter, task_state = scene.in_review[role]
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[chapter.pk, action, task_state.pk]
        )
        return url, {**data, "decision_date": _today()}

    return post


ACTIONS = {
    "page draft": (SLT, lambda s, r: _post_page(s, r, None)),
    "page submit": (SLT, lambda s, r: _post_page(s, r, "submit")),
    "page publish": (ADVISER, lambda s, r: _post_page(s, r, "publish")),
    "measure draft": (SLT, _post_snippet("measure", lambda s: s.measure, None)),
    "measure submit": (SLT, _post_snippet("measure", lambda s: s.measure, "submit")),
    "measure publish": (ADVISER, _post_snippet("measure", lambda s: s.measure, "publish")),
    "contact publish": (ADVISER, _post_snippet("contact", lambda s: s.contact, "publish")),
    "approve": (POLICE, _decide("approve", {"comment": ""})),
    "reject": (COUNCIL, _decide("reject", {"comment": "Mangler kilde."})),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_message_after_an_action_is_norwegian(scene, recorder, action):
    """The message a role reads after acting (rendered on the page it is sent on to)."""
    role, form = ACTIONS[action]
    url, data = form(scene, role)
    response = client_for(scene.users[role]).post(url, data, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    assert messages, f"{action}: no message"
    assert recorder.shown_in(" ".join(messages)) == [], f"English after {action}"
    assert recorder.shown_in(html) == [], f"English on the page after {action}"
