"""The page tree, the public URLs, sitemap, robots.txt, 404 and search."""

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import AccessibilityStatementPage, HomePage, PrivacyPage
from plan_pages.models import ChapterPage, PlanPage
from tests.factories import add_chapter, unique_word
from tests.roles import page_edit_data
from tests.sources import seed_chapter_numbers

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    """Home → plan → chapters, and nothing else."""

    def test_allowed_subpage_types(self):
        self.assertAllowedSubpageTypes(
            HomePage, {PlanPage, AccessibilityStatementPage, PrivacyPage}
        )
        self.assertAllowedSubpageTypes(PlanPage, {ChapterPage})
        self.assertAllowedSubpageTypes(ChapterPage, set())
        self.assertAllowedSubpageTypes(AccessibilityStatementPage, set())
        self.assertAllowedSubpageTypes(PrivacyPage, set())

    def test_allowed_parent_page_types(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(PlanPage, {HomePage})
        self.assertAllowedParentPageTypes(ChapterPage, {PlanPage})
        self.assertAllowedParentPageTypes(AccessibilityStatementPage, {HomePage})
        self.assertAllowedParentPageTypes(PrivacyPage, {HomePage})

    def test_can_create_at(self):
        self.assertCanCreateAt(HomePage, PlanPage)
        self.assertCanCreateAt(PlanPage, ChapterPage)
        self.assertCanNotCreateAt(HomePage, ChapterPage)
        self.assertCanNotCreateAt(ChapterPage, ChapterPage)
        self.assertCanNotCreateAt(ChapterPage, PlanPage)
        self.assertCanNotCreateAt(PlanPage, PlanPage)
        self.assertCanNotCreateAt(Page, PlanPage)
        self.assertCanNotCreateAt(Page, ChapterPage)
        self.assertCanNotCreateAt(PlanPage, HomePage)

    def test_only_one_home_page_per_parent(self):
        home = HomePage.objects.get(locale__language_code="nb")
        self.assertFalse(HomePage.can_create_at(home.get_parent()))


def test_seed_tree_shape(plan, chapters, seed_text):
    assert isinstance(plan.get_parent().specific, HomePage)
    assert list(chapters) == seed_chapter_numbers(seed_text)
    assert all(c.live for c in chapters.values())


# --- public URLs ------------------------------------------------------------


def test_root_redirects_to_norwegian(client):
    response = client.get("/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/nb/")


def test_home_plan_and_chapters_answer_200(client, plan, chapters):
    home = plan.get_parent()
    assert home.url == "/nb/"
    assert client.get(home.url).status_code == 200
    for page in [plan, *chapters.values()]:
        assert page.url.startswith("/nb/")
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode(), page.url


def test_plan_page_lists_every_chapter(client, plan, chapters):
    html = client.get(plan.url).content.decode()
    for chapter in chapters.values():
        assert chapter.url in html


def test_sitemap_lists_live_pages_only(client, plan, chapters):
    draft = add_chapter(plan, live=False)
    private = add_chapter(plan)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    unpublished = add_chapter(plan)
    unpublished.unpublish()

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for page in [plan.get_parent(), plan, *chapters.values()]:
        assert f"{page.url}</loc>" in xml, page.url
    for page in [draft, private, unpublished]:
        assert page.slug not in xml


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_missing_page_gives_norwegian_404(client):
    response = client.get("/nb/finnes-ikke-her/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert 'lang="nb"' in html
    assert "<h1" in html and "Fant ikke siden</h1>" in html


def test_search_finds_chapter(client, chapters):
    word = unique_word("sokeord")
    chapter = chapters[2]
    chapter.intro = f"Ingress med {word}."
    chapter.save_revision().publish()
    response = client.get("/nb/sok/", {"q": word})
    assert response.status_code == 200
    assert response.context["search_query"] == word
    results = list(response.context["search_results"])
    assert [r.pk for r in results] == [chapter.pk]
    assert chapter.title in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "utenforskap", "side": "abc"},
        {"q": "utenforskap", "side": ""},
        {"q": "utenforskap", "side": "99999"},
        {"q": "utenforskap", "side": "-1"},
        {"q": "", "side": "x"},
        {"q": "x" * 1000},
        {"q": 'utenforskap"'},
        {"q": "'\"<script>&%"},
        {"q": "\x00"},
        {"q": "utenforskap\x00"},
        {"q": '"'},
        {"q": 'foo"bar'},
        {"q": "AND ("},
        {"q": "NEAR(a b)"},
        {"q": "*"},
        {"q": "-"},
        {"q": "a:b"},
    ],
)
def test_search_never_fails(client, params):
    response = client.get("/nb/sok/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>&%" not in html
    assert "\x00" not in html


@pytest.mark.parametrize("template", ['"{}', '{}"', "({}", '"{}" *', "-{}:", "^{}\\", "{}\x00"])
def test_search_finds_the_words_among_query_syntax(client, chapters, template):
    word = unique_word("sokeord")
    chapter = chapters[2]
    chapter.intro = f"Ingress med {word}."
    chapter.save_revision().publish()
    response = client.get("/nb/sok/", {"q": template.format(word)})
    assert response.status_code == 200
    assert [r.pk for r in response.context["search_results"]] == [chapter.pk]


def test_a_search_without_words_says_so_in_norwegian(client):
    response = client.get("/nb/sok/", {"q": '" ( *'})
    assert response.status_code == 200
    assert response.context["search_results"].paginator.count == 0
    assert "Ingen treff" in response.content.decode()


def test_search_pages_through_results(client):
    response = client.get("/nb/sok/", {"q": "utenforskap"})
    assert response.status_code == 200
    assert response.context["search_results"].paginator.count >= 1


# --- ChapterPage.clean through the real admin ----------------------------------


def test_admin_refuses_two_sections_with_the_same_anchor(admin_client, admin_user, chapters):
    chapter = chapters[2]
    revisions_before = chapter.revisions.count()
    url, data = page_edit_data(
        chapter,
        admin_user,
        [
            ("section", {"number": "2.1", "title": "Første", "anchor": "samme-anker"}),
            ("section", {"number": "2.2", "title": "Andre", "anchor": "samme-anker"}),
        ],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200  # form shown again, not a redirect
    assert response.context["form"].errors
    assert "samme-anker" in response.content.decode()
    assert "Flere avsnitt har samme anker" in response.content.decode()
    chapter.refresh_from_db()
    assert chapter.revisions.count() == revisions_before
    assert all(
        b.value["anchor"] != "samme-anker" for b in chapter.body if b.block_type == "section"
    )


def test_admin_saves_sections_with_distinct_anchors(admin_client, admin_user, chapters):
    chapter = chapters[2]
    url, data = page_edit_data(
        chapter,
        admin_user,
        [
            ("section", {"number": "2.1", "title": "Første avsnitt", "anchor": ""}),
            ("section", {"number": "2.2", "title": "Andre", "anchor": "andre"}),
        ],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft = ChapterPage.objects.get(pk=chapter.pk).get_latest_revision_as_object()
    assert [s["anchor"] for s in draft.sections()] == ["forste-avsnitt", "andre"]


def test_full_clean_refuses_duplicate_anchors(chapters):
    from django.core.exceptions import ValidationError

    chapter = chapters[2]
    chapter.body = [
        {"type": "section", "value": {"number": "2.1", "title": "A", "anchor": "x"}},
        {"type": "section", "value": {"number": "2.2", "title": "B", "anchor": "x"}},
    ]
    with pytest.raises(ValidationError, match="samme anker"):
        chapter.full_clean()
