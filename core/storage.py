"""Media in S3-compatible object storage (PLANPORTAL_MEDIA_STORAGE_BACKEND=s3).

Images and their renditions are public: pages and the API link to them at the bucket's (or the
custom domain's) address. Documents are not: a document in a private collection must reach a
reader only through Wagtail's document view, which checks the collection's restriction
(WAGTAILDOCS_SERVE_METHOD = "serve_view"). So when AWS_DEFAULT_ACL makes uploads public,
documents are stored with a private ACL all the same, and any URL the storage gives for a
document is signed and expires. (Without AWS_DEFAULT_ACL no ACL is sent, and the bucket's
policy must leave the documents' folder private: see README, Drift.)
"""

from storages.backends.s3 import S3Storage
from storages.utils import clean_name
from wagtail.documents import get_document_model


def documents_folder() -> str:
    """The folder Wagtail's document model uploads to ("documents")."""
    return get_document_model()._meta.get_field("file").upload_to


class MediaS3Storage(S3Storage):
    def _is_document(self, key: str) -> bool:
        """Whether the object `key` (a name with AWS_LOCATION prefixed) is a document."""
        return key.startswith(self._normalize_name(documents_folder()) + "/")

    def get_object_parameters(self, name):
        # django-storages calls this with the object's key (AWS_LOCATION prefixed).
        parameters = super().get_object_parameters(name)
        if self.default_acl and self._is_document(name):
            parameters["ACL"] = "private"
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        key = self._normalize_name(clean_name(name))
        if not self._is_document(key):
            return super().url(name, parameters, expire, http_method)
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={**(parameters or {}), "Bucket": self.bucket.name, "Key": key},
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )
