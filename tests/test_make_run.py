"""`make run` as a newcomer uses it: the ports it serves on, and restarts that keep an admin's choices.

The commands are the Makefile's own (`make -n run` prints them without running them), so a change
to the Makefile is what is tested. The `manage.py` steps run in-process through the same path as
the shell's (tests/support/commandline.py); honcho's own code says which port each process gets.
"""

from __future__ import annotations

import shlex
import subprocess

import pytest
from django.urls import reverse
from honcho.environ import expand_processes, parse_procfile

from stores.models import Store
from tests.support.commandline import run_manage
from tests.support.processes import ROOT


def make_run_commands(**variables: str) -> list[list[str]]:
    """The commands `make run` would run with these variables, each split as the shell would."""
    printed = subprocess.run(
        ["make", "-n", "run", *(f"{name}={value}" for name, value in variables.items())],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    return [shlex.split(line) for line in printed.splitlines() if line.strip()]


def manage_steps(commands: list[list[str]]) -> list[list[str]]:
    """The `manage.py` steps among them, without the interpreter and manage.py."""
    return [command[command.index("manage.py") + 1:] for command in commands if "manage.py" in command]


def run_steps(steps: list[list[str]]) -> list[str]:
    outputs = []
    for step in steps:
        ran = run_manage(*step)
        assert ran.code == 0, (step, ran)
        outputs.append(ran.out)
    return outputs


# -- ports ------------------------------------------------------------------------------------------


def test_make_run_serves_the_web_and_the_sample_stores_on_the_ports_it_is_given():
    commands = make_run_commands(PORT="9000", SAMPLE_STORES_PORT="9876")
    assert ["register_sample_stores", "--url", "http://127.0.0.1:9876"] in manage_steps(commands)
    assert any("http://127.0.0.1:9000" in " ".join(command) for command in commands)  # the address it prints
    [honcho] = [command for command in commands if "honcho" in command]
    variables = dict(word.split("=", 1) for word in honcho[:honcho.index("honcho")])
    options = honcho[honcho.index("start") + 1:]
    procfile = parse_procfile((ROOT / options[options.index("-f") + 1]).read_text())
    port = int(options[options.index("--port") + 1])

    # What honcho hands each process, and what each process's command line makes of it.
    environments = {params.name.split(".")[0]: params.env for params in expand_processes(procfile.processes, port=port)}
    web = procfile.processes["web"].replace("$PORT", environments["web"]["PORT"])
    assert "daphne" in web and "--port 9000" in web
    assert "--port $SAMPLE_STORES_PORT" in procfile.processes["samplestores"]
    assert variables["SAMPLE_STORES_PORT"] == "9876"


def test_make_run_keeps_8000_and_8765_by_default():
    commands = make_run_commands()
    assert ["register_sample_stores", "--url", "http://127.0.0.1:8765"] in manage_steps(commands)
    [honcho] = [command for command in commands if "honcho" in command]
    assert "SAMPLE_STORES_PORT=8765" in honcho and honcho[-2:] == ["--port", "8000"]


# -- restarts ---------------------------------------------------------------------------------------


@pytest.fixture
def started(sample_store):
    """The database after a first `make run` (its release and registration steps), and those steps."""
    steps = manage_steps(make_run_commands(SAMPLE_STORES_PORT=str(sample_store.server_address[1])))
    assert [step[0] for step in steps] == ["release", "register_sample_stores"]
    run_steps(steps)
    return steps


@pytest.mark.django_db(databases="__all__")  # release migrates every database
def test_a_sample_store_disabled_in_the_admin_stays_disabled_with_its_settings_after_make_run(
    started, client, make_user
):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    shopify = Store.objects.get(slug="sample-shopify")
    client.post(reverse("admin:stores_store_changelist"), {"action": "disable", "_selected_action": [shopify.pk]})
    Store.objects.filter(pk=shopify.pk).update(settings={"products_per_page": 50}, requests_per_second=0.5)
    before = Store.objects.get(pk=shopify.pk)
    assert before.enabled is False

    outputs = run_steps(started)  # Ctrl-C, then `make run` again

    after = Store.objects.get(pk=shopify.pk)
    assert (after.enabled, after.settings, after.requests_per_second) == (False, {"products_per_page": 50}, 0.5)
    assert after.homepage == before.homepage and after.name == before.name
    assert "1 kept as an admin changed it" in outputs[-1]
    assert Store.objects.filter(slug__startswith="sample-", enabled=True).count() == 7


@pytest.mark.django_db(databases="__all__")
def test_a_directory_store_an_admin_edited_stays_as_edited_after_release(started):
    Store.objects.filter(slug="hairy-tarantula").update(
        name="Hairy Tarantula (downtown)", enabled=False, currency="USD", settings={"href_contains": "singles"}
    )
    outputs = run_steps(started)
    store = Store.objects.get(slug="hairy-tarantula")
    assert (store.name, store.enabled, store.currency, store.settings) == (
        "Hairy Tarantula (downtown)", False, "USD", {"href_contains": "singles"}
    )
    assert "store directory: 0 created, 0 updated" in outputs[0] and "1 kept as an admin changed it" in outputs[0]


@pytest.mark.django_db(databases="__all__")
def test_sample_stores_follow_the_server_to_another_port_except_what_an_admin_changed(started, sample_store):
    Store.objects.filter(slug="sample-woocommerce").update(homepage="http://shop.example:8080/woo")
    Store.objects.filter(slug="sample-conduct").update(enabled=False)
    moved = "http://127.0.0.1:9876"

    ran = run_manage("register_sample_stores", "--url", moved)

    assert ran.code == 0
    assert "8 sample stores at http://127.0.0.1:9876: 0 created, 7 updated, 0 unchanged, 1 kept" in ran.out
    shopify = Store.objects.get(slug="sample-shopify")
    assert shopify.homepage == f"{moved}/shopify"
    assert Store.objects.get(slug="sample-binderpos").settings["api_url"] == f"{moved}/binderpos-api"
    assert Store.objects.get(slug="sample-woocommerce").homepage == "http://shop.example:8080/woo"
    conduct = Store.objects.get(slug="sample-conduct")
    assert (conduct.enabled, conduct.homepage) == (False, f"{moved}/conduct")
