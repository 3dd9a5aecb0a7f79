"""How much memory and time `load_catalog` needs on a Scryfall-sized file, and that a re-run is a no-op.

Generates a default_cards-shaped JSON array (200,000 printings by default, each object padded with
the fields Scryfall really sends, so the file is about as large as the real one) in a temporary
directory, migrates a scratch SQLite database there (DATA_DIR), runs `manage.py load_catalog` twice
in a child process and prints each run's peak RSS and wall time.

    .venv/bin/python bench/load_catalog.py [--printings 200000] [--keep]

Exits non-zero when the peak RSS passes --max-rss-mb (300) or the second run changes anything.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = "ka ri mo tha zel un dra vor sil na bel gor ith an ul mer esh tor lin quo fa".split()
LEGALITIES = "standard future historic timeless gladiator pioneer explorer modern legacy pauper vintage penny commander oathbreaker standardbrawl brawl alchemy paupercommander duel oldschool premodern predh".split()


def card_name(rng: random.Random, index: int) -> str:
    words = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(rng.randint(1, 3))
    ]
    return f"{' '.join(words)} {index}"


def scryfall_object(rng: random.Random, name: str, faces: list[str], set_code: str, number: int) -> dict:
    """A card object with roughly the fields (and so the size) of a real default_cards entry."""
    uid = f"{rng.getrandbits(128):032x}"
    uri = f"https://example.invalid/cards/{uid}"
    finishes = rng.choice([["nonfoil", "foil"], ["nonfoil"], ["foil"], ["nonfoil", "foil", "etched"]])
    card = {
        "object": "card", "id": uid, "oracle_id": uid[::-1], "multiverse_ids": [rng.randint(1, 600000)],
        "mtgo_id": rng.randint(1, 100000), "tcgplayer_id": rng.randint(1, 500000), "cardmarket_id": rng.randint(1, 700000),
        "name": name, "lang": "en", "released_at": f"20{rng.randint(0, 24):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "uri": uri, "scryfall_uri": uri + "?utm_source=api", "layout": "transform" if faces else "normal",
        "highres_image": True, "image_status": "highres_scan",
        "image_uris": {size: f"{uri}/{size}.jpg?1562" for size in ("small", "normal", "large", "png", "art_crop", "border_crop")},
        "mana_cost": "{2}{R}", "cmc": 3.0, "type_line": "Creature — Goblin Warrior",
        "oracle_text": "When this creature enters, it deals 2 damage to any target. " * rng.randint(1, 3),
        "power": "2", "toughness": "2", "colors": ["R"], "color_identity": ["R"], "keywords": ["Haste"],
        "legalities": {fmt: rng.choice(["legal", "not_legal"]) for fmt in LEGALITIES},
        "games": ["paper", "mtgo"] if rng.random() > 0.03 else ["arena"], "reserved": False,
        "foil": "foil" in finishes, "nonfoil": "nonfoil" in finishes, "finishes": finishes,
        "oversized": False, "promo": False, "reprint": rng.random() > 0.5, "variation": False,
        "set_id": f"{hash(set_code) & 0xFFFFFFFF:08x}", "set": set_code, "set_name": f"Set {set_code.upper()}",
        "set_type": "expansion", "set_uri": uri, "set_search_uri": uri, "scryfall_set_uri": uri,
        "rulings_uri": uri + "/rulings", "prints_search_uri": uri + "/prints",
        "collector_number": str(number) if rng.random() > 0.05 else f"{number}p",
        "digital": rng.random() < 0.02, "rarity": rng.choice(["common", "uncommon", "rare", "mythic"]),
        "flavor_text": "The spark that lights the forge also burns the smith.",
        "card_back_id": uid, "artist": "Some Artist", "artist_ids": [uid], "illustration_id": uid,
        "border_color": "black", "frame": "2015", "full_art": False, "textless": False, "booster": True,
        "story_spotlight": False, "edhrec_rank": rng.randint(1, 30000),
        "prices": {"usd": "0.25", "usd_foil": "1.10", "usd_etched": None, "eur": "0.20", "eur_foil": "0.90", "tix": "0.03"},
        "related_uris": {key: uri for key in ("gatherer", "tcgplayer_infinite_articles", "tcgplayer_infinite_decks", "edhrec")},
        "purchase_uris": {key: uri for key in ("tcgplayer", "cardmarket", "cardhoarder")},
    }
    if faces:
        card["card_faces"] = [{"object": "card_face", "name": face, "mana_cost": "{1}{U}"} for face in faces]
    return card


def generate(path: Path, printings: int, seed: int = 1) -> None:
    """Writes the array one object at a time, so generating is flat in memory too."""
    rng = random.Random(seed)
    card_count = max(1, printings // 6)
    set_count = max(1, printings // 400)
    names: list[tuple[str, list[str]]] = []
    for index in range(card_count):
        name = card_name(rng, index)
        if rng.random() < 0.05:
            back = card_name(rng, index)
            names.append((f"{name} // {back}", [name, back]))
        else:
            names.append((name, []))
    numbers = {f"s{i:03d}": 0 for i in range(set_count)}
    set_codes = list(numbers)
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for index in range(printings):
            set_code = rng.choice(set_codes)
            numbers[set_code] += 1
            name, faces = names[index % card_count] if index < card_count else rng.choice(names)
            out.write(("," if index else "") + json.dumps(scryfall_object(rng, name, faces, set_code, numbers[set_code])) + "\n")
        out.write("]\n")


def run_loader(env: dict, cards: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, output) of one `load_catalog` run in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", "load_catalog", "--file", str(cards)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = child.stdout.read() if child.stdout else ""
    # wait4 reports the peak RSS of this child alone (getrusage would mix in other children).
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"load_catalog failed ({child.returncode}):\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--printings", type=int, default=200_000)
    parser.add_argument("--max-rss-mb", type=float, default=300)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="lgs-bench-catalog-"))
    try:
        cards = scratch / "default-cards.json"
        started = time.perf_counter()
        generate(cards, args.printings)
        print(f"generated {args.printings:,} printings, {cards.stat().st_size / 2**20:,.0f} MB "
              f"in {time.perf_counter() - started:.1f}s")
        env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
        env["DATA_DIR"] = str(scratch)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

        failures = []
        for run in ("first", "second"):
            seconds, rss_mb, output = run_loader(env, cards)
            print(f"{run} run: {seconds:.1f}s, peak RSS {rss_mb:.0f} MB")
            print("  " + output.strip().replace("\n", "\n  "))
            if rss_mb > args.max_rss_mb:
                failures.append(f"{run} run peaked at {rss_mb:.0f} MB (limit {args.max_rss_mb:.0f} MB)")
        changed = [
            line for line in output.splitlines()
            if line.startswith(("sets:", "cards:", "printings:")) and "0 created, 0 updated," not in line
        ]
        if changed:
            failures.append(f"the second run changed rows: {changed}")
        if failures:
            raise SystemExit("FAILED: " + "; ".join(failures))
        print("OK")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
