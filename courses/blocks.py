"""StreamField blocks for slide bodies, each with its template and a preview value."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

__all__ = [
    "BestPracticeBlock",
    "BulletItemBlock",
    "HeadingBlock",
    "ImageBlock",
    "QuoteBlock",
    "SlideBodyBlock",
    "SourceBlock",
]


class HeadingBlock(blocks.CharBlock):
    """A sub-heading inside a slide (the slide's own title is the page title)."""

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = "To achieve the SDGs"


class BulletItemBlock(blocks.StructBlock):
    """A bullet point with optional second-level points beneath it."""

    text = blocks.CharBlock(max_length=500)
    sub_items = blocks.ListBlock(
        blocks.CharBlock(max_length=500),
        required=False,
        default=[],
        label="Second-level points",
    )

    class Meta:
        icon = "list-ul"


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Digital government is a means, not an end.",
            "attribution": "UN E-Government Survey 2020",
        }


class ImageBlock(blocks.StructBlock):
    """An image with a text alternative and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class SourceBlock(blocks.StructBlock):
    """Where a slide's facts come from, shown as 'Source: ...'."""

    title = blocks.CharBlock(
        max_length=250, help_text="e.g. 2020 UN E-Government Survey"
    )
    url = blocks.URLBlock(required=False, label="URL")

    class Meta:
        icon = "link"
        template = "blocks/source_block.html"
        preview_value = {"title": "2020 UN E-Government Survey", "url": ""}


class SlideBodyBlock(blocks.StreamBlock):
    """Everything a slide may hold, in any order."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    bullet_list = blocks.ListBlock(
        BulletItemBlock(),
        icon="list-ul",
        template="blocks/bullet_list_block.html",
        preview_value=[
            {"text": "This requires:", "sub_items": ["Process innovations"]}
        ],
    )
    quote = QuoteBlock()
    image = ImageBlock()
    table = TableBlock(template="blocks/table_block.html")
    source = SourceBlock()


class BestPracticeBlock(blocks.StructBlock):
    """A practice one country shared at an event, and the countries that want to adopt it."""

    title = blocks.CharBlock(max_length=250)
    description = blocks.TextBlock(required=False)
    sharing_country = SnippetChooserBlock("courses.Country")
    interested_countries = blocks.ListBlock(
        SnippetChooserBlock("courses.Country"),
        label="Countries interested in adopting it",
    )

    class Meta:
        icon = "group"
        template = "blocks/best_practice_block.html"
