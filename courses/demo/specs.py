"""The vocabulary the demo content is written in: page specs and named references.

Content names snippets and pages instead of holding database objects, so it can be
read (and checked) without a database; the loader resolves the names when it runs.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SnippetRef:
    """A snippet the content names, found by its name (or created) when loading."""

    model: str
    name: str


def country(name):
    return SnippetRef("courses.Country", name)


def organisation(name):
    return SnippetRef("courses.Organisation", name)


def principle(name):
    return SnippetRef("courses.InnovationPrinciple", name)


def strategy(name):
    return SnippetRef("courses.InnovationStrategy", name)


@dataclass(frozen=True)
class PageRef:
    """A demo page named by its slugs below the home page, linked once pages exist.

    If an editor's page stands where the demo page would be, and it is not of the
    given type, the link is left out rather than pointing at the wrong page.
    """

    model: str
    slugs: tuple[str, ...]


@dataclass
class PageSpec:
    """One page of the demo tree and the pages beneath it.

    `fields` are the page's own fields; `relations` are its ParentalManyToMany
    fields (lists of references) and its orderable children (lists of dicts of
    fields), both by name.
    """

    model: str
    slug: str
    title: str
    fields: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def walk(self):
        """This spec and every spec beneath it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()
