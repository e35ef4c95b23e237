"""The roles of the plan's editorial process, as Django groups.

Names are what users read (Norwegian); each role lists the permissions it
holds. The data migration creates the groups from these definitions, and
`create_demo_accounts` creates one demo user per group.
"""

from dataclasses import dataclass

COMMUNICATIONS_ADVISER = "Kommunikasjonsrådgiver"
SLT_COORDINATOR = "SLT-koordinator"
POLICE_COUNCIL = "Politiråd"
MUNICIPAL_COUNCIL = "Kommunestyret"
TRANSLATOR = "Oversetter"

PLAN_SNIPPETS = ("contact", "actor", "goalarea", "measure")


@dataclass(frozen=True)
class Role:
    name: str
    demo_username: str
    # Page permissions (wagtailcore codenames) granted on the whole page tree.
    page_permissions: tuple[str, ...] = ()
    # Model permissions as "app_label.codename".
    model_permissions: tuple[str, ...] = ()
    # Collection permissions for images and documents.
    collection_permissions: tuple[str, ...] = ()
    description: str = ""
    # What the role's edit rights reach (roles.permissions): the Norwegian source,
    # the translations (pages and translatable snippets in the other locales), or both.
    edits_source: bool = False
    edits_translations: bool = False
    # Whether the role may delete, move or copy pages at all (Wagtail's own rules,
    # such as "nothing live without publish permission", still apply on top).
    restructures: bool = False


def _snippet_perms(*actions: str) -> tuple[str, ...]:
    return tuple(f"snippets.{action}_{model}" for model in PLAN_SNIPPETS for action in actions)


ROLES = (
    Role(
        name=COMMUNICATIONS_ADVISER,
        demo_username="kommunikasjon",
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        model_permissions=(
            "wagtailadmin.access_admin",
            *_snippet_perms("add", "change", "delete", "publish", "view"),
            "plan_pages.view_historyentry",
            # The kept versions (Rapporter → Arkiverte versjoner, read only), for all
            # who read the document history whose rows they freeze.
            "plan_pages.view_publishedversion",
            "wagtail_localize.submit_translation",
            # The municipality's identity on the site (home.SiteIdentity, Innstillinger).
            "home.change_siteidentity",
            # Unlocking a login locked after failed attempts (accounts, Innstillinger →
            # Låste innlogginger): deletes django-axes' records of the attempts.
            "axes.delete_accessattempt",
            # The webhooks' receivers (webhooks, Innstillinger → Webhooks) and their log.
            "webhooks.add_webhookendpoint",
            "webhooks.change_webhookendpoint",
            "webhooks.delete_webhookendpoint",
            "webhooks.view_webhookendpoint",
            "webhooks.view_webhookdelivery",
        ),
        collection_permissions=(
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
        ),
        description="Redigerer og publiserer planen, kontakter, bilder og oversettelser.",
        edits_source=True,
        edits_translations=True,
        restructures=True,
    ),
    Role(
        name=SLT_COORDINATOR,
        demo_username="slt",
        page_permissions=("add_page", "change_page"),
        model_permissions=(
            "wagtailadmin.access_admin",
            "snippets.add_measure",
            "snippets.change_measure",
            "snippets.view_measure",
            "snippets.view_goalarea",
            "snippets.view_actor",
            "snippets.view_contact",
            "plan_pages.view_historyentry",
            "plan_pages.view_publishedversion",
        ),
        collection_permissions=("wagtailimages.choose_image", "wagtaildocs.choose_document"),
        description="Skriver utkast til revisjoner av planen og sender dem til godkjenning.",
        edits_source=True,
        restructures=True,
    ),
    Role(
        name=POLICE_COUNCIL,
        demo_username="politirad",
        model_permissions=(
            "wagtailadmin.access_admin",
            "plan_pages.view_historyentry",
            "plan_pages.view_publishedversion",
        ),
        description="Behandler planen og godkjenner eller avviser sitt trinn.",
    ),
    Role(
        name=MUNICIPAL_COUNCIL,
        demo_username="kommunestyret",
        model_permissions=(
            "wagtailadmin.access_admin",
            "plan_pages.view_historyentry",
            "plan_pages.view_publishedversion",
        ),
        description="Vedtar planen og godkjenner eller avviser sitt trinn.",
    ),
    Role(
        name=TRANSLATOR,
        demo_username="oversetter",
        # Edit rights to reach wagtail-localize's editor, on translations only
        # (edits_translations; roles.permissions keeps them out of the Norwegian
        # source and from deleting, moving or copying); nothing lets them publish.
        page_permissions=("change_page",),
        model_permissions=(
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            *_snippet_perms("change", "view"),
        ),
        collection_permissions=("wagtailimages.choose_image",),
        description="Oversetter planen med wagtail-localize; publiserer ikke.",
        edits_translations=True,
    ),
)
