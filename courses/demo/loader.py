"""Builds the demo site from `courses.demo.content`, without touching editors' work.

The loader first plans, reading only: it finds which demo pages are missing and
refuses (DemoConflict) if a page of another type stands where a demo page must go.
Only then does it write, inside one transaction, so a failure leaves nothing half
done. Pages that exist already are kept as they are, with everything beneath them;
only the home page is looked into, so that missing sections are added under it.
Snippets are matched by name and never changed.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from wagtail.models import Page, Site

from courses.demo import content
from courses.demo.specs import PageRef, SnippetRef

# Left out of a relation when the page it names is missing or of another type.
MISSING = object()


class DemoConflict(Exception):
    """Something in the database stops the demo from loading; nothing was changed."""


@dataclass
class LoadReport:
    """What a load created and what it found already there."""

    pages_created: Counter = field(default_factory=Counter)
    snippets_created: Counter = field(default_factory=Counter)
    pages_kept: list = field(default_factory=list)
    replaced_welcome_page: bool = False

    @property
    def changed(self):
        return bool(self.pages_created or self.snippets_created)


@dataclass
class Plan:
    """The decisions taken before writing: where the home page is, what to create."""

    site: Site
    home: Page | None = None
    welcome_page: Page | None = None
    # Sections missing under an existing home page.
    sections_to_create: list = field(default_factory=list)


def describe(page):
    """A page as an editor finds it in the admin: title, id, URL path and type."""
    return (
        f"'{page.title}' (id {page.pk}, {page.url_path}) is "
        f"{model_name(page.specific_class or Page)}"
    )


def model_name(model):
    """'an event index page (courses.EventIndexPage)'."""
    name = model._meta.verbose_name
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name} ({model._meta.label})"


def is_welcome_page(page):
    """Wagtail's stock welcome page: a plain Page right below the tree root, empty."""
    return (
        page.depth == 2
        and page.specific_class is Page
        and not page.get_children().exists()
    )


