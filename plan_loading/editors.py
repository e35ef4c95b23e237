"""Whether a person has worked on an object in the CMS: the rule by which `load_plan`
and the shipped translations leave editors' and translators' work alone."""

from django.contrib.contenttypes.models import ContentType
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Revision


def rows_of(manager, objects: list):
    """Generic rows (revisions, workflow states) that belong to `objects` (one model)."""
    return manager.filter(
        base_content_type=objects[0].get_base_content_type(),
        object_id__in=[str(obj.pk) for obj in objects],
    )


def people_worked_on(objects: list) -> set[str]:
    """The primary keys (as strings) of those `objects` (one model) a person has worked on.

    This is the loader's rule for "changed by an editor", and it is exact
    because of who writes what. The loader saves and publishes with
    `save_revision().publish()` and no user, and the shipped translations are
    published by wagtail-localize's `save_target()` with no user
    (plan_loading/shipped.py): their revisions and log entries name nobody. Every
    action a person takes in the admin names them: a revision (a draft, a
    submission, the revision a workflow approved, a revert, a translation
    published from its editor) records its author, and a log entry (edit,
    publish, unpublish, move, lock, each workflow step, an image or history row
    edited) the acting user. A log entry keeps the user's id even after the
    account is deleted (Wagtail stores it without a constraint), where a
    revision's author becomes empty: so both are asked.
    """
    if not objects:
        return set()
    ids = [str(obj.pk) for obj in objects]
    first = objects[0]
    found: set[str] = set()
    if hasattr(first, "get_base_content_type"):  # pages and snippets with revisions
        found.update(
            rows_of(Revision.objects, objects)
            .filter(user__isnull=False)
            .values_list("object_id", flat=True)
        )
    logs = log_registry.get_log_model_for_instance(first)
    if logs is None:  # a model Wagtail keeps no log for
        return found
    if isinstance(first, Page):
        by_person = logs.objects.filter(page_id__in=[obj.pk for obj in objects])
        key = "page_id"
    else:
        content_type = ContentType.objects.get_for_model(first, for_concrete_model=False)
        by_person = logs.objects.filter(content_type=content_type, object_id__in=ids)
        key = "object_id"
    found.update(str(pk) for pk in by_person.filter(user__isnull=False).values_list(key, flat=True))
    return found


def person_worked_on(obj) -> bool:
    """Whether a person has worked on `obj` in the CMS (the rule: `people_worked_on`)."""
    return bool(people_worked_on([obj]))
