"""Schemas of the serializer fields drf-spectacular cannot read by itself.

Wagtail's API fields compute their value from the whole object (`get_attribute`
returns the instance), and so do ours; each gets its schema here, next to the
others, keyed by the field's class. Model fields (CharField, DateField, …) are
mapped by drf-spectacular itself.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from api.blocks import StreamField
from api.fields import ChaptersField, HistoryUrlField, TranslationField
from api.history import PlanRefField
from api.snippets import (
    ActorsSummaryField,
    CategoryLabelField,
    GoalAreaSummaryField,
    LocaleField,
    PhoneNumbersField,
    ResponsibleField,
)
from api.versions import (
    ApiJsonField,
    VersionChaptersField,
    VersionPdfField,
    VersionPlanRefField,
    VersionUrlField,
)

from .schemas import (
    array,
    boolean,
    integer,
    locale_code,
    nullable,
    obj,
    string,
    url,
)


def describe_field(
    target_class, schema, *, nullable_value: bool = False, match_subclasses: bool = False
):
    """Register the schema of a serializer field class (a dict, or a function of the field).

    `target_class` is the class, or its dotted path for a class of Wagtail's;
    `match_subclasses` describes our subclasses of it too.
    """

    class Extension(OpenApiSerializerFieldExtension):
        def map_serializer_field(self, auto_schema, direction):
            result = schema(auto_schema, self.target) if callable(schema) else dict(schema)
            return nullable(result) if nullable_value else result

    Extension.target_class = target_class
    Extension.match_subclasses = match_subclasses
    name = target_class if isinstance(target_class, str) else target_class.__name__
    Extension.__name__ = Extension.__qualname__ = name.rsplit(".", 1)[-1] + "Schema"
    return Extension


# --- Wagtail's own fields -----------------------------------------------------------

describe_field(
    "wagtail.api.v2.serializers.TypeField",
    string("The object's type as app_label.ModelName.", example="snippets.Contact"),
)
describe_field(
    "wagtail.api.v2.serializers.PageTypeField",
    string("The page's type as app_label.ModelName.", example="plan_pages.ChapterPage"),
)
describe_field(
    "wagtail.api.v2.serializers.DetailUrlField",
    url("This object's detail endpoint."),
)
describe_field(
    "wagtail.api.v2.serializers.PageHtmlUrlField",
    url("The page's public address, with its language prefix."),
    nullable_value=True,
)
describe_field("wagtail.api.v2.serializers.PageLocaleField", locale_code())
describe_field(
    "wagtail.api.v2.serializers.RichTextFieldSerializer",
    string("Rich text; HTML with internal links resolved to public addresses by default."),
)
describe_field("wagtail.api.v2.serializers.TagsField", array(string()))
describe_field(
    "wagtail.images.api.v2.serializers.ImageDownloadUrlField",
    string("The original image file's address."),
)
describe_field(
    "wagtail.documents.api.v2.serializers.DocumentDownloadUrlField",
    url("Where to download the document."),
)
describe_field(
    "wagtail.images.api.fields.ImageRenditionField",
    lambda auto_schema, field: {
        "oneOf": [
            obj(
                {
                    "url": string("The rendition's address."),
                    "full_url": url("The rendition's address, absolute."),
                    "width": integer(),
                    "height": integer(),
                    "alt": string("The image's alternative text."),
                },
                description=f"The image resized with the filter `{field.filter_spec}`.",
            ),
            obj(
                {"error": string(enum=["SourceImageIOError"])},
                description="The original image file is missing.",
            ),
        ]
    },
    nullable_value=True,
)
describe_field(
    "wagtail.api.v2.serializers.RelatedField",
    # Nullable where the model field is: drf-spectacular adds that itself.
    lambda auto_schema, field: auto_schema.nested_reference(field.serializer_class),
)
describe_field(
    "wagtail.api.v2.serializers.PageParentField",
    lambda auto_schema, field: auto_schema.nested_page_reference(),
    nullable_value=True,
    # api.pages.VisibleParentField: the same output, in one query.
    match_subclasses=True,
)
describe_field(
    "wagtail.api.v2.serializers.PageAliasOfField",
    lambda auto_schema, field: auto_schema.nested_page_reference(),
    nullable_value=True,
)
describe_field(
    "wagtail.api.v2.serializers.ChildRelationField",
    lambda auto_schema, field: array(auto_schema.nested_reference(field.serializer_class)),
)
describe_field(
    StreamField,
    lambda auto_schema, field: auto_schema.stream_reference(field),
)

# --- ours: pages --------------------------------------------------------------------

PAGE_REF = {
    "id": integer(),
    "title": string(),
    "locale": locale_code(),
    "html_url": nullable(url()),
    "detail_url": url(),
}

describe_field(
    TranslationField,
    obj(
        {
            "source_page": obj(PAGE_REF, description="The Norwegian page this translates."),
            "source_version": nullable(
                string("The plan version the translation was made from.", example="1.3")
            ),
            "source_updated_at": nullable(
                string("When the Norwegian page last changed.", format="date-time")
            ),
            "stale": boolean("The Norwegian page changed after this translation."),
            "machine_translated": boolean("Some text is machine-drafted and not yet reviewed."),
            "untranslated": integer("How many pieces of text are not translated yet.", minimum=0),
        },
        description="What a reader should know about this translation; null for a Norwegian page.",
    ),
    nullable_value=True,
)
describe_field(
    ChaptersField,
    array(
        obj(
            {
                "id": integer(),
                "number": integer("Chapter number."),
                "title": string(),
                "slug": string(),
                "html_url": nullable(url()),
                "detail_url": url("The chapter's detail endpoint, with its body."),
                "sections": array(
                    obj(
                        {
                            "number": string(example="2.1"),
                            "title": string(),
                            "anchor": string("The section's id on the chapter page."),
                            "html_url": string("The section's public address (with #anchor)."),
                        }
                    )
                ),
            }
        ),
        "The plan's published chapters in order, with their numbered sections.",
    ),
)
describe_field(
    HistoryUrlField,
    url("The history endpoint filtered to this plan (its Dokumenthistorikk)."),
    nullable_value=True,
)
describe_field(
    PlanRefField,
    obj({"id": integer()}, description="The Norwegian plan the row belongs to."),
)

# --- ours: kept versions ---------------------------------------------------------------

FROZEN_API = {
    "type": "object",
    "additionalProperties": True,
    "description": "The API's detail answer for the page when the version was published "
    "(its schema then); null when the version was rendered from its revisions.",
}
SHA256 = string("SHA-256 of the stored bytes (UTF-8), hex.", pattern="^[0-9a-f]{64}$")
describe_field(
    VersionPlanRefField, obj({"id": integer()}, description="The plan in this language.")
)
describe_field(VersionUrlField, url("The kept plan page's public address."), nullable_value=True)
describe_field(ApiJsonField, FROZEN_API, nullable_value=True)
describe_field(
    VersionPdfField,
    url("The version's PDF (tagged, in its language); null until it is made."),
    nullable_value=True,
)
describe_field(
    VersionChaptersField,
    array(
        obj(
            {
                "number": integer("Chapter number."),
                "title": string(),
                "slug": string(),
                "html_url": nullable(url("The kept chapter's public address.")),
                "html_sha256": SHA256,
                "api_sha256": nullable(SHA256),
                "api": {**FROZEN_API, "type": ["object", "null"]},
            },
            required=["number", "title", "slug", "html_url", "html_sha256", "api_sha256"],
        ),
        "The version's chapters in order; `api` in the detail only.",
    ),
)

# --- ours: snippets -----------------------------------------------------------------

describe_field(LocaleField, locale_code())
describe_field(
    PhoneNumbersField,
    array(
        obj(
            {
                "number": string("As written in the plan.", example="33 06 10 00"),
                "label": string(),
                "href": string("A tel: link in international form.", example="tel:+4733061000"),
            }
        ),
        "The contact's phone numbers, in order.",
    ),
)
describe_field(CategoryLabelField, string("The category, in the contact's language."))
describe_field(ResponsibleField, string("Who is responsible, as the plan says it."))
describe_field(
    GoalAreaSummaryField,
    obj({"id": integer(), "title": string()}, description="The goal area the measure belongs to."),
)
describe_field(
    ActorsSummaryField,
    array(obj({"id": integer(), "name": string()}), "The published actors responsible."),
)
