"""Run `flask --app web worker` (or another flask command, such as `slack socket`) as a
separate process, beside an AppProcess."""

from __future__ import annotations

import subprocess

from tests.support.app_commands import REPO_ROOT, flask_command
from tests.support.app_process import STOP_TIMEOUT, AppProcess


class WorkerProcess:
    """`flask --app web worker` against the same database and services as `app`."""

    def __init__(
        self, app: AppProcess, name: str = "worker", command: tuple[str, ...] = ("worker",)
    ) -> None:
        self.app = app
        self.command = command
        self.log_path = app.tmp / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                flask_command(*self.command),
                cwd=REPO_ROOT,
                env=self.app.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def signal(self, sig: int) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def wait(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT * 4)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
