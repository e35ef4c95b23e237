from django.db import models


class PublicChange(models.Model):
    """When anything the public API serves last changed: one row, written by api.http.

    It lives in the database, written in the same transaction as the change, so
    every process and every worker reads the same moment (the API's Last-Modified)
    with one primary-key query, whatever the cache backend, and a rolled-back
    change leaves it as it was.
    """

    ROW = 1

    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "siste offentlige endring"
        verbose_name_plural = "siste offentlige endringer"

    def __str__(self):
        return self.changed_at.isoformat()
