#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: lint, types, tests with coverage.
# Works in a fresh clone on a fresh machine (it needs Python 3.11+ and PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"

# shellcheck source=scripts/services.sh
source scripts/services.sh

echo "== ruff"
.venv/bin/ruff check src tests benchmarks examples
.venv/bin/ruff format --check src tests benchmarks examples
echo "== mypy (strict, src/trestle)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest --cov --cov-report=term "$@"
echo "== pytest: the demo shop (examples/shop), as its own project"
(cd examples/shop && ../../.venv/bin/python -m pytest -p no:cacheprovider)
