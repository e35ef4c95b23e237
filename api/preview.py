"""Signed, expiring preview tokens: a headless front-end's preview of one saved draft.

The public API serves live, public content only. An editor who can open Wagtail's
admin preview of an object can switch it to the "headless" preview mode, which
issues a token for that one object; a detail request with the token,
`/api/v2/pages/<id>/?preview_token=…` or `/api/v2/measures/<id>/?preview_token=…`,
then gets the object's latest saved revision, even if it was never published, is
unpublished or is private.

A token is a `django.core.signing` signature (our own salt, so no other signed value
of the site passes for one) over the object's scope and id and the issuing user, with
the time it was issued; it expires after `settings.PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE` seconds.
Nothing is stored: a token cannot be revoked before it expires, except by taking
from the user who issued it the right issuing required (`may_preview`, checked at
every use), by deactivating them, or by changing SECRET_KEY, which ends them all.
A token that does not verify for the object asked for, for whatever reason, is
ignored: the request is answered as if it had none (the live version, or a 404).

Responses served with a token are marked with the `X-Planportal-Preview: 1` header
and `Cache-Control: private, no-store` (see api.http).

The admin's side, the "headless" preview mode of every previewable plan model, is
core.preview.HeadlessPreviewMixin; its token page is api.preview_view.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.functional import cached_property
from wagtail.models import Page

from core.http_cache import make_private
from roles.permissions import may_edit

PREVIEW_TOKEN_PARAMETER = "preview_token"  # noqa: S105 - a parameter name, not a secret
PREVIEW_HEADER = "X-Planportal-Preview"

# A dedicated salt: a token is valid for this purpose only.
SALT = "planportal.api.preview-token"
# Real tokens are about 100 characters; anything much longer is not one of ours
# (and is not worth computing a signature over).
MAX_TOKEN_LENGTH = 500
PAGE_SCOPE = "wagtailcore.page"


# --- tokens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def preview_scope(model) -> str:
    """What a token is valid for besides the id: any page (one endpoint serves them all),
    or the snippet model, so a contact's token never opens the measure with the same id."""
    if issubclass(model, Page):
        return PAGE_SCOPE
    return model._meta.label_lower


def token_max_age() -> int:
    return int(settings.PLANPORTAL_API_PREVIEW_TOKEN_MAX_AGE)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def issue_token(obj, user) -> IssuedToken:
    """A token for `obj` (saved: it needs an id), issued by `user`."""
    if obj.pk is None:
        raise ValueError("an unsaved object has no preview token")
    signer = _signer()
    token = signer.sign_object({"scope": preview_scope(type(obj)), "id": obj.pk, "user": user.pk})
    # value:timestamp:signature; the timestamp is the signer's own clock.
    issued_at = signing.b62_decode(token.split(signer.sep)[-2])
    expires_at = datetime.fromtimestamp(issued_at, tz=UTC) + timedelta(seconds=token_max_age())
    return IssuedToken(token=token, expires_at=expires_at)


def verify_token(token, model, pk) -> bool:
    """Whether `token` is a valid, unexpired token for object `pk` of `model`.

    False, never an exception, for anything else: empty, garbage, tampered, expired,
    for another object, or issued by a user who no longer may preview the object
    (`may_preview`: gone, inactive, or without the right that issuing required).
    """
    if not token or not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return False
    try:
        payload = _signer().unsign_object(token, max_age=token_max_age())
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return False
    if not isinstance(payload, dict) or payload.get("scope") != preview_scope(model):
        return False
    object_id = payload.get("id")
    try:
        if type(object_id) is not int or object_id != int(pk):
            return False
    except (TypeError, ValueError):
        return False
    user_id = payload.get("user")
    if type(user_id) is not int:
        return False
    issuer = get_user_model().objects.filter(pk=user_id).first()
    obj = model._default_manager.filter(pk=object_id).first()
    if obj is not None and isinstance(obj, Page):
        obj = obj.specific
    return obj is not None and may_preview(issuer, obj)


def may_preview(user, obj) -> bool:
    """Whether `user` may see `obj`'s saved draft: checked when a token is issued and
    again at each use, so a token stops working when its issuer loses the right.

    The right of Wagtail's preview views: edit permission on the object (the editor's
    preview), or a step to act on in its workflow (the workflow preview).
    """
    if user is None or not user.is_active or not user.has_perm("wagtailadmin.access_admin"):
        return False
    if may_edit(user, obj):
        return True
    workflow_state = getattr(obj, "current_workflow_state", None)
    task_state = workflow_state.current_task_state if workflow_state else None
    return bool(task_state and task_state.task.specific.get_actions(obj, user))


# --- the API side ----------------------------------------------------------------------


class PreviewTokenMixin:
    """A detail view that serves an object's latest revision to a valid `?preview_token=`.

    Goes before api.base.StrictQueryMixin: the parameter is whitelisted on detail
    views only, so a listing or find/ with it is the usual named 400. Subclasses say
    how to find the object in any state (`get_preview_base_object`).
    """

    def allowed_query_parameters(self):
        allowed = super().allowed_query_parameters()
        if self.action == "detail_view":
            allowed.add(PREVIEW_TOKEN_PARAMETER)
        return allowed

    def get_preview_base_object(self, pk):
        """The object with id `pk`, live or not, public or not; None if there is none."""
        raise NotImplementedError

    @cached_property
    def preview_object(self):
        """The latest revision of the object asked for, if the token is valid for it."""
        if self.action != "detail_view":
            return None
        pk = self.kwargs.get("pk")
        token = self.request.GET.get(PREVIEW_TOKEN_PARAMETER, "")
        if not verify_token(token, self.model, pk):
            return None
        obj = self.get_preview_base_object(pk)
        return obj.get_latest_revision_as_object() if obj is not None else None

    def get_object(self):
        if self.preview_object is not None:
            return self.preview_object
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.preview_object is not None and response.status_code == 200:
            mark_preview_response(response)
        return response


def mark_preview_response(response):
    """A preview is for the one client that holds the token: never stored, never shared."""
    response[PREVIEW_HEADER] = "1"
    make_private(response)
    for header in ("ETag", "Last-Modified"):
        if response.has_header(header):
            del response[header]
    return response


def is_preview_response(response) -> bool:
    return response.get(PREVIEW_HEADER) == "1"
