"""The settings every package reads: one typed object, built once by the app factory.

This package imports nothing of ours, so web/, bot/, worker/, service/ and db/ may all
import it.
"""

from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
