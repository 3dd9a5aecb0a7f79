"""The cheapest way to buy a list across stores, as a mixed-integer program solved by HiGHS.

The model, in the plan's currency and in whole cents so the objective is exact:

    x[w,o]  copies for want w bought from offer o                  0 ≤ x ≤ min(amount_w, quantity_o)
    y[s]    binary, store s is used (its store cost is paid)

(x is whole at every vertex once the stores are chosen, so only y is declared integer: see _Model.)
    x[w,o] ≤ min(amount_w, quantity_o) · y[store of o]     nothing from a store not used
    Σ_{o at s} x[w,o] ≤ min(amount_w, Σ quantity_o) · y[s]  the same, per want and store (tighter)
    Σ_o x[w,o] ≤ amount_w                                  never more copies than wanted
    Σ_w x[w,o] ≤ quantity_o (for offers two wants share)   never more than the store has
    Σ_s y[s] ≤ max_stores                                  when the user sets a limit

A want is one of a card's wants ("2 STA 42", "1 any printing"): an offer that two wants accept may
serve both, each copy one of them (the per-offer row), so "any printing" takes what the others leave.

It is solved lexicographically, in two solves: first the most copies any plan can buy, then, with
the copies fixed at that number, the least Σ price·x + store_cost·Σ y. Two solves rather than one
weighted objective because a weight large enough to put copies first would be ~10^9 cents on big
lists, where the solver's floating-point tolerances stop telling a cent apart. With no store limit
the most copies of each card is known before the search (every store open), and fixing it per card
is a much tighter model than fixing the sum (`solve`).

Offers a plan could never use are dropped first: at one store, for one wanted card, only the
cheapest offers that together cover the amount can be worth buying (unless another wanted card
competes for them), which shrinks big lists several times before HiGHS sees them.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import highspy
import numpy as np

from availability.buyplan.eligibility import PlanOffer, WantedCard, eligible

DEFAULT_TIME_LIMIT = 10.0  # seconds, both solves together
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Purchase:
    want: WantedCard
    offer: PlanOffer
    quantity: int

    @property
    def cost(self) -> Decimal:
        return self.offer.price * self.quantity


@dataclass
class Plan:
    purchases: list[Purchase]
    store_cost: Decimal  # per store used
    missing: list[tuple[WantedCard, int]]  # copies no plan can get, per wanted card
    optimal: bool = True  # False: the time limit stopped the search; `gap` says how far it may be
    gap: float | None = None  # relative gap to the best bound when not optimal (None: no useful bound)
    seconds: float = 0.0
    stores_used: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.stores_used = sorted({p.offer.store for p in self.purchases})

    @property
    def copies(self) -> int:
        return sum(p.quantity for p in self.purchases)

    @property
    def items_total(self) -> Decimal:
        return sum((p.cost for p in self.purchases), Decimal("0"))

    @property
    def store_costs_total(self) -> Decimal:
        return self.store_cost * len(self.stores_used)

    @property
    def total(self) -> Decimal:
        return self.items_total + self.store_costs_total

    def by_store(self) -> dict[str, list[Purchase]]:
        stores: dict[str, list[Purchase]] = defaultdict(list)
        for purchase in self.purchases:
            stores[purchase.offer.store].append(purchase)
        return {store: stores[store] for store in self.stores_used}


def cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def eligible_pairs(wants: Sequence[WantedCard], offers: Sequence[PlanOffer]) -> list[tuple[int, int]]:
    """(want index, offer index) for every offer a wanted card accepts."""
    by_card: dict[str, list[int]] = defaultdict(list)  # only offers of the card can be eligible
    for o, offer in enumerate(offers):
        by_card[offer.card.casefold()].append(o)
    return [(w, o) for w, want in enumerate(wants) for o in by_card[want.card.casefold()] if eligible(want, offers[o])]


def candidate_pairs(wants: Sequence[WantedCard], offers: Sequence[PlanOffer]) -> list[tuple[int, int]]:
    """(want index, offer index) pairs worth a variable: eligible, and not dominated at their store."""
    accepted = eligible_pairs(wants, offers)
    wants_per_offer: dict[int, int] = defaultdict(int)
    for _w, o in accepted:
        wants_per_offer[o] += 1
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for w, o in accepted:
        groups[(w, offers[o].store)].append(o)
    kept = []
    for (w, _store), group in groups.items():
        if any(wants_per_offer[o] > 1 for o in group):
            kept.extend((w, o) for o in group)  # shared offers: keep all, the model sorts it out
            continue
        covered = 0
        for o in sorted(group, key=lambda o: offers[o].price):
            if covered >= wants[w].amount:
                break
            kept.append((w, o))
            covered += offers[o].copies
    return sorted(kept)


def solve(
    wants: Sequence[WantedCard],
    offers: Sequence[PlanOffer],
    store_cost: Decimal = Decimal("0"),
    max_stores: int | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan:
    """The plan buying the most wanted copies, and among those the cheapest (prices + store costs)."""
    started = time.monotonic()
    pairs = candidate_pairs(wants, offers)
    stores = sorted({offers[o].store for _w, o in pairs})
    if not pairs or max_stores == 0:
        return _plan(wants, [], store_cost, True, None, started)

    model = _Model(wants, offers, pairs, stores, max_stores)
    pair_cents = [cents(offers[o].price) for _w, o in pairs]
    if max_stores is None and not model.shared_offers:
        # Nothing links one card's copies to another's: each gets all the copies it can, so the
        # first solve is not needed, and fixing each card's copies is a much tighter model than
        # fixing the sum (several times faster on 100+ cards × 30 stores). The greedy plan gets
        # those copies too: the search starts from it, so a time limit never leaves us empty-handed.
        copies_status, copies_gap = True, None
        model.fix_copies_per_want_and_price(pair_cents, cents(store_cost))
        model.start_from(pairs, cheapest_everywhere(wants, offers, store_cost, candidates=pairs), wants, offers)
    elif max_stores is None:
        # Wants of one card share its offers (its "any printing" and its "STA 42"): with no limit on
        # stores, the most copies is each card's own most, found with every store open (a flow,
        # so a linear program whose solutions are whole); fixing each card's copies then keeps the
        # cost search as tight as above (200 cards × 30 stores, half of them with two wants, on a
        # loaded machine: proven in 8.7 s instead of unproven after 30 s). The cheapest plan with
        # every store open is the plan to beat.
        copies_status, copies_gap = True, None
        card_of_pair = [wants[w].card.casefold() for w, _o in pairs]
        model.fix_copies_per_card_and_price(card_of_pair, pair_cents, cents(store_cost),
                                            max(time_limit - (time.monotonic() - started), 1.0))
    else:
        allowed = _stores_with_most_copies(wants, offers, pairs, max_stores)
        start = cheapest_everywhere(wants, offers, store_cost, [(w, o) for w, o in pairs if offers[o].store in allowed])
        model.start_from(pairs, start, wants, offers)
        # The time limit counts from the call: choosing pairs and building the model spend it too.
        copies_status, copies_gap = model.run(max(time_limit - (time.monotonic() - started), 0.0))
        model.fix_copies_and_price(round(model.objective()), pair_cents, cents(store_cost))
    remaining = max(time_limit - (time.monotonic() - started), 0.1)
    cost_status, cost_gap = model.run(remaining)
    optimal = copies_status and cost_status
    gaps = [g for g in (copies_gap, cost_gap) if g is not None and math.isfinite(g)]
    gap = None if optimal or not gaps else max(gaps)  # None when not optimal: no bound worth quoting

    purchases = [
        Purchase(wants[w], offers[o], quantity)
        for (w, o), quantity in zip(pairs, model.pair_values(), strict=True)
        if quantity > 0
    ]
    return _plan(wants, purchases, store_cost, optimal, gap, started)


def _stores_with_most_copies(wants, offers, pairs, max_stores: int | None) -> set[str]:
    """The stores a first plan to beat buys from: all, or the `max_stores` that alone could sell
    the most wanted copies."""
    stores = {offers[o].store for _w, o in pairs}
    if max_stores is None or max_stores >= len(stores):
        return stores
    copies: dict[tuple[str, int], int] = defaultdict(int)
    for w, o in pairs:
        copies[(offers[o].store, w)] += offers[o].copies
    alone = {store: sum(min(n, wants[w].amount) for (s, w), n in copies.items() if s == store) for store in stores}
    return set(sorted(stores, key=lambda store: (-alone[store], store))[:max_stores])


def _plan(wants, purchases, store_cost, optimal, gap, started) -> Plan:
    bought: dict[int, int] = defaultdict(int)
    for purchase in purchases:
        bought[id(purchase.want)] += purchase.quantity
    missing = [(want, want.amount - bought[id(want)]) for want in wants if bought[id(want)] < want.amount]
    return Plan(purchases, store_cost, missing, optimal, gap, time.monotonic() - started)


class _Model:
    """The HiGHS model, built column by column from arrays (an expression per variable is too slow
    for 200 cards × 30 stores)."""

    def __init__(self, wants, offers, pairs, stores, max_stores) -> None:
        self.pair_count = len(pairs)
        self.stores = stores
        self.amounts = [wants[w].amount for w, _o in pairs]
        store_index = {store: i for i, store in enumerate(stores)}
        n = self.pair_count + len(stores)
        upper = np.array([min(wants[w].amount, offers[o].copies) for w, o in pairs] + [1] * len(stores), dtype=float)
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        # Costs are whole cents, so a gap under one cent is no gap: stop there, not at 0.01 %.
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("mip_abs_gap", 0.5)
        # Strong branching costs more than it saves on these models (most of the LP iterations on
        # 50 cards × 30 stores, for a tree of a few nodes): trust pseudo-costs from the start.
        self.highs.setOptionValue("mip_pscost_minreliable", 0)
        self.highs.addCols(n, np.ones(n), np.zeros(n), upper, 0, np.array([], dtype=np.int32),
                           np.array([], dtype=np.int32), np.array([], dtype=float))
        # Maximise copies first: cost 1 on every x, 0 on every y.
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), np.array([1.0] * self.pair_count + [0.0] * len(stores)))
        # Only the stores are yes/no. Once they are chosen, what is left is a transportation problem
        # (each row sums a card's offers, a card's offers at one store, or one offer's buyers: two
        # laminar families), whose basic solutions are whole numbers: so copies need not be integer
        # variables, and HiGHS branches on 30 stores instead of thousands of offers.
        self.highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                         np.array([highspy.HighsVarType.kContinuous] * self.pair_count
                                                  + [highspy.HighsVarType.kInteger] * len(stores)))
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)

        rows: list[tuple[float, float, list[int], list[float]]] = []
        at_store: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.columns_at_store: dict[int, list[int]] = defaultdict(list)
        for p, (w, o) in enumerate(pairs):  # x ≤ ub · y
            rows.append((-highspy.kHighsInf, 0.0, [p, self.pair_count + store_index[offers[o].store]], [1.0, -upper[p]]))
            at_store[(w, offers[o].store)].append(p)
            self.columns_at_store[store_index[offers[o].store]].append(p)
        # The same for all of a card's offers at a store together: implied for whole numbers, but it
        # tightens the relaxation (a half-open store cannot sell a whole copy of each of two
        # offers), which halves the solve time on 100 cards × 30 stores.
        for (w, store), columns in at_store.items():
            if len(columns) > 1:
                cap = min(wants[w].amount, sum(upper[p] for p in columns))
                rows.append((-highspy.kHighsInf, 0.0, [*columns, self.pair_count + store_index[store]],
                             [1.0] * len(columns) + [-cap]))
        by_want: dict[int, list[int]] = defaultdict(list)
        by_offer: dict[int, list[int]] = defaultdict(list)
        for p, (w, o) in enumerate(pairs):
            by_want[w].append(p)
            by_offer[o].append(p)
        for w, columns in by_want.items():
            if sum(upper[p] for p in columns) > wants[w].amount:
                rows.append((-highspy.kHighsInf, float(wants[w].amount), columns, [1.0] * len(columns)))
        self.by_want = by_want
        self.upper = upper
        self.shared_offers = any(len(columns) > 1 for columns in by_offer.values())
        for o, columns in by_offer.items():
            if len(columns) > 1:
                rows.append((-highspy.kHighsInf, float(offers[o].copies), columns, [1.0] * len(columns)))
        if max_stores is not None and max_stores < len(stores):
            columns = list(range(self.pair_count, n))
            rows.append((-highspy.kHighsInf, float(max_stores), columns, [1.0] * len(columns)))
        self._add_rows(rows)

    def _add_rows(self, rows) -> None:
        starts, indices, values = [], [], []
        for _low, _high, columns, coefficients in rows:
            starts.append(len(indices))
            indices.extend(columns)
            values.extend(coefficients)
        self.highs.addRows(
            len(rows), np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), len(indices),
            np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32), np.array(values, dtype=float),
        )

    def run(self, time_limit: float) -> tuple[bool, float | None]:
        """Solve; (proven optimal?, relative gap when not)."""
        self.highs.setOptionValue("time_limit", float(time_limit))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return True, None
        if self.highs.getInfo().primal_solution_status != highspy.kSolutionStatusFeasible:
            raise RuntimeError(f"the buy plan solver found no plan: {self.highs.modelStatusToString(status)}")
        return False, float(self.highs.getInfo().mip_gap)

    def objective(self) -> float:
        return self.highs.getInfo().objective_function_value

    def fix_copies_and_price(self, copies: int, pair_cents: list[int], store_cents: int) -> None:
        """Second solve: at least `copies` copies, at the least cost, starting from the first plan."""
        start = self.highs.getSolution()
        self._add_rows([(float(copies), highspy.kHighsInf, list(range(self.pair_count)), [1.0] * self.pair_count)])
        self._minimise(pair_cents, store_cents)
        self.highs.setSolution(start)

    def fix_copies_per_want_and_price(self, pair_cents: list[int], store_cents: int) -> None:
        """The only solve when cards do not compete: each card exactly the copies it can get."""
        rows = []
        for columns in self.by_want.values():
            copies = float(min(self.amounts[columns[0]], sum(self.upper[p] for p in columns)))
            rows.append((copies, copies, columns, [1.0] * len(columns)))
        self._add_rows(rows)
        self._minimise(pair_cents, store_cents)

    def fix_copies_per_card_and_price(self, card_of_pair: list[str], pair_cents: list[int], store_cents: int,
                                      lp_time_limit: float) -> None:
        """The only search when a card's wants share offers and any store may be used: two linear
        programs with every store open (each card's most copies; then the cheapest way to get them,
        the plan to beat), then each card's copies fixed and the stores left to choose."""
        stores = np.arange(self.pair_count, self.highs.getNumCol(), dtype=np.int32)
        ones, zeros = np.ones(len(stores)), np.zeros(len(stores))
        self.highs.changeColsBounds(len(stores), stores, ones, ones)
        self.run(lp_time_limit)
        values = self.highs.getSolution().col_value
        by_card: dict[str, list[int]] = defaultdict(list)
        for p, card in enumerate(card_of_pair):
            by_card[card].append(p)
        rows = []
        for columns in by_card.values():
            copies = float(round(sum(values[p] for p in columns)))
            rows.append((copies, copies, columns, [1.0] * len(columns)))
        self._add_rows(rows)
        self._minimise(pair_cents, 0)
        self.run(lp_time_limit)
        start = list(self.highs.getSolution().col_value)
        open_stores = {j for j in range(len(stores))
                       if any(start[p] > 0.5 for p in self.columns_at_store.get(j, ()))}
        for j in range(len(stores)):
            start[self.pair_count + j] = 1.0 if j in open_stores else 0.0
        self.highs.changeColsBounds(len(stores), stores, zeros, ones)
        self._minimise(pair_cents, store_cents)
        if all(abs(v - round(v)) < 1e-6 for v in start[:self.pair_count]):
            solution = highspy.HighsSolution()
            solution.col_value = start
            solution.value_valid = True
            self.highs.setSolution(solution)

    def _minimise(self, pair_cents: list[int], store_cents: int) -> None:
        n = self.highs.getNumCol()
        costs = np.array(pair_cents + [store_cents] * (n - self.pair_count), dtype=float)
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMinimize)

    def start_from(self, pairs, plan: Plan | None, wants, offers) -> None:
        """Give the search a plan to beat (none: buy nothing)."""
        index = {(id(wants[w]), id(offers[o])): p for p, (w, o) in enumerate(pairs)}
        store_index = {store: i for i, store in enumerate(self.stores)}
        values = np.zeros(self.highs.getNumCol())
        for purchase in plan.purchases if plan else []:
            values[index[(id(purchase.want), id(purchase.offer))]] = purchase.quantity
            values[self.pair_count + store_index[purchase.offer.store]] = 1
        start = highspy.HighsSolution()
        start.col_value = list(values)
        start.value_valid = True
        self.highs.setSolution(start)

    def pair_values(self) -> list[int]:
        values = self.highs.getSolution().col_value
        if any(abs(values[p] - round(values[p])) > 1e-6 for p in range(self.pair_count)):
            values = self._whole_copies(values)
        return [round(values[p]) for p in range(self.pair_count)]

    def _whole_copies(self, values) -> list[float]:
        """A plan the solver ended with off a vertex (a heuristic's, say) may split copies: keep its
        stores and solve again for whole copies, a small problem with the stores fixed."""
        n = self.highs.getNumCol()
        stores = np.arange(self.pair_count, n, dtype=np.int32)
        chosen = np.array([round(values[i]) for i in stores], dtype=float)
        self.highs.changeColsBounds(len(stores), stores, chosen, chosen)
        self.highs.changeColsIntegrality(self.pair_count, np.arange(self.pair_count, dtype=np.int32),
                                         np.array([highspy.HighsVarType.kInteger] * self.pair_count))
        self.highs.setOptionValue("time_limit", highspy.kHighsInf)
        self.highs.run()
        return self.highs.getSolution().col_value


