"""The other games' real catalog data, `../shared/catalog-samples/` beside the repository (read its
README and each game's PROVENANCE.txt); never copied into the repository. From a git worktree the
folder sits beside the main checkout, so that one is tried second."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _samples() -> Path:
    beside = REPO.parent / "shared" / "catalog-samples"
    if beside.is_dir():
        return beside
    common = subprocess.run(["git", "rev-parse", "--git-common-dir"], cwd=REPO, capture_output=True, text=True)
    main = (REPO / common.stdout.strip()).resolve().parent if common.returncode == 0 else REPO
    return main.parent / "shared" / "catalog-samples"


CATALOG_SAMPLES = _samples()

# The files each game's loader reads in the tests, in the order a load takes them.
GAME_FILES = {
    "pokemon": ["pokemon/sets_en.json", "pokemon/cards_en_base1.json", "pokemon/cards_en_swsh1.json",
                "pokemon/cards_en_sv8pt5.json"],
    "lorcana": ["lorcana/LorcanaJSON_allCards.en.v2.3.5.HEAD-TRANSCRIBED.json", "lorcana/LorcanaJSON_setdata.1.json"],
    "onepiece": ["one-piece/sets_en.json", "one-piece/cards_en_op01.json", "one-piece/cards_en_st14.json"],
    "yugioh": ["yugioh/cardinfo.php_cardset-MaximumGold_first110.json"],
}


def game_files(game: str) -> list[str]:
    paths = [CATALOG_SAMPLES / name for name in GAME_FILES[game]]
    missing = [str(path) for path in paths if not path.is_file()]
    assert not missing, f"missing catalog samples {missing}: ../shared/catalog-samples must sit beside the repository"
    return [str(path) for path in paths]
