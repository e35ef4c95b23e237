"""Queue the PDF of every kept version that has none yet (versions kept before PDFs were
made, or whose PDF task failed); the task worker makes them, one task each."""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.tasks import make_version_pdf
from plan_pages.models import PublishedVersion


class Command(BaseCommand):
    help = "Legger PDF-en til hver arkiverte versjon som mangler den, i oppgavekøen."

    def handle(self, *args, **options):
        missing = list(
            PublishedVersion.objects.filter(rendered_at__isnull=False, pdf="")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in missing:
            transaction.on_commit(lambda pk=pk: make_version_pdf.enqueue(pk))
        self.stdout.write(f"{len(missing)} PDF-er lagt i køen.")
