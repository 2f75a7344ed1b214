"""`python manage.py drf_create_token USERNAME` — issue an API token and print it once.

Same name and arguments as Django REST framework's command (which wrote the key in clear into the
database); here only the key's digest is stored and the token expires after API_TOKEN_DAYS.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from mashangdu.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print it (shown once; only its digest is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "-r", "--reset", action="store_true", help="revoke the user's other tokens first (they stop working)"
        )
        parser.add_argument("--days", type=int, default=None, help="validity in days (default: API_TOKEN_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1")
        if options["reset"]:
            ApiToken.objects.filter(user=user).delete()
        token, key = ApiToken.issue(user, days=options["days"])
        self.stdout.write(key)
        self.stderr.write(f"expires {localtime(token.expires_at):%Y-%m-%d %H:%M} (shown once; store it now)")
