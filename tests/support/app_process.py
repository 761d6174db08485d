"""Run the real app (`flask --app web run`) as a separate process for end-to-end tests.

    with AppProcess(tmp_path, {"SMTP_HOST": "127.0.0.1"}) as app:
        urllib.request.urlopen(app.base_url + "/healthz")

`AppProcess` migrates a fresh SQLite database under the given directory, serves the app
on a free loopback port and waits until GET /healthz answers 200. The process's stdout
and stderr go to `<tmp>/app.log`; any failure to start raises `AppProcessError` with
that log. On exit the server gets SIGTERM, then SIGKILL after five seconds.

The app's own settings variables (SMTP_HOST, ATTORNEY_EMAIL, ...) are removed from the
inherited environment so that a developer's shell cannot change what a test sees; pass
what a test needs in `env`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from tests.support.app_commands import REPO_ROOT, app_environment, flask_command, server_command
from tests.support.ports import free_port

START_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0
MIGRATE_TIMEOUT = 60.0
# Loopback requests must never go through an http_proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AppProcessError(RuntimeError):
    """The app could not be migrated or started; the message includes its output."""


class AppProcess:
    """The app served by `flask run` in a child process, for the length of a `with` block."""

    def __init__(
        self,
        tmp: Path,
        env: dict[str, str] | None = None,
        *,
        leads_env: Literal["testing", "development"] = "testing",
        start_timeout: float = START_TIMEOUT,
        gunicorn_workers: int | None = None,
        gunicorn_args: tuple[str, ...] = (),
        root: Path = REPO_ROOT,
    ) -> None:
        self.tmp = Path(tmp)
        # The source tree the commands run in: another checkout of the app (an older
        # commit, for a before/after benchmark) when given; its PYTHONPATH is the caller's.
        self.root = Path(root)
        self.instance_path = self.tmp
        self.mail_dir = self.tmp / "mail"
        self.log_path = self.tmp / "app.log"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.start_timeout = start_timeout
        self.env = app_environment(self.tmp, leads_env, env or {})
        self.gunicorn_workers = gunicorn_workers
        self.gunicorn_args = tuple(gunicorn_args)
        self.process: subprocess.Popen[bytes] | None = None

    # -- the context manager ----------------------------------------------------------

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._migrate()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                server_command(self.port, self.gunicorn_workers, self.gunicorn_args),
                cwd=self.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so kill() reaches workers
            )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to the server and every process it started (gunicorn's workers)."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(STOP_TIMEOUT * 4)

    def output(self) -> str:
        """Everything the migration and the server wrote so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # -- helpers ----------------------------------------------------------------------

    def _migrate(self) -> None:
        with self.log_path.open("ab") as log:
            try:
                result = subprocess.run(
                    flask_command("db", "upgrade"),
                    cwd=self.root,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=MIGRATE_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise AppProcessError(self._failure("`flask db upgrade` timed out")) from None
        if result.returncode != 0:
            raise AppProcessError(
                self._failure(f"`flask db upgrade` exited with {result.returncode}")
            )

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise AppProcessError(self._failure(f"the server exited with {code}"))
            try:
                with _DIRECT.open(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
                    last_error = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                last_error = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.1)
        raise AppProcessError(
            self._failure(
                f"GET /healthz did not answer 200 within {self.start_timeout:.0f} s ({last_error})"
            )
        )

    def _failure(self, what: str) -> str:
        return f"{what}; output from {self.log_path}:\n{self.output()}"
