"""`flask --app web db ...`: schema migrations with Alembic."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from db.migrate import current_revision, upgrade


@click.group("db", help="Manage the database schema.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Apply every pending migration.")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def upgrade_command(revision: str) -> None:
    from db import get_db

    engine = get_db().engine
    upgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine)} ({engine.url.render_as_string()})")


@db_cli.command("current", help="Show the applied revision.")
@with_appcontext
def current_command() -> None:
    from db import get_db

    click.echo(current_revision(get_db().engine) or "(empty database)")
