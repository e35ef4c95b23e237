"""The plan's approval task: a body (Politiråd, Kommunestyret) approves or rejects its step."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as log_registry
from wagtail.models import (
    AbstractGroupApprovalTask,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
)

from .forms import ApprovalDecisionForm, RejectionForm


class PlanApprovalTaskState(TaskState):
    """A step's state, with the decision record the approving body gave."""

    decision_date = models.DateField(_("vedtaksdato"), null=True, blank=True)
    case_reference = models.CharField(_("saksnummer"), max_length=100, blank=True)
    new_major_version = models.BooleanField(_("ny hovedversjon"), default=False)

    class Meta:
        verbose_name = _("behandlingstrinn")
        verbose_name_plural = _("behandlingstrinn")


class PlanApprovalTask(AbstractGroupApprovalTask):
    """One body's step in "Planbehandling".

    Unlike Wagtail's group approval task, members review but never edit, and
    nobody approves a step of a group they are not in (superusers included) or
    a submission of their own.
    """

    body_name = models.CharField(
        _("organ"),
        max_length=100,
        help_text=_("Navnet som står i dokumenthistorikken, for eksempel «Politiråd»."),
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "body_name"]
    task_state_class = PlanApprovalTaskState

    class Meta:
        verbose_name = _("godkjenning i organ")
        verbose_name_plural = _("godkjenninger i organ")

    def user_is_member(self, user) -> bool:
        return user.is_authenticated and self._user_in_groups(user)

    @staticmethod
    def took_part(workflow_state, obj, user) -> bool:
        """Whether `user` submitted the round of changes under review, or authored any
        revision of it (`round_revisions`): nobody, superusers included, approves or
        rejects changes of their own."""
        if workflow_state is not None and workflow_state.requested_by_id == user.pk:
            return True
        latest = obj.latest_revision
        return latest is not None and round_revisions(obj, latest).filter(user=user).exists()

    def may_act(self, obj, user) -> bool:
        return self.user_is_member(user) and not self.took_part(
            obj.current_workflow_state, obj, user
        )

    def user_can_access_editor(self, obj, user):
        # Reviewers see drafts through the workflow preview; they do not edit.
        return False

    def locked_for_user(self, obj, user):
        # Editors may keep working during review; an edit restarts approval
        # (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT).
        return False

    def user_can_lock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.may_act(obj, user):
            return []
        return self.decision_actions()

    @staticmethod
    def decision_actions():
        """What a member who may act on a step can do (get_actions' answer when they may)."""
        return [
            ("reject", _("Avvis med begrunnelse"), True),
            ("approve", _("Godkjenn"), True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return ApprovalDecisionForm
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not self.user_is_member(user):
            return TaskState.objects.none()
        # took_part() for every state in one query: not requested by the user, and no
        # revision of the object's current round is theirs.
        return (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(workflow_state__requested_by=user)
            .exclude(Exists(current_round_revisions("workflow_state__").filter(user=user)))
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if not self.may_act(obj, user):
            raise PermissionDenied
        if action_name == "approve":
            state = task_state.specific
            state.decision_date = kwargs.pop("decision_date", None)
            state.case_reference = kwargs.pop("case_reference", "")
            state.new_major_version = kwargs.pop("new_major_version", False)
            if not kwargs.get("comment"):
                kwargs["comment"] = RevisionNote.for_round(obj, state.revision)
            state.save(update_fields=["decision_date", "case_reference", "new_major_version"])
            return super().on_action(state, user, action_name, **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Medlemmer av organets gruppe godkjenner eller avviser trinnet med vedtaksdato.")


class RevisionNote(models.Model):
    """The author's note on what a revision changes, given when saving or submitting it."""

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="plan_note", verbose_name=_("revisjon")
    )
    text = models.TextField(_("endringsnotat"))

    class Meta:
        verbose_name = _("endringsnotat")
        verbose_name_plural = _("endringsnotater")

    def __str__(self):
        return self.text

    @classmethod
    def for_round(cls, obj, revision) -> str:
        """The author's note on the round of changes that ends with `revision`.

        A note belongs to the round, not to one revision: an author who saved a
        draft with a note and then submits without retyping it still means it.
        The newest note in the round counts.
        """
        return (
            cls.objects.filter(revision__in=round_revisions(obj, revision))
            .order_by("-revision_id")
            .values_list("text", flat=True)
            .first()
            or ""
        )


def previously_live_revision_id(obj, revision) -> int | None:
    """The revision of `obj` that was live before `revision` (Wagtail's audit log of publishes).

    Before `revision` is published that is the live one; once it is published,
    the one live before it.
    """
    return (
        log_registry.get_logs_for_instance(obj)
        .filter(action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .values_list("revision_id", flat=True)
        .first()
    )


def round_revisions(obj, revision):
    """The round of changes that ends with `revision`: every revision of `obj` after the
    one that was live before it, up to `revision` itself.

    One definition for the round's note (what the history quotes) and its authors
    (who may not approve it).
    """
    return Revision.objects.for_instance(obj).filter(
        pk__lte=revision.pk, pk__gt=previously_live_revision_id(obj, revision) or 0
    )


def previously_live_revision_id_expression(
    *,
    object_id="object_id",
    content_type_id="content_type_id",
    base_content_type_id="base_content_type_id",
    revision_id="revision_id",
):
    """previously_live_revision_id() as an expression, for many objects in one query.

    The arguments name the fields of the annotated queryset that hold the object
    (its id, specific and base content types) and the revision whose predecessor
    is wanted. 0 when nothing was live before it.
    """
    publishes = {"action": "wagtail.publish", "revision__isnull": False}
    newest_first = ("-timestamp", "-pk")
    page_publish = (
        PageLogEntry.objects.filter(
            page_id=Cast(OuterRef(object_id), models.IntegerField()), **publishes
        )
        .exclude(revision_id=OuterRef(revision_id))
        .order_by(*newest_first)
        .values("revision_id")[:1]
    )
    snippet_publish = (
        ModelLogEntry.objects.filter(
            content_type_id=OuterRef(content_type_id),
            object_id=OuterRef(object_id),
            **publishes,
        )
        .exclude(revision_id=OuterRef(revision_id))
        .order_by(*newest_first)
        .values("revision_id")[:1]
    )
    page_type = ContentType.objects.get_for_model(Page)
    return Coalesce(
        Case(
            When(Exact(F(base_content_type_id), page_type.pk), then=Subquery(page_publish)),
            default=Subquery(snippet_publish),
            output_field=models.IntegerField(),
        ),
        Value(0),
    )


def current_round_revisions(object_prefix: str):
    """round_revisions(obj, obj.latest_revision) for the objects of an outer queryset
    (its `<object_prefix>base_content_type_id` and `…object_id`), for use inside
    Exists() or Subquery()."""
    latest = (
        Revision.objects.filter(
            base_content_type_id=OuterRef("base_content_type_id"), object_id=OuterRef("object_id")
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    return (
        Revision.objects.filter(
            base_content_type_id=OuterRef(f"{object_prefix}base_content_type_id"),
            object_id=OuterRef(f"{object_prefix}object_id"),
        )
        .annotate(latest_id=Subquery(latest))
        .annotate(round_start=previously_live_revision_id_expression(revision_id="latest_id"))
        .filter(pk__gt=F("round_start"))
    )
