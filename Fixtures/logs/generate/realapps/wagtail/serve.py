"""Serve the project with Django's development server (the server `runserver`
uses: django.core.servers.basehttp, access lines on the `django.server` logger),
single-threaded, without runserver's startup migration check, so the logs hold
only the driven requests. Usage: python serve.py PORT (from the project dir)."""
import sys

import django

django.setup()

from django.core.servers.basehttp import get_internal_wsgi_application, run  # noqa: E402

run("127.0.0.1", int(sys.argv[1]), get_internal_wsgi_application(), ipv6=False, threading=False)
