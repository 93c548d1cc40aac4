#!/usr/bin/env bash
# Sets everything up and runs Trestle Shop, the demo site, on http://127.0.0.1:8000
# (Ctrl-C stops it): a virtual environment in .venv, Trestle installed into it, the shop's
# SQLite database migrated and seeded. Running it again reuses all of that.
# Needs Python 3.11+ and PyPI. HOST and PORT change where it listens; DATABASE_URL
# (postgresql://...) serves the shop from PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

if [ ! -x .venv/bin/python ]; then
  echo "== Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
echo "== Installing Trestle into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[postgres]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi

cd examples/shop
echo "== Migrating the database"
../../.venv/bin/python manage.py migrate
echo "== Adding the demo data"
../../.venv/bin/python manage.py seed
echo "== Trestle Shop: http://${HOST}:${PORT}/ (the admin: http://${HOST}:${PORT}/admin/)"
exec ../../.venv/bin/python manage.py runserver --host "$HOST" --port "$PORT"
