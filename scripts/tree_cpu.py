"""Run a command and print its wall seconds and the CPU seconds of its whole process tree.

    .venv/bin/python scripts/tree_cpu.py .venv/bin/python -m pytest tests/test_browser.py

`/usr/bin/time` counts only the children a process waited for, and Chromium's page processes are
not waited for up to pytest: around one walk of 24 pages it gave 19 CPU-seconds where this gave
69. This reads /proc every quarter second and keeps each descendant's last user + system time
(a process's last quarter second before it ends can be missed). Linux only; a measuring aid,
never a test."""
from __future__ import annotations

import os
import subprocess
import sys
import time


def processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, CPU clock ticks so far, start time) for every process readable now."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = open(f"/proc/{name}/stat", encoding="utf-8").read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        out[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), fields[19])
    return out


def descendants(root: int, table: dict) -> set[int]:
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _, _) in table.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.time()
    proc = subprocess.Popen(argv)
    ticks: dict[tuple[int, str], int] = {}  # (pid, start time): a reused pid is another process
    while proc.poll() is None:
        table = processes()
        for pid in descendants(proc.pid, table) & table.keys():
            key = (pid, table[pid][2])
            ticks[key] = max(ticks.get(key, 0), table[pid][1])
        time.sleep(0.25)
    cpu = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    print(f"tree_cpu: {cpu:.1f} CPU-seconds, {time.time() - start:.1f} s wall, exit {proc.returncode}",
          file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
