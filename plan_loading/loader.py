"""Builds the plan in the CMS from `plan_content`, idempotently, around editors' work.

Every object is looked up by a stable key (pages and snippets by a
translation key derived from their name, images by title), compared with what
the content says it should be, and only saved and published when something
differs and no person has worked on it in the CMS (`person_worked_on`): what
is missing is created, what nobody touched is repaired, and what an editor
changed is left alone and reported as skipped. Block ids of existing stream
data are kept, so a second run changes nothing and creates no revision.

`reset()` deletes the plan to rebuild it; `editorial_work()` says what such a
reset would discard of the editors' work, so the command can refuse first.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from PIL import Image, ImageDraw, ImageFont
from wagtail.models import (
    Locale,
    ModelLogEntry,
    Page,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from core.text import slugify_nb
from home.models import AccessibilityStatementPage, HomePage, PrivacyPage, SiteIdentity
from images.models import PlanImage
from moderation.definitions import WORKFLOW_NAME
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage, PublishedVersion
from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure

from . import plan_content as pc
from .editors import people_worked_on, person_worked_on, rows_of
from .shipped import translator_work

LANGUAGE_CODE = "nb"
# Translation keys of the snippets the loader owns: the same on every installation.
KEY_NAMESPACE = uuid.UUID("6f1d7f0e-3c55-4f5e-9a53-0b9d3c2e8a71")
IMAGE_SIZE = (1600, 900)
SKIPPED_EDITED = "endret av redaktør"


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list:
    """Migrations not yet applied to `database` (empty when the schema is up to date)."""
    connection = connections[database]
    connection.prepare_database()
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def translation_key(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"{kind}:{name}")


# --- Stream data helpers ----------------------------------------------------------


def is_block(value: Any) -> bool:
    return isinstance(value, dict) and "type" in value and "value" in value


def strip_ids(value: Any) -> Any:
    """Stream/list data without block ids, for comparing content."""
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    if is_block(value):
        return {"type": value["type"], "value": strip_ids(value["value"])}
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items()}
    return value


def with_ids(new: Any, old: Any = None, path: str = "") -> Any:
    """`new` with a block id on every stream child and list item.

    Ids come from `old` (the existing data) where the block at the same
    position has the same type, so unchanged blocks keep their ids. New ids
    are derived from `path` and the position, so every fresh database gets the
    same ids: the shipped translation files (plan_loading/po/) address
    segments by them.
    """
    if isinstance(new, list):
        old_list = old if isinstance(old, list) else []
        result = []
        for i, item in enumerate(new):
            previous = old_list[i] if i < len(old_list) else None
            item_path = f"{path}/{i}"
            if is_block(item):
                same = is_block(previous) and previous["type"] == item["type"]
                old_value = previous["value"] if same else None
                result.append(
                    {
                        "type": item["type"],
                        "value": with_ids(item["value"], old_value, item_path),
                        "id": previous.get("id")
                        if same and previous.get("id")
                        else str(uuid.uuid5(KEY_NAMESPACE, item_path)),
                    }
                )
            else:
                result.append(with_ids(item, previous, item_path))
        return result
    if isinstance(new, dict):
        old_dict = old if isinstance(old, dict) else {}
        return {k: with_ids(v, old_dict.get(k), f"{path}/{k}") for k, v in new.items()}
    return new


# --- Report ---------------------------------------------------------------------------


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing_links: list[str] = field(default_factory=lambda: list(pc.MISSING_LINKS))
    phone_links: list[str] = field(default_factory=lambda: list(pc.PHONE_LINKS))
    joins: list[tuple[str, ...]] = field(default_factory=lambda: list(pc.JOINS))

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def history_corrections():
    """Log entries of history rows a person corrected, added or deleted in the admin.

    The CMS writes its own rows (approvals, publishes) without a log entry, and
    the loader writes the seed's rows without one; only the admin logs them.
    """
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(HistoryEntry), user__isnull=False
    )


@dataclass
class ResetTargets:
    roots: list[Page]  # deleted with their whole subtree
    snippets: list  # querysets, in the order they can be deleted
    images: Any
    measure_keys: set[uuid.UUID]

    def pages(self):
        """Every page under the roots, roots included."""
        if not self.roots:
            return Page.objects.none()
        within = Q()
        for root in self.roots:
            within |= Q(path__startswith=root.path)
        return Page.objects.filter(within).order_by("path")

    def keys(self) -> set[uuid.UUID]:
        """Translation keys of the pages and snippets, for their translators' work."""
        keys = set(self.pages().values_list("translation_key", flat=True))
        for queryset in self.snippets:
            keys.update(queryset.values_list("translation_key", flat=True))
        return keys


