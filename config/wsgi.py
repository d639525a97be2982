"""WSGI entry point (gunicorn config.wsgi)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections

from config.collector import settle_after_loading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Django imports the URLconf, and with it every view, on a worker's first request. Imported here
# instead, and loaded once by gunicorn's master (preload_app in gunicorn.conf.py), each worker is
# forked with the whole site in memory: a worker replaced after max_requests serves at once, where
# it used to spend a second of CPU importing (and, without bytecode files, compiling) the site.
import_module(settings.ROOT_URLCONF)
# Nothing above should have touched the database; if something did, a connection inherited by
# every forked worker would be shared between processes, so it is closed before the fork.
connections.close_all()

# What is loaded now lives as long as the worker: out of the garbage collector's reach, and the
# collector set to pause requests less often (config/collector.py).
settle_after_loading()
