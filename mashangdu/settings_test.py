"""Settings for the test suite: the real settings, read with test values for the environment.

Tests run with DEBUG off (production behaviour) but a test key, plain HTTP, no manifest for static
files, and django-q2 in synchronous mode so a queued job runs inside the test that queued it.
Values already in the environment win, so `DATABASE_URL=postgres://... make test` works.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 60)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("PERSONAL_DATA_KEY", "test-only-personal-data-key-" + "p" * 20)
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("Q_SYNC", "1")
os.environ.setdefault("NOTIFICATION_BACKENDS", "inbox,log")
# pytest-django's live_server runs in a thread beside sync Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from mashangdu.settings import *  # noqa: F403

# Hashing demo passwords at production strength would make up most of the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing

# The alias "replica" exists in every test run as a mirror of the test database (Django points it at the
# same database), with the router's switch off: only the tests that prove the routing turn it on
# (override_settings(READ_REPLICA=True)) and declare databases={"default", "replica"}. Whatever
# REPLICA_DATABASE_URL says, the suite never reads from a real replica.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = False
