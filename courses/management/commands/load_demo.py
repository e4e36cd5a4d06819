"""`python manage.py load_demo`: build the demo site, safely, as often as you like."""

from django.core.management.base import BaseCommand, CommandError

from courses.demo.loader import DemoConflict, DemoLoader


def counted(counter):
    """'2 countries, 1 organisation' from a Counter of models."""
    return ", ".join(
        f"{count} "
        f"{model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in counter.items()
    )


class Command(BaseCommand):
    """Load the demo snippets, events and course; keep whatever editors made."""

    help = (
        "Build the demo site: countries, organisations, innovation principles and "
        "strategies, a home page with events and a course. Pages and snippets that "
        "exist already are left as they are, so running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            report = DemoLoader().load()
        except DemoConflict as conflict:
            raise CommandError(f"Nothing was changed. {conflict}") from conflict

        if not report.changed:
            self.stdout.write("Demo content is already present; nothing changed.")
            return
        if report.replaced_welcome_page:
            self.stdout.write("Replaced Wagtail's welcome page with the home page.")
        if report.pages_created:
            total = sum(report.pages_created.values())
            self.stdout.write(
                f"Created {total} page{'s' if total != 1 else ''}: "
                f"{counted(report.pages_created)}."
            )
        if report.snippets_created:
            self.stdout.write(f"Created {counted(report.snippets_created)}.")
        for page in report.pages_kept:
            self.stdout.write(
                f"Kept the existing page '{page.title}' ({page.url_path}) and "
                "everything under it as it is."
            )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
