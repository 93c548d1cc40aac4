"""The store app's models: one class per table.

After a change, run `python manage.py makemigrations` then `python manage.py migrate`.
"""
