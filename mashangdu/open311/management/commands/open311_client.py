"""`python manage.py open311_client NAME` — register a client system and print its api_key once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mashangdu.open311.models import ApiClient


class Command(BaseCommand):
    help = "Create an Open311 client system and print its api_key (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--contact", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        client = ApiClient(name=options["name"], contact=options["contact"])
        key = client.new_key()
        client.save()
        self.stdout.write(key)
