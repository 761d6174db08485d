"""The privacy commands as an operator runs them: `flask --app web leads …` in its own
process, beside the real app process serving the form and the withdrawal page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.app_process import REPO_ROOT, AppProcess
from tests.support.http_client import apply, plain_body, request, wait_for
from tests.support.mail import parse
from tests.test_withdrawal import LINK


def emailed_link(app: AppProcess) -> str:
    """The withdrawal link of the first confirmation the app process wrote."""
    eml = wait_for(lambda: sorted(app.mail_dir.glob("*.eml")), "the confirmation", app)[0]
    return LINK.search(plain_body(parse(eml.read_bytes()))).group(0)


def flask_leads(app: AppProcess, *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "web", "leads", *args]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=app.env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_export_then_erase_from_the_command_line(tmp_path: Path):
    with AppProcess(tmp_path / "app") as app:
        apply(app, "Annie", "Easley", "annie@example.com")
        link = emailed_link(app)
        out = tmp_path / "export"
        said = flask_leads(app, "export", "--email", "annie@example.com", "--out", str(out))
        assert "holds personal data" in said
        (lead,) = json.loads((out / "export.json").read_text())["leads"]
        assert (lead["first_name"], lead["last_name"]) == ("Annie", "Easley")
        assert (out / lead["resumes"][0]["file"]).read_bytes().startswith(b"%PDF")
        assert f"lead {lead['id']}: erased" in flask_leads(
            app, "erase", "--email", "annie@example.com"
        )
        assert "erased 0 lead(s)" in flask_leads(app, "purge")
        response, body = request(app, "GET", "/withdraw/" + link.rsplit("/", 1)[1])
        assert response.status == 200 and b"Already withdrawn" in body and b"Annie" not in body
