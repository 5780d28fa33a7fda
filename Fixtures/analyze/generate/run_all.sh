#!/bin/sh
# Regenerate the three logs and expected.json (run as root; needs /tmp/venv with Django + psycopg2
# and Debian's Rails 6.1 packages).  Intermediate per-request records go to /tmp.
set -e
cd "$(dirname "$0")"
/tmp/venv/bin/python gen_django.py postgres ../django-postgres.log /tmp/ql-analyze-django-postgres.json
/tmp/venv/bin/python gen_django.py sqlite ../django-sqlite.log /tmp/ql-analyze-django-sqlite.json
ruby gen_rails.rb ../rails-development.log /tmp/ql-analyze-rails.json
python3 build_expected.py /tmp/ql-analyze-django-postgres.json /tmp/ql-analyze-django-sqlite.json \
  /tmp/ql-analyze-rails.json ..
