"""The search index of a page stays fresh when a snippet it shows changes.

A chapter's search document holds the text of the live snippets it shows
(plan_pages.search). Whenever a contact, goal area, measure or actor changes
what the public sees (published, unpublished, saved without a revision,
deleted), every page that shows it is indexed again from the database. Saving
a draft changes nothing public (the snippet's row keeps its published content)
and indexes nothing.

Which pages: those whose live content chooses the contact or goal area
(Wagtail's reference index); a measure shows on its goal area's pages, an actor
on the pages of its measures' goal areas.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index
from wagtail.signals import published, unpublished

from snippets.models import Actor, Contact, ContactPhoneNumber, GoalArea, Measure


def pages_showing(obj) -> set[int]:
    """Ids of the pages that show `obj`."""
    if isinstance(obj, Measure):
        return _pages_choosing(GoalArea.objects.filter(pk=obj.goal_area_id))
    if isinstance(obj, Actor):
        return _pages_choosing(GoalArea.objects.filter(measures__responsible_actors=obj))
    return _pages_choosing([obj])


def _pages_choosing(objects) -> set[int]:
    references = ReferenceIndex.get_references_to_in_bulk(objects).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return {int(object_id) for object_id in references.values_list("object_id", flat=True)}


def reindex_pages(page_ids) -> None:
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index.insert_or_update_object(page)


def on_published(sender, instance, **kwargs):
    """`published`/`unpublished`: the snippet and its child rows (phone numbers) are written."""
    reindex_pages(pages_showing(instance))


def on_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A save of some fields only is a revision's bookkeeping (a draft), not content.
    if raw or update_fields is not None:
        return
    page_ids = pages_showing(instance)
    # A measure moved to another goal area leaves the pages of the one it was in.
    page_ids |= instance.__dict__.pop("_search_pages_before", set())
    reindex_pages(page_ids)


def on_measure_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or update_fields is not None or instance.pk is None:
        return
    before = Measure.objects.filter(pk=instance.pk).values_list("goal_area_id", flat=True).first()
    if before is not None and before != instance.goal_area_id:
        instance._search_pages_before = _pages_choosing(GoalArea.objects.filter(pk=before))


def on_deleting(sender, instance, **kwargs):
    # After the delete, the reference index no longer knows who showed it.
    instance._search_pages_before = pages_showing(instance)


def on_deleted(sender, instance, **kwargs):
    reindex_pages(instance.__dict__.pop("_search_pages_before", set()))


def on_phone_number_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    contact = Contact.objects.filter(pk=instance.contact_id).first()
    if contact is not None:
        reindex_pages(pages_showing(contact))


def connect_search_index_receivers():
    for model in (Contact, GoalArea, Measure, Actor):
        uid = f"search_pages_showing_{model._meta.model_name}"
        published.connect(on_published, sender=model, dispatch_uid=f"{uid}_published")
        unpublished.connect(on_published, sender=model, dispatch_uid=f"{uid}_unpublished")
        post_save.connect(on_saved, sender=model, dispatch_uid=f"{uid}_saved")
        pre_delete.connect(on_deleting, sender=model, dispatch_uid=f"{uid}_deleting")
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"{uid}_deleted")
    pre_save.connect(on_measure_saving, sender=Measure, dispatch_uid="search_measure_moving")
    for signal in (post_save, post_delete):
        signal.connect(
            on_phone_number_changed,
            sender=ContactPhoneNumber,
            dispatch_uid=f"search_phone_number_{signal is post_save}",
        )
