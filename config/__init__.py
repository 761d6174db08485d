"""The settings every package reads: one typed object, built once by the app factory.

This package imports nothing of ours, so web/, bot/, worker/, service/ and db/ may all
import it. `current_settings()` reads the app's Settings back (config/current.py).
"""

from config.current import current_settings, install_settings
from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "current_settings", "install_settings", "load_settings"]
