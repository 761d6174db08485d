"""One logging set-up (config/logs.py) for the app and the worker: INFO lines in one
format on stderr, once, and never over handlers somebody else installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO leads\.probe hello$", re.MULTILINE)


def python(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEADS_ENV": "testing"}
    env["INSTANCE_PATH"] = str(tmp_path / "instance")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_app_factory_logs_info_in_the_one_format_once(tmp_path: Path):
    stderr = python(
        "import logging\n"
        "from web import create_app\n"
        "create_app()\n"
        "create_app()  # a second app, or the worker command, sets nothing up twice\n"
        "logging.getLogger('leads.probe').info('hello')\n"
        "assert logging.getLogger('alembic.runtime.plugins').level == logging.WARNING\n",
        tmp_path,
    )
    assert len(LINE.findall(stderr)) == 1, stderr


def test_handlers_already_installed_are_left_alone(tmp_path: Path):
    stderr = python(
        "import logging, sys\n"
        "logging.basicConfig(stream=sys.stderr, format='theirs %(message)s', level='INFO')\n"
        "from config.logs import configure_logging\n"
        "configure_logging()\n"
        "logging.getLogger('leads.probe').info('hello')\n",
        tmp_path,
    )
    assert stderr.strip() == "theirs hello"
