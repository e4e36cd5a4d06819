"""Create the first administrator account if there is none, and print its password once."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser named 'admin' with a random password (or ADMIN_PASSWORD) "
        "unless a superuser exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=os.environ.get("ADMIN_USERNAME", "admin")
        )
        parser.add_argument(
            "--email", default=os.environ.get("ADMIN_EMAIL", "admin@localhost")
        )

    def handle(self, *args, username, email, **options):
        users = get_user_model().objects
        existing = users.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin account exists already: {existing.get_username()} "
                "(change its password with: python manage.py changepassword "
                f"{existing.get_username()})"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account. Log in at /admin/ as {username} "
                f"with password: {password}\n(Shown only now; change it with: "
                f"python manage.py changepassword {username})"
            )
        )
