#!/usr/bin/env bash
# `make lint`, and the first step of `make test`: ruff, then mypy (STYLE.md: type hints are
# checked). What mypy checks, and how strictly, is in pyproject.toml ([tool.mypy]).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
.venv/bin/ruff check .
.venv/bin/mypy
