"""Admin report: every page of the plan in every language: translated, how much, current?"""

import tempfile

import polib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Locale, Page
from wagtail_localize.views.edit_translation import upload_pofile as localize_upload_pofile

from languages.plan_objects import source_objects

from .facts import language_name, translation_facts


def report_rows():
    """(locales, rows): each source page with, per locale, its translation and facts (or None)."""
    default = Locale.get_default()
    languages = dict(settings.LANGUAGES)
    locales = [
        loc for loc in Locale.objects.exclude(pk=default.pk) if loc.language_code in languages
    ]
    pages = [obj for obj in source_objects(default) if isinstance(obj, Page)]
    rows = []
    for page in pages:
        cells = []
        for locale in locales:
            target = page.get_translation_or_none(locale)
            facts = translation_facts(target) if target is not None else None
            cells.append((target, facts) if facts is not None else None)
        rows.append((page, cells))
    return [(loc, language_name(loc.language_code)) for loc in locales], rows


@permission_required("wagtail_localize.submit_translation", raise_exception=True)
def translation_report(request):
    locales, rows = report_rows()
    return render(
        request,
        "languages/admin/translation_report.html",
        {"locales": locales, "rows": rows, "page_title": _("Oversettelser")},
    )


@require_POST
def upload_pofile_checked(request, translation_id):
    """wagtail-localize's PO upload, after refusing what it would answer with a 500.

    Its view reads the translation id header without a default and expects a
    file; a PO file without the header (our shipped files, a hand-made file)
    or no file at all gets a clear message here and changes nothing.
    """
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Velg en PO-fil å laste opp."))
        return redirect(next_url)
    with tempfile.NamedTemporaryFile(suffix=".po") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            po = polib.pofile(tmp.name)
        except (OSError, UnicodeDecodeError, ValueError):
            po = None
    if po is None or "X-WagtailLocalize-TranslationID" not in po.metadata:
        messages.error(
            request,
            _(
                "Filen er ikke en PO-fil lastet ned fra denne oversettelsen. Last ned PO-filen "
                "her, oversett i den, og last den opp igjen."
            ),
        )
        return redirect(next_url)
    upload.seek(0)
    return localize_upload_pofile(request, translation_id)
