"""`flask --app web leads ...`: the operator's privacy commands — erase, purge, export —
and the reports (web/cli_reports.py: digest, stats).

Each calls a verb of service/ (erasure, retention, export); none prints personal data
except `export`, which writes it to the folder or the CSV file it is given and says so,
and the digest's preview, which names the five leads that have waited longest.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from config import current_settings
from service.erasure import Reason, erase_and_flush, leads_for_address
from service.export import export_address
from service.export_csv import write_leads_csv
from service.retention import expired_leads, purge
from web.cli_reports import digest_command, stats_command


@click.group("leads", help="Erase, purge and export applicants' data; the digest and stats.")
def leads_cli() -> None:
    pass


leads_cli.add_command(digest_command)
leads_cli.add_command(stats_command)


@leads_cli.command("erase", help="Erase a lead by id, or every lead under --email.")
@click.argument("lead_id", type=int, required=False)
@click.option("--email", help="erase every lead under this address")
@with_appcontext
def erase_command(lead_id: int | None, email: str | None) -> None:
    if (lead_id is None) == (email is None):
        raise click.UsageError("give a lead id or --email, not both")
    database = current_app.extensions["db"]
    if email is not None:
        with database.reads() as session:
            ids = leads_for_address(session, email)
    else:
        ids = [lead_id]
    for one in ids:
        result = erase_and_flush(
            database.sessions, one, reason=Reason.OPERATOR, actor="cli", settings=current_settings()
        )
        click.echo(f"lead {one}: {'erased' if result.erased else 'already erased or unknown'}")
    if not ids:
        click.echo("no lead under that address")


@leads_cli.command("purge", help="Erase leads inactive longer than RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="list what would be erased (ids and ages)")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    settings, database = current_settings(), current_app.extensions["db"]
    if settings.retention_days <= 0:
        click.echo("RETENTION_DAYS is 0: leads are kept until erased by hand")
        return
    if dry_run:
        with database.reads() as session:
            expired = expired_leads(session, settings.retention_days)
    else:
        expired = purge(database, settings)
    verb = "would erase" if dry_run else "erased"
    for lead in expired:
        click.echo(f"lead {lead.lead_id}: inactive {lead.age_days:.1f} days")
    click.echo(f"{verb} {len(expired)} lead(s) older than {settings.retention_days:g} days")


@leads_cli.command(
    "export", help="Everything stored about an address (--email, --out), or every lead as CSV."
)
@click.option("--email", help="the address whose data to write to --out")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(email: str | None, out: Path | None, csv_file: Path | None) -> None:
    if csv_file is not None:
        if email or out:
            raise click.UsageError("--csv writes every lead: give it alone")
        _export_csv(csv_file)
        return
    if not (email and out):
        raise click.UsageError("give --email and --out, or --csv FILE")
    with current_app.extensions["db"].reads() as session:
        document = export_address(session, email, out)
    click.echo(f"wrote {len(document['leads'])} lead(s) to {out / 'export.json'}")
    click.echo(
        f"{out} now holds personal data: send it to the person over a safe channel, then delete it."
    )


def _export_csv(path: Path) -> None:
    # Owner-only from the first byte, whatever the umask; an existing file is narrowed.
    # A symbolic link is refused (O_NOFOLLOW): the rows would land wherever it points.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    os.fchmod(fd, 0o600)
    with (
        open(fd, "w", newline="", encoding="utf-8") as out,
        current_app.extensions["db"].reads() as session,
    ):
        count = write_leads_csv(session, out)
    click.echo(f"wrote {count} lead(s) to {path}")
    click.echo(
        f"{path} holds personal data (names, email addresses): keep it to the firm, "
        "and delete it when the report is done.",
        err=True,
    )
