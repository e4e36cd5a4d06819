"""Shared vocabularies, kept as Wagtail snippets so every page links the same records.

Countries and organisations describe events and (later) learners, so reports can be
broken down by them; the innovation principles and strategies tag slides and quiz
questions.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Country(index.Indexed, models.Model):
    """A country or economy, as programmes name it (e.g. 'Republic of Korea')."""

    name = models.CharField(max_length=120, unique=True)
    iso_code = models.CharField(
        "ISO code",
        max_length=3,
        blank=True,
        help_text="ISO 3166-1 alpha-2 or alpha-3 code, if the country has one.",
    )

    panels = [FieldPanel("name"), FieldPanel("iso_code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


@register_snippet
class Organisation(index.Indexed, models.Model):
    """An organisation that implements, hosts, funds or speaks at training."""

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, blank=True)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="Where it is based; leave empty for international organisations.",
    )
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("country"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class NumberedConcept(models.Model):
    """A numbered item of a framework, shown in its framework's order."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()

    panels = [FieldPanel("number"), FieldPanel("name"), FieldPanel("description")]

    class Meta:
        abstract = True
        ordering = ["number"]

    def __str__(self):
        return self.name


@register_snippet
class InnovationPrinciple(NumberedConcept):
    """One of the five principles that guide innovation in public service delivery."""

    class Meta(NumberedConcept.Meta):
        verbose_name = "innovation principle"


@register_snippet
class InnovationStrategy(NumberedConcept):
    """One of the five interlinked strategies that enable innovation in public service delivery."""

    example = models.TextField(
        blank=True, help_text="A concrete example of the strategy in practice."
    )

    panels = NumberedConcept.panels + [FieldPanel("example")]

    class Meta(NumberedConcept.Meta):
        verbose_name = "innovation strategy"
        verbose_name_plural = "innovation strategies"