class DemoLoader:
    """Loads the demo snippets and page tree; use `load()` once per instance."""

    def __init__(self, home=content.HOME, snippets=content.SNIPPETS):
        self.home_spec = home
        self.snippet_specs = snippets
        self.report = LoadReport()
        self.snippets = {}
        self.created_pages = []
        self.home = None

    def load(self):
        """Plan, then write everything in one transaction; return a LoadReport."""
        with transaction.atomic():
            plan = self.plan()
            self.load_snippets()
            if plan.home is None:
                self.home = self.create_home(plan)
            else:
                self.home = plan.home
                for spec in plan.sections_to_create:
                    self.create_page(self.home, spec)
            self.publish_created_pages()
        return self.report

    # Planning: reads only ---------------------------------------------------

    def plan(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page")
        site = site.first()
        if site is None:
            raise DemoConflict(
                "There is no default site: mark one as the default in Settings > "
                "Sites (its root page may be Wagtail's welcome page), then run "
                "load_demo again."
            )
        plan = Plan(site=site)
        home_model = apps.get_model(self.home_spec.model)
        root = site.root_page
        if root.specific_class is home_model:
            plan.home = root.specific
            self.plan_sections(plan)
        elif is_welcome_page(root):
            self.plan_new_home(plan, root, home_model)
        else:
            raise DemoConflict(
                f"The default site's root page {describe(root)}, but the demo needs "
                f"Wagtail's empty welcome page or {model_name(home_model)} there: "
                "make a home page the site's root in Settings > Sites, then run "
                "load_demo again."
            )
        return plan

    def plan_new_home(self, plan, welcome_page, home_model):
        other_home = home_model.objects.first()
        if other_home is not None:
            raise DemoConflict(
                f"A home page exists already, {describe(other_home)}, but the "
                "default site's root is Wagtail's welcome page: make that home page "
                "the site's root in Settings > Sites, then run load_demo again."
            )
        taken = (
            welcome_page.get_siblings(inclusive=False)
            .filter(slug=self.home_spec.slug)
            .first()
        )
        if taken is not None:
            raise DemoConflict(
                f"The page {describe(taken)}, but the demo needs the slug "
                f"'{self.home_spec.slug}' below the tree root for "
                f"{model_name(home_model)}: change that page's slug, then run "
                "load_demo again."
            )
        plan.welcome_page = welcome_page

    def plan_sections(self, plan):
        """Under an existing home page, plan the sections that are missing."""
        for spec in self.home_spec.children:
            model = apps.get_model(spec.model)
            existing = plan.home.get_children().filter(slug=spec.slug).first()
            if existing is None:
                existing = self.existing_singleton(model)
            if existing is None:
                plan.sections_to_create.append(spec)
            elif existing.specific_class is model:
                self.report.pages_kept.append(existing)
            else:
                raise DemoConflict(
                    f"The page {describe(existing)}, but the demo needs "
                    f"{model_name(model)} at its slug ('{spec.slug}' under "
                    f"'{plan.home.title}'): change that page's slug or move it, "
                    "then run load_demo again."
                )

    @staticmethod
    def existing_singleton(model):
        """The page of a one-per-site type, if an editor made it under another slug.

        A second one would break the type's max_count, so the editor's is kept.
        """
        if getattr(model, "max_count", None) == 1:
            return model.objects.first()
        return None

    # Writing ------------------------------------------------------------------

    def load_snippets(self):
        for label, records in self.snippet_specs:
            model = apps.get_model(label)
            for record in records:
                self.snippets[(label, record["name"])] = self.get_or_create_snippet(
                    model, record
                )

    def get_or_create_snippet(self, model, record):
        snippet = model.objects.filter(name=record["name"]).first()
        if snippet is None and "number" in record:
            # Numbers are unique too: an editor's renamed principle keeps its place.
            snippet = model.objects.filter(number=record["number"]).first()
        if snippet is None:
            snippet = model.objects.create(**self.resolve(record))
            self.report.snippets_created[model] += 1
        return snippet

    def create_home(self, plan):
        # The welcome page holds the slug the home page takes, and the site cannot
        # be left without a root while it is deleted (deleting a site's root page
        # deletes the site), so the site briefly points at the tree root.
        tree_root = Page.get_first_root_node()
        plan.site.root_page = tree_root
        plan.site.save()
        plan.welcome_page.delete()
        self.report.replaced_welcome_page = True
        tree_root = Page.objects.get(pk=tree_root.pk)
        home = self.create_page(tree_root, self.home_spec)
        plan.site.root_page = home
        plan.site.save()
        return home

    def create_page(self, parent, spec):
        """Create the page and everything beneath it, live but not yet published."""
        model = apps.get_model(spec.model)
        page = model(title=spec.title, slug=spec.slug, **self.resolve(spec.fields))
        deferred = {}
        for name, values in spec.relations.items():
            if contains_page_ref(values):
                # The pages it names may not exist yet: set it when publishing.
                deferred[name] = values
            else:
                self.set_relation(page, name, values)
        parent.add_child(instance=page)
        self.created_pages.append((page, deferred))
        self.report.pages_created[model] += 1
        for child in spec.children:
            self.create_page(page, child)
        return page

    def publish_created_pages(self):
        for page, deferred in self.created_pages:
            for name, values in deferred.items():
                self.set_relation(page, name, values)
            page.save_revision().publish()

    def set_relation(self, page, name, values):
        relation = page._meta.get_field(name)
        values = self.resolve(values)
        if relation.many_to_many:
            getattr(page, name).set(values)
        else:
            children = [relation.related_model(**item) for item in values]
            # Orderables keep the content's order only if told it: modelcluster
            # leaves sort_order empty, and the database then returns any order.
            order_field = getattr(relation.related_model, "sort_order_field", None)
            if order_field:
                for position, child in enumerate(children):
                    setattr(child, order_field, position)
            setattr(page, name, children)

    # Resolving references -------------------------------------------------------

    def resolve(self, value):
        """The value with snippet and page references replaced by the objects."""
        if isinstance(value, SnippetRef):
            return self.snippets[(value.model, value.name)]
        if isinstance(value, PageRef):
            return self.find_page(value)
        if isinstance(value, dict):
            resolved = {key: self.resolve(item) for key, item in value.items()}
            return MISSING if MISSING in resolved.values() else resolved
        if isinstance(value, tuple):
            # A stream block as (block type, value): resolved, never shortened.
            return tuple(self.resolve(item) for item in value)
        if isinstance(value, list):
            resolved = [self.resolve(item) for item in value]
            return [item for item in resolved if item is not MISSING]
        return value

    def find_page(self, ref):
        page = self.home
        for slug in ref.slugs:
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                return MISSING
        page = page.specific
        return page if isinstance(page, apps.get_model(ref.model)) else MISSING


def contains_page_ref(value):
    if isinstance(value, PageRef):
        return True
    if isinstance(value, dict):
        return any(contains_page_ref(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_page_ref(item) for item in value)
    return False


__all__ = ["DemoConflict", "DemoLoader", "LoadReport"]
