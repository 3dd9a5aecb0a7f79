#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def platform_settings_argument(argv: list[str]) -> list[str]:
    """`manage.py scrape … --settings '{"shop": …}'` passes a store's platform settings (JSON).

    Django reads every `--settings` as the settings module before any command runs, so for
    `scrape` the option is renamed to `--platform-settings` first.
    """
    if len(argv) < 2 or argv[1] != "scrape":
        return argv
    renamed = []
    for arg in argv:
        if arg == "--settings":
            arg = "--platform-settings"
        elif arg.startswith("--settings="):
            arg = "--platform-settings=" + arg.removeprefix("--settings=")
        renamed.append(arg)
    return renamed


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    sys.argv = platform_settings_argument(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
