"""Admin views of records nobody edits by hand (kept versions, the webhooks' delivery log).

`ReadOnlyPermissionPolicy` grants Django's view permission and no other action, to anyone,
superusers included; `ReadOnlyViewSetMixin` gives a `ModelViewSet` its listing and inspect
view only, with no address to add, copy, edit or delete. A model's viewset takes the mixin,
and the policy is registered for the model (`wagtail.permissions.register_permission_policy`).
"""

from wagtail.permission_policies import ModelPermissionPolicy

VIEW = "view"


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing with Django's view permission; every other action refused to everyone."""

    def user_has_permission(self, user, action):
        return action == VIEW and super().user_has_permission(user, VIEW)

    def user_has_any_permission(self, user, actions):
        return VIEW in actions and self.user_has_permission(user, VIEW)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == VIEW])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class ReadOnlyViewSetMixin:
    """A ModelViewSet's listing and inspect view, and no other address."""

    VIEWS = frozenset({"index", "index_results", "inspect"})

    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # never used: there is no add or edit view

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.VIEWS]
