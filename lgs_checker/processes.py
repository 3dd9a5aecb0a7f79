"""Processes under a process, read from /proc: what a stopping worker cluster must not leave behind
(the qcluster command) and what a benchmark counts. No Django, so scripts can import it."""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> list[int]:
    """Process ids under `pid`, from /proc (Linux); empty where /proc is not there."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found
