"""Running a `manage.py` command line inside the test process, as a shell would see it.

`run_manage("scrape", "Bolt", "--store", "nope")` goes through the same path as `manage.py` does
(manage.py's own argument renaming, the command's parser, `run_from_argv`), so the exit status and
what lands on stdout and stderr are what a script gets, a second and a half cheaper than a process
of its own. tests/test_command_line.py proves with real processes that they agree.
"""

from __future__ import annotations

import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from unittest import mock

from django.core.management import ManagementUtility
from django.core.management.base import BaseCommand
from django.db import connections

from tests.support.processes import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from manage import platform_settings_argument  # manage.py, at the repository's root


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return self.err.splitlines()


def run_manage(*args: str) -> Ran:
    argv = platform_settings_argument(["manage.py", *args])
    out, err = StringIO(), StringIO()
    # run_from_argv closes every database connection when the command ends, as a process about to
    # exit may; here that would end the test's own transaction. And it runs the system checks first,
    # which call_command skips too: they are the project's, not the command's, and they query every
    # database, the channel layer's included, which a test does not open.
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(connections, "close_all"), \
            mock.patch.object(BaseCommand, "check"):
        try:
            ManagementUtility(argv).fetch_command(argv[1]).run_from_argv(argv)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return Ran(code, out.getvalue(), err.getvalue())
