"""What the app writes is for its owner alone: the instance folder 700; the SQLite database
with its -wal and -shm, the generated secret key and mail written as .eml files 600, from
the moment each is created, whatever umask the process was started with."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from config.instance import development_key, prepare_folder
from db.migrate import upgrade
from tests.support.form import post_application
from web import create_app

SHELL_UMASK = 0o022  # the usual login default: files 644, folders 755


@pytest.fixture
def shell_umask():
    """Run the test as a process started from a shell would: umask 022, restored after."""
    previous = os.umask(SHELL_UMASK)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_of_an_application_is_owner_only(tmp_path, shell_umask):
    instance = tmp_path / "var" / "instance"  # its parent does not exist yet either
    app = create_app(
        {
            "LEADS_ENV": "development",
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "",  # generated into instance/secret_key
            "SMTP_HOST": "",  # mail goes to instance/mail/*.eml
            "ATTORNEY_EMAIL": "attorney@example.com",
            "WORKER_IN_PROCESS": False,
            "SLACK_BOT_TOKEN": "",
            "SLACK_SIGNING_SECRET": "",
        }
    )
    engine = app.extensions["db"].engine
    try:
        upgrade(engine)
        assert post_application(app.test_client()).status_code == 303
        assert app.extensions["worker"].drain() == 2
        # The pool keeps a connection open, so -wal and -shm still exist here.
        files = {
            name: instance / name
            for name in ("leads.sqlite3", "leads.sqlite3-wal", "leads.sqlite3-shm", "secret_key")
        }
        files.update({path.name: path for path in (instance / "mail").glob("*.eml")})
        assert len(files) == 6, sorted(files)
        folders = [instance.parent, instance, instance / "mail"]
        assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
        assert {name: oct(mode(p)) for name, p in files.items()} == dict.fromkeys(files, "0o600")
    finally:
        engine.dispose()


def test_an_existing_instance_folder_is_tightened(tmp_path, shell_umask):
    folder = tmp_path / "instance"
    folder.mkdir(mode=0o755)
    assert mode(folder) == 0o755
    prepare_folder(folder)
    assert mode(folder) == 0o700


def race_for_the_key(folder: Path, contenders: int) -> list[str]:
    """`contenders` threads released at once, each asking for the key in `folder`."""
    starts = threading.Barrier(contenders)
    keys: list[str] = []

    def start() -> None:
        starts.wait()
        keys.append(development_key(folder))

    threads = [threading.Thread(target=start) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return keys


def test_apps_starting_at_once_all_get_the_winners_key(tmp_path, shell_umask):
    # Threads race on the file system as processes do. A loser of the O_EXCL race often
    # reads before the winner has written; many rounds make sure that moment comes.
    for round_ in range(20):
        folder = tmp_path / str(round_)
        folder.mkdir()
        keys = race_for_the_key(folder, 8)
        assert len(keys) == 8
        assert set(keys) == {(folder / "secret_key").read_text()}, f"round {round_}"
        assert mode(folder / "secret_key") == 0o600
