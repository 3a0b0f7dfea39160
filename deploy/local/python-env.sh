#!/usr/bin/env bash
# Creates .venv with the dependencies pinned in pyproject.toml; does nothing when it is current.
source "$(dirname "$0")/common.sh"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
    || fail "Python 3.11 is required (found $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11"
stamp="$ROOT/.venv/.installed"
if [ -f "$stamp" ] && [ "$stamp" -nt "$ROOT/pyproject.toml" ]; then exit 0; fi
say "creating .venv and installing the pinned dependencies"
[ -x "$ROOT/.venv/bin/python" ] || "$PY" -m venv "$ROOT/.venv"
"$ROOT/.venv/bin/pip" install -q --disable-pip-version-check -e "$ROOT[dev]" \
    || fail "pip install failed (is PyPI reachable?)"
touch "$stamp"
