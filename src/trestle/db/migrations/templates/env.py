# Trestle drives Alembic from code: this file only hands over to it.
from alembic import context

from trestle.db.migrations.environment import run_environment

run_environment(context)
