"""Where the app keeps its Settings, and the one way to read them back.

`create_app` builds the Settings once and installs them on the Flask app; everything else
asks `current_settings()` (inside an app or request context) or `current_settings(app)`.
"""

from __future__ import annotations

from flask import Flask, current_app

from config.settings import Settings

_EXTENSION = "settings"


def install_settings(app: Flask, settings: Settings) -> None:
    app.extensions[_EXTENSION] = settings


def current_settings(app: Flask | None = None) -> Settings:
    """The app's Settings: of `app`, or of the app handling this request or command."""
    return (current_app if app is None else app).extensions[_EXTENSION]
