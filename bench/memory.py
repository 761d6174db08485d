"""Peak resident memory (VmHWM) of a process and everything it started."""

from __future__ import annotations

from pathlib import Path


def process_tree(root: int) -> list[int]:
    pids, queue = [], [root]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            queue += [int(child) for child in children.read_text().split()]
    return pids


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except FileNotFoundError:
        return None
    return None


def command_of(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return "?"
    return raw.strip()[:80]


def tree_peaks(root: int) -> list[dict]:
    return [
        {"pid": pid, "command": command_of(pid), "peak_rss_mb": peak_rss_mb(pid)}
        for pid in process_tree(root)
    ]
