"""The Flask app factory: `create_app(config=None)` builds the whole app from one Settings.

Importing this package does nothing; `flask --app web ...` and
`gunicorn 'web:create_app()'` call the factory. Tests pass a dict of settings.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Settings, install_settings, load_settings
from config.instance import restrict_new_files
from config.logs import configure_logging


def create_app(config: dict | None = None) -> Flask:
    # Before anything is written: the instance folder, the key, the database, mail.
    restrict_new_files()
    configure_logging()
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    # app.debug is FLASK_DEBUG as Flask read it (the flask command loads .env first).
    settings = load_settings(config, Path(app.instance_path), debug=app.debug)
    app.instance_path = str(settings.instance_path)
    install_settings(app, settings)
    _configure_flask(app, settings)
    _init_packages(app)
    return app


def _configure_flask(app: Flask, settings: Settings) -> None:
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.leads_env == "testing",
        # The resume cap plus room for the text fields and multipart framing.
        MAX_CONTENT_LENGTH=settings.resume_max_bytes + 256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
    )
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)


def _init_packages(app: Flask) -> None:
    """Each package's one way in; web/ is the composition root that calls them all."""
    import bot
    import db
    import worker
    from web import brand, errors, form, health, privacy, resumes, security
    from web.uploads import FormRequest

    app.request_class = FormRequest

    db.init_app(app)
    worker.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(form.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(resumes.bp)
    form.init_app(app)
    privacy.init_app(app)
    brand.init_app(app)
    bot.init_app(app)
