#!/usr/bin/env bash
# Regenerate Fixtures/traces/*: venv /tmp/venv-otel with the pinned packages, both runs, expected.json.
set -euo pipefail
cd "$(dirname "$0")"
[ -x /tmp/venv-otel/bin/python ] || python3 -m venv /tmp/venv-otel
/tmp/venv-otel/bin/pip install -q -r requirements.txt
/tmp/venv-otel/bin/python gen_traces.py
/tmp/venv-otel/bin/python build_expected.py
find . -name __pycache__ -prune -exec rm -rf {} +