# --- Loader -----------------------------------------------------------------------------


class PlanLoader:
    def __init__(self, write: Callable[[str], None] | None = None):
        self.write = write or (lambda message: None)
        self.report = Report()
        self.locale: Locale | None = None
        self.actors: dict[str, Actor] = {}
        self.goal_areas: dict[str, GoalArea] = {}
        self.contacts: dict[str, Contact] = {}
        self.images: dict[str, PlanImage] = {}

    # Bookkeeping

    def _created(self, what: str) -> None:
        self.report.created.append(what)
        self.write(f"Opprettet: {what}")

    def _updated(self, what: str) -> None:
        self.report.updated.append(what)
        self.write(f"Oppdatert: {what}")

    def _unchanged(self, what: str) -> None:
        self.report.unchanged.append(what)

    def _deleted(self, what: str) -> None:
        self.report.deleted.append(what)
        self.write(f"Slettet: {what}")

    def _skipped(self, what: str, reason: str = SKIPPED_EDITED) -> None:
        """Left as it is although it differs from the source: a person's work."""
        self.report.skipped.append(what)
        self.write(f"Hoppet over ({reason}): {what}")

    # Entry points

    def run(self, reset: bool = False) -> Report:
        """Create what is missing, repair what nobody edited, skip what a person changed.

        `reset` first deletes the plan (`reset`); the command refuses it while
        `editorial_work()` finds anything, unless told to discard that work.
        """
        self.locale = self.get_locale()
        if reset:
            self.reset()
        self.load_images()
        self.load_actors()
        self.load_goal_areas_and_measures()
        self.load_contacts()
        home = self.load_home()
        site = self.load_site(home)
        self.load_identity(site)
        plan = self.load_plan(home)
        self.load_workflow(plan)
        self.load_history(plan)
        for chapter in pc.CHAPTERS:
            self.load_chapter(plan, chapter)
        self.load_site_pages(home)
        return self.report

    def get_locale(self) -> Locale:
        locale = Locale.objects.filter(language_code=LANGUAGE_CODE).first()
        if locale is None:
            locale = Locale.objects.create(language_code=LANGUAGE_CODE)
            self._created(f"språk «{LANGUAGE_CODE}»")
        return locale

    # Reset

    def reset_targets(self) -> ResetTargets:
        """What a reset deletes: the plan in every language with everything under it,
        the translated home pages, the loader's snippets (with every measure of its goal
        areas, which protect their measures) and its generated images."""
        home_key = translation_key("page", "home")
        homes = HomePage.objects.filter(translation_key=home_key)
        if self.locale is not None:
            homes = homes.exclude(locale=self.locale)
        plans = PlanPage.objects.filter(translation_key=translation_key("page", "plan"))
        goal_areas = GoalArea.objects.filter(
            translation_key__in=[translation_key("goal_area", g.title) for g in pc.GOAL_AREAS]
        )
        measure_keys = [
            translation_key("measure", m.how) for g in pc.GOAL_AREAS for m in g.measures
        ]
        pages = sorted([*homes, *plans], key=lambda page: page.path)
        # A translated home takes its translated plan along: only the topmost pages.
        roots = [
            page
            for page in pages
            if not any(page.path.startswith(other.path) for other in pages if other != page)
        ]
        return ResetTargets(
            roots=roots,
            snippets=[
                Measure.objects.filter(
                    Q(translation_key__in=measure_keys) | Q(goal_area__in=goal_areas)
                ),
                goal_areas,
                Actor.objects.filter(
                    translation_key__in=[translation_key("actor", name) for name in pc.ACTORS]
                ),
                Contact.objects.filter(
                    translation_key__in=[translation_key("contact", c.name) for c in pc.CONTACTS]
                ),
            ],
            images=PlanImage.objects.filter(title__in=list(pc.IMAGES)),
            measure_keys=set(measure_keys),
        )

    def editorial_work(self) -> list[str]:
        """What a reset would discard of the editors' work, one line per kind with its count.

        Empty when the database holds only what the loader and the shipped
        translations wrote. Reads only.
        """
        self.locale = Locale.objects.filter(language_code=LANGUAGE_CODE).first()
        targets = self.reset_targets()
        pages = list(targets.pages())
        groups = [pages, *(list(qs) for qs in targets.snippets), list(targets.images)]
        worked_on = sum(len(people_worked_on(objects)) for objects in groups)
        revisions = sum(
            rows_of(Revision.objects, objects).filter(user__isnull=False).count()
            for objects in groups[:-1]
            if objects
        )
        workflows = sum(
            rows_of(WorkflowState.objects, objects).count()
            for objects in (pages, groups[1])
            if objects
        )
        plans = [p for p in targets.roots if isinstance(p.specific_deferred, PlanPage)]
        cms_rows = HistoryEntry.objects.filter(plan__in=[p.pk for p in plans]).filter(
            Q(revision__isnull=False) | Q(user__isnull=False)
        )
        page_keys = {translation_key("page", k) for k in ("home", "plan")} | {
            translation_key("page", f"chapter:{c.number}") for c in pc.CHAPTERS
        }
        strings, overrides = translator_work(targets.keys())
        kept_versions = kept_versions_below(targets.roots)
        counts = [
            ("Sider, snippets og bilder en person har arbeidet på", worked_on),
            ("Revisjoner skrevet av brukere", revisions),
            ("Rader i dokumenthistorikken skrevet i CMS-et", cms_rows.count()),
            ("Arkiverte versjoner av planen (per språk)", kept_versions.count()),
            ("Rettelser i dokumenthistorikken gjort av en person", history_corrections().count()),
            ("Arbeidsflyter i Planbehandling", workflows),
            (
                "Sider som load_plan ikke har laget",
                sum(p.translation_key not in page_keys for p in pages),
            ),
            (
                "Tiltak som load_plan ikke har laget",
                sum(m.translation_key not in targets.measure_keys for m in groups[1]),
            ),
            (
                "Oversatte tekster og overstyringer fra oversettere",
                strings.count() + overrides.count(),
            ),
        ]
        lines = [f"{label}: {count}" for label, count in counts if count]
        plan = PlanPage.objects.filter(pk__in=[p.pk for p in plans], locale=self.locale).first()
        if plan is not None and plan.version != pc.PLAN.version:
            lines.append(f"Planens versjon {plan.version} settes tilbake til {pc.PLAN.version}")
        return lines

    def reset(self) -> None:
        """Delete the plan in every language: pages, snippets, history, generated images,
        and the translators' work on them (the command asks before it calls this)."""
        targets = self.reset_targets()
        for strings_or_overrides in translator_work(targets.keys()):
            strings_or_overrides.delete()
        # The kept versions first: they protect the revisions the pages take along.
        kept = kept_versions_below(targets.roots)
        if count := kept.count():
            kept.delete()
            self._deleted(f"{count} arkiverte versjoner av planen")
        for root in targets.roots:
            root = root.specific
            label = (
                f"plan «{root.title}» med kapitler og historikk"
                if isinstance(root, PlanPage)
                else f"forside ({root.locale.language_code})"
            )
            root.delete()  # a translated home takes its translated plan along
            self._deleted(label)
        for queryset in targets.snippets:
            for obj in queryset:
                label = str(obj)
                obj.delete()
                self._deleted(f"{obj._meta.verbose_name} «{label}»")
        for obj in targets.images:
            label = obj.title
            obj.delete()
            self._deleted(f"bilde «{label}»")

    # Images

    def load_images(self) -> None:
        for spec in pc.IMAGES.values():
            image = PlanImage.objects.filter(title=spec.title).order_by("pk").first()
            what = f"bilde «{spec.title}»"
            if image is None:
                image = PlanImage(
                    title=spec.title, description=spec.description, photo_credit=spec.photo_credit
                )
                image.file = ImageFile(
                    io.BytesIO(placeholder_png(spec)), name=f"{slugify_nb(spec.title)[:60]}.png"
                )
                image._set_image_file_metadata()
                image.full_clean()
                image.save()
                self._created(what)
            elif (image.description, image.photo_credit) == (spec.description, spec.photo_credit):
                self._unchanged(what)
            elif person_worked_on(image):
                self._skipped(what)
            else:
                image.description = spec.description
                image.photo_credit = spec.photo_credit
                image.save(update_fields=["description", "photo_credit"])
                self._updated(what)
            self.images[spec.title] = image

    # Snippets

    def publish(
        self, obj, desired: dict, what: str, parent=None, body=None, children=None, m2m=None
    ):
        """Create a page or snippet, or update one nobody edited so it matches `desired`,
        and publish it as one revision.

        `parent`: where a new page goes; `body`: its stream data (block ids kept
        from the existing body, `with_ids`); `children`: (relation name, list of
        field dicts, model) for ParentalKey children; `m2m`: (relation name, objects).
        """
        is_new = obj.pk is None
        differs = is_new or any(getattr(obj, k) != v for k, v in desired.items())
        old_body = None
        if body is not None:
            old_body = [] if is_new else list(obj.body.raw_data)
            differs = differs or strip_ids(old_body) != strip_ids(body)
        if children and not is_new:
            relation, rows, _model = children
            keys = rows[0].keys() if rows else ()
            current = getattr(obj, relation).all().order_by("sort_order", "pk")
            differs = differs or [{k: getattr(c, k) for k in keys} for c in current] != rows
        if m2m and not is_new:
            relation, objects = m2m
            current_ids = sorted(getattr(obj, relation).values_list("pk", flat=True))
            differs = differs or current_ids != sorted(o.pk for o in objects)
        if not is_new and not differs and obj.live and not obj.has_unpublished_changes:
            self._unchanged(what)
            return obj
        if not is_new and person_worked_on(obj):
            self._skipped(what)
            return obj
        for k, v in desired.items():
            setattr(obj, k, v)
        if body is not None:
            obj.body = with_ids(body, old_body, path=str(obj.translation_key))
        if children:
            relation, rows, model = children
            getattr(obj, relation).set([model(sort_order=i, **row) for i, row in enumerate(rows)])
        if m2m:
            relation, objects = m2m
            getattr(obj, relation).set(objects)
        if is_new:
            obj.live = False
            if parent is not None:
                parent.add_child(instance=obj)
            else:
                obj.full_clean()
                obj.save()
        obj.save_revision().publish()
        obj.refresh_from_db()
        (self._created if is_new else self._updated)(what)
        return obj

    def get_snippet(self, model, kind: str, name: str):
        key = translation_key(kind, name)
        obj = model.objects.filter(locale=self.locale, translation_key=key).first()
        return obj or model(locale=self.locale, translation_key=key)

    def load_actors(self) -> None:
        for order, name in enumerate(pc.ACTORS):
            actor = self.get_snippet(Actor, "actor", name)
            self.actors[name] = self.publish(
                actor, {"name": name, "sort_order": order}, f"aktør «{name}»"
            )

    def load_goal_areas_and_measures(self) -> None:
        measure_order = 0
        for order, spec in enumerate(pc.GOAL_AREAS):
            goal_area = self.get_snippet(GoalArea, "goal_area", spec.title)
            goal_area = self.publish(
                goal_area,
                {"title": spec.title, "sort_order": order},
                f"innsatsområde «{spec.title}»",
            )
            self.goal_areas[spec.title] = goal_area
            for measure_spec in spec.measures:
                measure = self.get_snippet(Measure, "measure", measure_spec.how)
                self.publish(
                    measure,
                    {
                        "goal_area": goal_area,
                        "how": measure_spec.how,
                        "responsible_text": measure_spec.responsible_text,
                        "sort_order": measure_order,
                    },
                    f"tiltak «{measure_spec.how}»",
                    m2m=(
                        "responsible_actors",
                        [self.actors[name] for name in measure_spec.actors],
                    ),
                )
                measure_order += 1

    def load_contacts(self) -> None:
        for order, spec in enumerate(pc.CONTACTS):
            contact = self.get_snippet(Contact, "contact", spec.name)
            rows = [{"number": number, "label": ""} for number in spec.phone_numbers]
            for row in rows:
                ContactPhoneNumber(**row).full_clean(exclude=["contact"])
            self.contacts[spec.name] = self.publish(
                contact,
                {
                    "name": spec.name,
                    "description": "",
                    "email": spec.email,
                    "web_address": "",
                    "warning": spec.warning,
                    "category": Contact.Category.IMPORTANT_NUMBERS,
                    "sort_order": order,
                },
                f"kontakt «{spec.name}»",
                children=("phone_numbers", rows, ContactPhoneNumber),
            )

    # Pages

    def load_home(self) -> HomePage:
        root = Page.get_first_root_node()
        welcome = (
            Page.objects.filter(depth=2, slug=pc.HOME.slug, locale=self.locale)
            .filter(content_type__app_label="wagtailcore", content_type__model="page")
            .first()
        )
        if welcome is not None:
            if welcome.numchild:
                self.write("Advarsel: Wagtails velkomstside har undersider og blir stående.")
            else:
                # A site is deleted with its root page: point it at the tree root first.
                Site.objects.filter(root_page=welcome).update(root_page=root)
                welcome.delete()
                self._deleted(f"Wagtails velkomstside «{welcome.title}»")
        home = HomePage.objects.filter(locale=self.locale, depth=2).order_by("path").first()
        if home is None:
            home = HomePage(
                locale=self.locale,
                slug=pc.HOME.slug,
                translation_key=translation_key("page", "home"),
            )
        return self.publish(home, pc.HOME.fields, f"forside «{pc.HOME.title}»", root)

    def load_site(self, home: HomePage) -> Site:
        """The default site, at the public address in settings (WAGTAILADMIN_BASE_URL).

        Every absolute address the site and the API give (html_url, detail_url, the
        sitemap) is built from it, so `make run` links to http://127.0.0.1:8000/.
        """
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        hostname = address.hostname or "localhost"
        port = address.port or (443 if address.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        desired = {
            "hostname": hostname,
            "port": port,
            "root_page_id": home.pk,
            "is_default_site": True,
        }
        if site is None:
            site = Site.objects.filter(hostname=hostname, port=port).first()
        if site is None:
            site = Site.objects.create(**desired)
            self._created(f"standardnettsted {hostname}:{port}")
        elif any(getattr(site, k) != v for k, v in desired.items()):
            for k, v in desired.items():
                setattr(site, k, v)
            site.save()
            self._updated(f"standardnettsted {hostname}:{port}")
        else:
            self._unchanged("standardnettsted")
        return site

    def load_identity(self, site: Site) -> None:
        """The municipality's identity (site settings), from what the seed says.

        Like a page: created when missing, repaired while nobody has edited it,
        left alone once the communications adviser has saved it in the admin (the
        settings view logs who did).
        """
        desired = asdict(pc.IDENTITY)
        what = "kommunens identitet (innstillinger)"
        identity = SiteIdentity.objects.filter(site=site).first()
        is_new = identity is None
        if is_new:
            identity = SiteIdentity(site=site)
        elif all(getattr(identity, k) == v for k, v in desired.items()):
            self._unchanged(what)
            return
        elif person_worked_on(identity):
            self._skipped(what)
            return
        for k, v in desired.items():
            setattr(identity, k, v)
        identity.full_clean()
        identity.save()
        (self._created if is_new else self._updated)(what)
        missing = [
            label
            for label, value in (
                ("adresse", desired["contact_address"]),
                ("e-post", desired["contact_email"]),
            )
            if not value
        ]
        if missing:
            self.write(
                f"Kilden oppgir ikke kommunens {' og '.join(missing)}: fyll inn under "
                "Innstillinger → Kommunens identitet."
            )

    def load_site_pages(self, home: HomePage) -> None:
        """The accessibility statement and the privacy page, below the home page."""
        for model, name, spec, what in (
            (
                AccessibilityStatementPage,
                "accessibility",
                pc.ACCESSIBILITY_STATEMENT,
                "tilgjengelighetserklæring",
            ),
            (PrivacyPage, "privacy", pc.PRIVACY_STATEMENT, "personvernerklæring"),
        ):
            key = translation_key("page", name)
            page = model.objects.filter(translation_key=key, locale=self.locale).first()
            if page is None:
                page = model(locale=self.locale, slug=spec.slug, translation_key=key)
            self.publish(page, spec.fields, f"{what} «{spec.title}»", home)

    def load_plan(self, home: HomePage) -> PlanPage:
        spec = pc.PLAN
        # Found by translation key, so an editor's change of slug never duplicates the plan.
        key = translation_key("page", "plan")
        plan = PlanPage.objects.filter(translation_key=key, locale=self.locale).first()
        if plan is None:
            plan = PlanPage(locale=self.locale, slug=spec.slug, translation_key=key)
        if plan.pk is None:
            # The version is set once from the source; afterwards approvals move it.
            plan.version, plan.version_date = spec.version, spec.version_date
        once = ("slug", "version", "version_date")
        desired = {k: v for k, v in asdict(spec).items() if k not in once}
        return self.publish(plan, desired, f"plan «{spec.title}»", home)

    def load_workflow(self, plan: PlanPage) -> None:
        """Put the plan's pages under "Planbehandling" (created by a migration)."""
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
        if workflow is None:
            self.write(f"Advarsel: arbeidsflyten «{WORKFLOW_NAME}» finnes ikke.")
            return
        what = f"arbeidsflyt for planen «{workflow}»"
        assignment, created = WorkflowPage.objects.get_or_create(
            page=plan, defaults={"workflow": workflow}
        )
        if created:
            self._created(what)
        elif assignment.workflow_id != workflow.pk:
            # Only a person in the admin assigns another workflow to the plan.
            self._skipped(what, f"planen har arbeidsflyten «{assignment.workflow}»")
        else:
            self._unchanged(what)

    def load_history(self, plan: PlanPage) -> None:
        """The seed's history rows (those not written by the CMS itself), oldest first.

        Rows the CMS wrote (approvals, publishes: with a revision or a user) are
        never touched; the seed's own rows are rewritten only while no person
        has corrected the history.
        """
        seed_rows = HistoryEntry.objects.filter(
            plan=plan, revision__isnull=True, user__isnull=True
        ).order_by("pk")
        current = [pc.HistoryRow(r.date, r.version, r.change, r.responsible) for r in seed_rows]
        desired = list(pc.HISTORY)
        what = f"dokumenthistorikk ({len(desired)} rader)"
        if current == desired:
            self._unchanged(what)
            return
        if history_corrections().exists():
            # A superuser corrected or deleted rows (the admin logs it): theirs to keep.
            self._skipped(what, "rettet av en person")
            return
        existed = bool(current)
        seed_rows.delete()
        for row in pc.HISTORY:
            entry = HistoryEntry(plan=plan, **asdict(row))
            entry.full_clean()
            entry.save()
        (self._updated if existed else self._created)(what)

    def load_chapter(self, plan: PlanPage, spec: pc.Chapter) -> ChapterPage:
        key = translation_key("page", f"chapter:{spec.number}")
        chapter = ChapterPage.objects.filter(translation_key=key, locale=self.locale).first()
        if chapter is None:
            chapter = ChapterPage(
                locale=self.locale, slug=slugify_nb(spec.title), translation_key=key
            )
        lead_image = self.images[spec.lead_image] if spec.lead_image else None
        desired = {
            "title": spec.title,
            "number": spec.number,
            "intro": spec.intro,
            "lead_image_id": lead_image.pk if lead_image else None,
            "lead_image_caption": spec.lead_image_caption,
        }
        body = self.resolve(list(spec.body))
        return self.publish(chapter, desired, f"kapittel {spec.number} «{spec.title}»", plan, body)

    def resolve(self, value: Any) -> Any:
        """Stream data with the primary key of each object a block chooses (`pc.Ref`)."""
        if isinstance(value, pc.Ref):
            chosen = {"image": self.images, "goal_area": self.goal_areas, "contact": self.contacts}
            return chosen[value.kind][value.name].pk
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value


# --- Placeholder images ------------------------------------------------------------------


PLACEHOLDER_LABEL = "Plassholderbilde"


def placeholder_png(spec: pc.ImageSpec) -> bytes:
    """A calm gradient labelled as a placeholder: stands in for the real photo.

    The label is plain ASCII because Pillow's built-in font has no å, æ or ø;
    the image's title, alt text and credit carry the real words.
    """
    width, height = IMAGE_SIZE
    top = spec.colour
    bottom = tuple(max(0, c - 40) for c in spec.colour)
    image = Image.new("RGB", IMAGE_SIZE, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    font = ImageFont.load_default(size=56)
    left, _top, right, _bottom = draw.textbbox((0, 0), PLACEHOLDER_LABEL, font=font)
    position = ((width - (right - left)) // 2, (height - 72) // 2)
    draw.text(position, PLACEHOLDER_LABEL, fill=(33, 37, 41), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def kept_versions_below(roots):
    """The kept versions (archive) of the plans at or below these pages, in every language."""
    below = Q(pk__in=[])
    for root in roots:
        below |= Q(plan__path__startswith=root.path)
    return PublishedVersion.objects.filter(below)
