"""How fast is the exact buy plan, and how much does it save against the greedy plan?

    python bench/buy_plan.py                    # 50, 100, 200 cards × 10 and 30 stores
    python bench/buy_plan.py --store-cost 2.50 --max-stores 4 --seed 7
    python bench/buy_plan.py --mixed-wants      # half the cards wanted as "1 any + N of its printing"

Random but realistic lists: card prices spread like singles' (most under a dollar or two, a few
dozens of dollars), each store stocking about half of the cards in one to three conditions at its
own mark-up, a few copies each. The greedy plan buys every copy at the cheapest store that has it
and pays every store it touches. Prints solve time, whether the plan is proven optimal, the copies
it buys of those wanted, and the saving (with --max-stores the plan may buy fewer copies than the
greedy one, so its "saving" compares different baskets). Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from availability.buyplan.eligibility import AcceptablePrinting, PlanOffer, WantedCard  # noqa: E402
from availability.buyplan.solver import cheapest_everywhere, solve  # noqa: E402

CONDITION_DISCOUNT = {"NM": 1.0, "LP": 0.85, "MP": 0.7, "HP": 0.5}


def realistic_list(cards: int, stores: int, rng: random.Random) -> tuple[list[WantedCard], list[PlanOffer]]:
    wants, offers = [], []
    markups = [rng.uniform(0.85, 1.25) for _ in range(stores)]
    for c in range(cards):
        name = f"Card {c}"
        base = min(rng.lognormvariate(0.0, 1.3), 80.0)  # median $1, long tail
        wants.append(WantedCard(card=name, amount=rng.choice([1, 1, 1, 2, 4]),
                                min_condition=rng.choice(["", "", "LP", "NM"])))
        for s in range(stores):
            if rng.random() > 0.5:
                continue
            for condition in rng.sample(list(CONDITION_DISCOUNT), rng.randint(1, 3)):
                price = max(0.10, base * markups[s] * CONDITION_DISCOUNT[condition] * rng.uniform(0.9, 1.1))
                offers.append(PlanOffer(
                    store=f"store-{s:02d}", card=name, set_code="SET", collector_number=str(c), finish="nonfoil",
                    condition=condition, price=Decimal(f"{price:.2f}"), quantity=rng.choice([1, 1, 2, 3, 4, 8]),
                ))
    return wants, offers


def mixed_wants(wants: list[WantedCard], rng: random.Random) -> list[WantedCard]:
    """Half the cards wanted as two wants sharing their offers, as a player's "3 Lightning Bolt:
    1 any printing, 2 STA 42": one copy of any printing, and the card's amount of its own printing."""
    mixed = []
    for want in wants:
        if rng.random() < 0.5:
            number = want.card.split()[1]  # realistic_list's cards are "Card 7", printing SET 7
            mixed.append(WantedCard(want.card, 1, min_condition=want.min_condition))
            mixed.append(WantedCard(want.card, want.amount, printings=(AcceptablePrinting("SET", number),),
                                    min_condition=want.min_condition))
        else:
            mixed.append(want)
    return mixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-cost", type=Decimal, default=Decimal("5.00"))
    parser.add_argument("--max-stores", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--mixed-wants", action="store_true",
                        help='half the cards wanted as two wants: "1 any printing" and N of its printing')
    args = parser.parse_args()
    print(f"store cost {args.store_cost}, max stores {args.max_stores or 'any'}, seed {args.seed}"
          + (", mixed wants" if args.mixed_wants else ""))
    print(f"{'cards':>5} {'stores':>6} {'offers':>6} {'solve s':>8} {'optimal':>7} {'stores used':>11} "
          f"{'copies':>9} {'plan':>9} {'greedy':>9} {'saving':>8}")
    for cards in (50, 100, 200):
        for stores in (10, 30):
            wants, offers = realistic_list(cards, stores, random.Random(args.seed * 1000 + cards + stores))
            if args.mixed_wants:
                wants = mixed_wants(wants, random.Random(args.seed))
            started = time.perf_counter()
            plan = solve(wants, offers, args.store_cost, args.max_stores, time_limit=args.time_limit)
            seconds = time.perf_counter() - started
            greedy = cheapest_everywhere(wants, offers, args.store_cost)
            saving = greedy.total - plan.total
            copies = f"{plan.copies}/{sum(w.amount for w in wants)}"
            print(f"{cards:>5} {stores:>6} {len(offers):>6} {seconds:>8.2f} {str(plan.optimal):>7} "
                  f"{len(plan.stores_used):>11} {copies:>9} {plan.total:>9.2f} {greedy.total:>9.2f} "
                  f"{saving:>8.2f} ({saving / greedy.total:.0%})")


if __name__ == "__main__":
    main()
