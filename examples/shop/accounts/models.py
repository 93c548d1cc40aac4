"""The accounts app keeps no tables of its own: users are trestle.auth's.

An email address is verified through a signed link (see verification.py), not a table of codes.
"""
