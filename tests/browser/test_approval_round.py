"""One round of Planbehandling in a real browser, as the people in it do it.

SLT edits a warning sign and a measure, saves drafts with a change note and
submits both; Politiråd sees the note and a word-level comparison on its task
and approves; Kommunestyret approves; the public Dokumenthistorikk carries the
note. Every label clicked is read from the admin's Norwegian catalogue.
"""

import json
import secrets

import pytest
from django.utils import translation

from tests.processes import finish, python

from .conftest import watch_csp

pytestmark = pytest.mark.browser

ROUND_FACTS = """
import json
from plan_pages.models import ChapterPage, HistoryEntry
from snippets.models import Measure

chapter = next(
    c for c in ChapterPage.objects.filter(locale__language_code="nb").order_by("path")
    if any(b.block_type == "sign_list" for b in c.body)
)
index = next(i for i, b in enumerate(chapter.body) if b.block_type == "sign_list")
history = next(
    c for c in ChapterPage.objects.filter(locale__language_code="nb")
    if any(b.block_type == "document_history" for b in c.body)
)
measure = Measure.objects.filter(locale__language_code="nb", live=True).order_by("pk").first()
print(json.dumps({
    "chapter": chapter.pk,
    "chapter_url": chapter.url,
    "sign_input": f"body-{index}-value-categories-0-value-signs-0-value",
    "sign": chapter.body[index].value["categories"][0]["signs"][0],
    "history_url": history.url,
    "measure": measure.pk,
    "measure_how": measure.how,
}))
"""

MAKE_USERS = """
import os
from tests.roles import ROLE_GROUPS, make_user
for key, group in ROLE_GROUPS.items():
    user = make_user(f"runde-{key}", group)
    user.set_password(os.environ["ROUND_PASSWORD"])
    user.save()
"""


def nb(msgid: str) -> str:
    """A label as the admin shows it to a Norwegian user."""
    with translation.override("nb"):
        return translation.gettext(msgid)


def changed_words(text: str) -> tuple[str, str, str]:
    """`text` with its last word replaced: (new text, removed word, inserted word)."""
    words = text.split()
    removed, inserted = words[-1], "internett-forumer"
    return " ".join([*words[:-1], inserted]), removed, inserted


@pytest.fixture(scope="module")
def round_setup(server):
    password = secrets.token_urlsafe(12)
    finish(python({**server.env, "ROUND_PASSWORD": password}, MAKE_USERS))
    facts = json.loads(finish(python(server.env, ROUND_FACTS)))
    return password, facts


@pytest.fixture
def admin_as(browser, server, round_setup):
    """Log a role's user into the admin in a browser context of its own, in Norwegian.

    `admin_as.refused`: what the admin's Content-Security-Policy refused in any of them."""
    password, _facts = round_setup
    contexts = []

    def log_in(role: str):
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        watch_csp(context, log_in.refused)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server.url}/admin/login/")
        page.fill("#id_username", f"runde-{role}")
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/admin/")
        return page

    log_in.refused = []
    yield log_in
    for context in contexts:
        context.close()


def save_draft_with_note(page, note: str):
    page.fill("[name=change_note]", note)
    page.locator("footer button", has_text=nb("Save draft")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()


def submit(page):
    page.locator("footer button", has_text=nb("More actions")).click()
    page.locator("footer [name=action-submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()


def test_one_round_from_slt_to_the_public_history(admin_as, server, round_setup):
    _password, facts = round_setup
    new_sign = changed_words(facts["sign"])[0]
    new_how = changed_words(facts["measure_how"])[0]
    chapter_note = f"Presisert et bekymringstegn ({secrets.token_hex(3)})"
    measure_note = f"Presisert tiltaket ({secrets.token_hex(3)})"

    slt = admin_as("slt")
    slt.goto(f"{server.url}/admin/pages/{facts['chapter']}/edit/")
    slt.fill(f"[name='{facts['sign_input']}']", new_sign)
    save_draft_with_note(slt, chapter_note)
    submit(slt)

    slt.goto(f"{server.url}/admin/snippets/snippets/measure/edit/{facts['measure']}/")
    slt.fill("[name=how]", new_how)
    save_draft_with_note(slt, measure_note)
    submit(slt)

    changes = {
        chapter_note: changed_words(facts["sign"])[1:],
        measure_note: changed_words(facts["measure_how"])[1:],
    }
    for role in ("politirad", "kommunestyret"):
        approver = admin_as(role)
        for note, (word_out, word_in) in changes.items():
            task = approver.locator("#plan-awaiting-my-approval-section tbody tr", has_text=note)
            task.wait_for()
            task.get_by_role("button", name="Godkjenn").click()
            dialog = approver.locator("[role=dialog]:visible")
            dialog.locator("[name=decision_date]").wait_for()
            assert note in dialog.inner_text()
            # The comparison marks the changed words only, not the whole block.
            assert dialog.locator("ins", has_text=word_in).count() == 1
            assert dialog.locator("del", has_text=word_out).count() == 1
            assert new_sign not in dialog.locator("ins").all_inner_texts()
            dialog.locator("[type=submit]").click()
            approver.locator(".messages .success").wait_for()

    public = admin_as("oversetter").context.new_page()
    public.goto(f"{server.url}{facts['history_url']}")
    history = public.locator("table").inner_text()
    assert chapter_note in history and measure_note in history
    public.goto(f"{server.url}{facts['chapter_url']}")
    assert new_sign in public.content()
    # The admin (editor, snippets, the dashboard's approval dialogue) and the public pages
    # worked under their policies without a refusal.
    assert not admin_as.refused, admin_as.refused
