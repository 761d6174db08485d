"""Counting fsync/fdatasync calls while a block runs, with perf (bench/sustained.py).

The web processes' calls on SQLite; the PostgreSQL server's on PostgreSQL (its own
processes sync, not ours). perf records only the two system calls' tracepoints, so
nothing else is slowed: strace stops the traced processes at every system call.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.memory import process_tree


@contextmanager
def counted(stack, wanted: bool):
    """[count] of fsync/fdatasync calls meanwhile, or [] when not `wanted` or without perf:
    the web processes' on SQLite, the PostgreSQL server's on PostgreSQL (its own
    processes sync, not ours). perf records the two system calls' tracepoints only, so
    nothing else is slowed (strace would stop the processes at every call)."""
    result: list[int] = []
    if not wanted or not shutil.which("perf"):
        yield result
        return
    postgresql = stack.database_url.startswith("postgresql")
    ours = set() if postgresql else set(process_tree(stack.web.process.pid))
    with tempfile.TemporaryDirectory(prefix="leads-perf-") as tmp:
        with _perf(Path(tmp)) as script:
            yield result
        lines = script.read_text().splitlines()
    result.append(sum(_counts(line, ours, postgresql) for line in lines))


@contextmanager
def _perf(tmp: Path):
    """Record the sync calls of every process while the block runs: perf starts paused,
    and the block starts once perf acknowledged "enable" (its start-up takes a second)."""
    control, ack, data = tmp / "control", tmp / "ack", tmp / "sync.perf"
    os.mkfifo(control)
    os.mkfifo(ack)
    events = "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync"
    command = ["perf", "record", "-q", "-a", "-D", "-1", "-e", events, "-o", str(data)]
    command.append(f"--control=fifo:{control},{ack}")
    recorder = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    to_perf, from_perf = os.open(control, os.O_RDWR), os.open(ack, os.O_RDWR)
    try:
        os.write(to_perf, b"enable\n")
        os.read(from_perf, 16)  # "ack"
        yield tmp / "script.txt"
    finally:
        os.write(to_perf, b"disable\n")
        os.read(from_perf, 16)
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=60)
        os.close(to_perf)
        os.close(from_perf)
    script = ["perf", "script", "-i", str(data), "-F", "comm,pid"]
    text = subprocess.run(script, capture_output=True, text=True).stdout
    (tmp / "script.txt").write_text(text)


def _counts(line: str, ours: set[int], postgresql: bool) -> bool:
    """Whether one `perf script` line (comm pid) is a sync by the processes measured."""
    fields = line.split()
    if len(fields) < 2 or not fields[-1].isdigit():
        return False
    return fields[0] == "postgres" if postgresql else int(fields[-1]) in ours
