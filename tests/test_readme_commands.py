"""The README's command-line examples run as printed and print what it shows.

Every `manage.py` line in a README code block must be an example in a `console` block: `$ ` and the
command line (continued with a trailing backslash), then what it prints, stdout then stderr as a
terminal shows them. A command that fails is written `… || echo "exit $?"`, so its status shows as
the shell would print it; one written without it must exit 0. In what is shown, a line `…` stands
for any lines and `…` within a line for any text. A code block whose info string names a file
(```` ```json wants.json ````) is that file, saved beside the commands.

The examples run against the test's own sample store server and the sample catalog, as on a laptop
while `make run` runs, the README's address of the sample stores (127.0.0.1:8765) standing for the
server's; in-process, through the path a shell's command takes (tests/support/commandline.py).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.commandline import run_manage
from tests.support.processes import ROOT

README = ROOT / "README.md"
SAMPLE_STORES = "127.0.0.1:8765"  # where the README's sample stores are: `make run`'s default
FAILS = ' || echo "exit $?"'
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PREFIXES = (["python", "manage.py"], [".venv/bin/python", "manage.py"], ["manage.py"])


@dataclass(frozen=True)
class Example:
    command: str  # as printed, after "$ "
    shown: list[str]  # what the README shows it printing

    @property
    def fails(self) -> bool:
        return self.command.endswith(FAILS)

    def arguments(self) -> list[str]:
        words = shlex.split(self.command.removesuffix(FAILS))
        prefix = next((p for p in PREFIXES if words[:len(p)] == p), None)
        assert prefix is not None, f"not a manage.py command line: {self.command}"
        return words[len(prefix):]


def code_blocks(text: str) -> list[tuple[str, str]]:
    return [(info.strip(), body) for info, body in FENCE.findall(text)]


def example_files(text: str) -> dict[str, str]:
    """The blocks that are files: their info string's second word names them."""
    return {info.split()[1]: body for info, body in code_blocks(text) if len(info.split()) == 2}


def examples(text: str) -> list[Example]:
    found = []
    for info, body in code_blocks(text):
        lines = body.splitlines()
        if info != "console":
            assert not any("manage.py" in line for line in lines), f"a manage.py line outside an example:\n{body}"
            continue
        while lines:
            command = lines.pop(0)
            assert command.startswith("$ "), f"a console block starts with a command: {command}"
            command = command[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            shown = []
            while lines and not lines[0].startswith("$ "):
                shown.append(lines.pop(0))
            found.append(Example(command, shown))
    return found


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the lines printed are the lines shown, `…` standing for what is left out."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "…"
        else ".*".join(re.escape(part) for part in line.rstrip().split("…")) + r"\n"
        for line in shown
    )
    return re.fullmatch(pattern, "".join(line.rstrip() + "\n" for line in printed)) is not None


README_EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_of_the_commands_a_newcomer_runs_first():
    commands = {example.arguments()[0] for example in README_EXAMPLES}
    assert {"scrape", "check_store", "add_store", "parse_list", "buy_plan"} <= commands
    assert any(example.fails for example in README_EXAMPLES)


def test_the_examples_parser_reads_what_the_readme_shows():
    text = '```json wants.json\n[]\n```\n```console\n$ manage.py buy_plan \\\n    --json\n{\n…\n}\n```\n'
    assert example_files(text) == {"wants.json": "[]\n"}
    [example] = examples(text)
    assert (example.arguments(), example.shown) == (["buy_plan", "--json"], ["{", "…", "}"])
    assert matches(["{", "…", "}"], ["{", '  "a": 1,', '  "b": 2', "}"])
    assert matches(["error: … (HTTP 404)…"], ["error: x: not found (HTTP 404); check it"])
    assert not matches(["total 12.00 USD"], ["total 12.50 USD"])
    assert not matches(["a"], ["a", "b"])  # nothing printed beyond what is shown, unless `…` says so


@pytest.mark.parametrize("example", README_EXAMPLES, ids=[e.command[:60] for e in README_EXAMPLES])
@pytest.mark.django_db
def test_a_readme_example_runs_as_printed(example, catalog, sample_store, tmp_path, monkeypatch):
    assert run_manage("register_sample_stores", "--url", sample_store.url).code == 0
    for name, content in example_files(README.read_text(encoding="utf-8")).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    server = sample_store.url.removeprefix("http://")

    ran = run_manage(*(argument.replace(SAMPLE_STORES, server) for argument in example.arguments()))

    assert ran.code == 0 or example.fails, f"the README shows it succeed, but it exited {ran.code}:\n{ran.err}"
    printed = (ran.out + ran.err).replace(server, SAMPLE_STORES).splitlines()
    if ran.code != 0:
        printed.append(f"exit {ran.code}")  # what `|| echo "exit $?"` prints
    assert matches(example.shown, printed), "\n".join(["shown:", *example.shown, "printed:", *printed])


def test_example_files_are_written_where_the_commands_run(tmp_path: Path):
    files = example_files(README.read_text(encoding="utf-8"))
    named = {argument for example in README_EXAMPLES for argument in example.arguments()}
    assert set(files) <= named, "a file the README shows that no example uses"