def cheapest_everywhere(
    wants: Sequence[WantedCard], offers: Sequence[PlanOffer], store_cost: Decimal = Decimal("0"),
    candidates: Sequence[tuple[int, int]] | None = None,
) -> Plan:
    """The greedy plan: every copy at the cheapest store that has it, whatever the store costs add up
    to. The plan page compares the solved plan with it ("what it saves"). `candidates`, the solver's
    (want, offer) pairs, saves checking every offer against every want again."""
    started = time.monotonic()
    left = {i: offer.copies for i, offer in enumerate(offers)}
    if candidates is None:
        candidates = eligible_pairs(wants, offers)
    by_want: dict[int, list[int]] = defaultdict(list)
    for w, o in candidates:
        by_want[w].append(o)
    purchases = []
    for w, want in enumerate(wants):
        needed = want.amount
        for i in sorted(by_want[w], key=lambda i: offers[i].price):
            take = min(needed, left[i])
            if take:
                purchases.append(Purchase(want, offers[i], take))
                left[i] -= take
                needed -= take
            if not needed:
                break
    return _plan(wants, purchases, store_cost, True, None, started)


def best_single_store(
    wants: Sequence[WantedCard], offers: Sequence[PlanOffer], store_cost: Decimal = Decimal("0"),
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan | None:
    """The best plan at one store (the most copies, then the cheapest), for the plan page's "what it
    saves against the best single store"; None when no store has anything wanted."""
    pairs = eligible_pairs(wants, offers)
    if len({o for _w, o in pairs}) < len(pairs):
        # Two wants share an offer (a card's "any printing" and its STA 42): the solver shares it.
        return solve(wants, offers, store_cost, max_stores=1, time_limit=time_limit)
    at_store: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for w, o in pairs:
        at_store[offers[o].store].append((w, o))
    # At one store and with no offer shared, cheapest first per card is the best plan.
    plans = [cheapest_everywhere(wants, offers, store_cost, candidates) for candidates in at_store.values()]
    return min(plans, key=lambda plan: (-plan.copies, plan.total), default=None)
