"""What the API's computed fields share. Imported by models: nothing here imports a model."""

from rest_framework.fields import Field


class InstanceField(Field):
    """A read-only API field computed from the whole object, not from one attribute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance
