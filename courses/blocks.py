"""StreamField blocks: slide bodies (each with its template and a preview value) and
quiz questions.

Quiz question blocks have no template on purpose: learners see a question as it was
frozen in their attempt (`courses.grading.snapshot_questions`), so the answer key
never reaches a page template.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

__all__ = [
    "BestPracticeBlock",
    "BulletItemBlock",
    "HeadingBlock",
    "ImageBlock",
    "MatchingQuestionBlock",
    "MultipleChoiceQuestionBlock",
    "QuizQuestionsBlock",
    "QuoteBlock",
    "ShortTextQuestionBlock",
    "SingleChoiceQuestionBlock",
    "SlideBodyBlock",
    "SourceBlock",
    "TrueFalseQuestionBlock",
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


# Quiz questions -------------------------------------------------------------


class QuestionBlock(blocks.StructBlock):
    """What every question has: its wording, points, feedback and what it is about."""

    question = blocks.TextBlock(max_length=1000)
    points = blocks.IntegerBlock(min_value=1, max_value=100, default=1)
    explanation = blocks.TextBlock(
        required=False,
        max_length=2000,
        help_text="Shown as feedback with the result: why the right answer is right.",
    )
    principles = blocks.ListBlock(
        SnippetChooserBlock("courses.InnovationPrinciple"),
        required=False,
        default=[],
        label="Principles it tests",
    )
    strategies = blocks.ListBlock(
        SnippetChooserBlock("courses.InnovationStrategy"),
        required=False,
        default=[],
        label="Strategies it tests",
    )

    def clean(self, value):
        value = super().clean(value)
        errors = self.answer_key_errors(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={
                    name: ValidationError(message) for name, message in errors.items()
                }
            )
        return value

    def answer_key_errors(self, value):
        """{child block name: message} for an answer key that cannot be graded."""
        return {}


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500)
    correct = blocks.BooleanBlock(required=False)

    class Meta:
        icon = "radio-full"


def count_correct(choices):
    return sum(1 for choice in choices if choice["correct"])


class SingleChoiceQuestionBlock(QuestionBlock):
    """One right answer among several choices."""

    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2, max_num=12)

    class Meta:
        icon = "radio-empty"
        label = "Single choice"
        preview_value = {
            "question": "Which principle asks that services reach vulnerable groups?",
            "choices": [
                {"text": "Access", "correct": True},
                {"text": "Process innovation", "correct": False},
            ],
        }

    def answer_key_errors(self, value):
        if count_correct(value["choices"]) != 1:
            return {"choices": "Tick exactly one choice as the right answer."}
        return {}


class MultipleChoiceQuestionBlock(QuestionBlock):
    """Several right answers; scored all-or-nothing or with partial credit."""

    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2, max_num=12)
    scoring = blocks.ChoiceBlock(
        choices=[
            ("all_or_nothing", "All or nothing: every right choice and no wrong one"),
            ("partial", "Partial credit: each right choice counts, wrong ones cost"),
        ],
        default="all_or_nothing",
    )

    class Meta:
        icon = "tasks"
        label = "Multiple choice"
        preview_value = {
            "question": "Which of these are strategies for innovation?",
            "choices": [
                {"text": "Process innovation", "correct": True},
                {"text": "Organizational culture", "correct": True},
                {"text": "Cutting every budget", "correct": False},
            ],
            "scoring": "partial",
        }

    def answer_key_errors(self, value):
        if not count_correct(value["choices"]):
            return {"choices": "Tick at least one choice as a right answer."}
        return {}


class TrueFalseQuestionBlock(QuestionBlock):
    """A statement the learner marks true or false."""

    correct_answer = blocks.ChoiceBlock(
        choices=[("true", "True"), ("false", "False")], default="true"
    )

    class Meta:
        icon = "tick"
        label = "True or false"
        preview_value = {
            "question": "New technology on its own is enough to transform services.",
            "correct_answer": "false",
        }


class MatchingPairBlock(blocks.StructBlock):
    item = blocks.CharBlock(max_length=250)
    match = blocks.TextBlock(max_length=1000)

    class Meta:
        icon = "link"


class MatchingQuestionBlock(QuestionBlock):
    """Pair each item with its match: pairs of your own, or a framework's snippets."""

    MATCH_PRINCIPLES = "principles"
    MATCH_STRATEGIES = "strategies"

    source = blocks.ChoiceBlock(
        choices=[
            ("pairs", "The pairs below"),
            (MATCH_PRINCIPLES, "Each innovation principle with its description"),
            (MATCH_STRATEGIES, "Each innovation strategy with its example"),
        ],
        default="pairs",
        help_text="Principles and strategies are taken from their snippets when a "
        "learner starts the quiz, so the question follows any edits to them.",
    )
    pairs = blocks.ListBlock(MatchingPairBlock(), required=False, default=[])

    class Meta:
        icon = "list-ol"
        label = "Matching"
        preview_value = {
            "question": "Match each principle with what it means.",
            "source": "principles",
        }

    def answer_key_errors(self, value):
        if value["source"] != "pairs":
            return {}
        pairs = value["pairs"]
        if len(pairs) < 2:
            return {"pairs": "Add at least two pairs, or match a framework."}
        matches = [pair["match"].strip().casefold() for pair in pairs]
        if len(set(matches)) != len(matches):
            return {"pairs": "Each match must differ from the others."}
        return {}


class ShortTextQuestionBlock(QuestionBlock):
    """A word or phrase typed in; any accepted answer is right (case and spaces aside)."""

    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(max_length=200), min_num=1, max_num=20
    )

    class Meta:
        icon = "edit"
        label = "Short text"
        preview_value = {
            "question": "Which approach joins up ministries around the citizen?",
            "accepted_answers": ["whole-of-government", "whole of government"],
        }


class QuizQuestionsBlock(blocks.StreamBlock):
    """A quiz's questions, in the order editors arrange them."""

    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    matching = MatchingQuestionBlock()
    short_text = ShortTextQuestionBlock()
