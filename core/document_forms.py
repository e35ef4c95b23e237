"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail's, with one error per refusal.

When the form refuses the file itself (over PLANPORTAL_MAX_DOCUMENT_BYTES, or empty), Wagtail's
document model still checks the extension of the file it no longer has and adds a second,
wrong error: «Filendelsen "" er ikke tillatt». Only the first one is kept.
"""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    def _update_errors(self, errors: ValidationError) -> None:
        if self.has_error("file") and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
