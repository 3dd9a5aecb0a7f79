"""Latency of /cards/autocomplete on a catalog of 30,000 names.

Builds a scratch SQLite database in a temporary DATA_DIR, fills it with 30,000 generated card
names, and times requests through Django's test client (the whole request: session, user, query,
JSON). Prints p50 / p95 / max and the SQL queries per request, and how long resolving a misspelt
name ("did you mean ...?") takes on the same catalog.

    .venv/bin/python bench/autocomplete.py [--names 30000] [--requests 400]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = "ka ri mo tha zel un dra vor sil na bel gor ith an ul mer esh tor lin quo fa dûl jö".split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="lgs-bench-autocomplete-"))
    os.environ["DATA_DIR"] = str(scratch)
    for variable in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(variable, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgs_checker.settings")
    sys.path.insert(0, str(ROOT))
    try:
        run(args.names, args.requests)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(name_count: int, request_count: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from cards.catalog.models import Card, search_key
    from cards.catalog.validation import resolve_card

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    names = set()
    while len(names) < name_count:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(rng.randint(1, 4))]
        names.add(" ".join(words))
    Card.objects.bulk_create((Card(name=n, search_name=search_key(n)) for n in names), batch_size=2000)

    user = get_user_model().objects.create_user("bench", password="bench-password-123")
    client = Client()
    client.force_login(user)
    url = reverse("card_autocomplete")
    sample = sorted(names)
    queries = [rng.choice(sample)[: rng.randint(1, 6)] for _ in range(request_count)]
    queries += ["li", "bolt", "a", "dul", "zzz-nothing"]

    client.get(url, {"q": "warm"})
    timings = []
    for q in queries:
        started = time.perf_counter()
        response = client.get(url, {"q": q})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"q": "ka"})

    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{Card.objects.count():,} names, {len(timings)} requests")
    print(f"autocomplete: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms, "
          f"{len(captured)} SQL queries per request")

    typo_timings, suggested = [], 0
    for name in rng.sample(sample, 100):
        typo = name[:3] + name[4:]  # one letter dropped
        started = time.perf_counter()
        try:
            resolve_card(typo)
        except ValidationError as error:
            suggested += f'did you mean "{name}"' in error.messages[0]
        typo_timings.append((time.perf_counter() - started) * 1000)
    typo_timings.sort()
    print(f"did you mean: p50 {statistics.median(typo_timings):.1f} ms, p95 {typo_timings[94]:.1f} ms; "
          f"the intended name was suggested for {suggested} of 100 typos")


if __name__ == "__main__":
    main()
