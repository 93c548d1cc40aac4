"""Configuration: default settings, loading, validation."""

from trestle.conf.settings import Settings as Settings
from trestle.conf.settings import SettingsError as SettingsError
