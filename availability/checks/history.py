"""A tracked card's history at the user's stores: the best price of each check and the periods it
was in stock, laid out as inline SVG charts (drawn by checks/_price_chart.html),
and the checks behind it. Only the printings the user wants (their specs) count.

Prices of two currencies never share an axis: there is one chart per currency, each with its own
price scale labelled with its code, and a store priced in two currencies over time draws a line
in each (`price_charts`). Without exchange rates, CLP 750 and USD 0.75 cannot be drawn together
honestly: on one axis the USD line sits at 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from availability.checks.latest import last_seen
from availability.checks.models import DailyPrice, Offer, StoreCheck
from availability.money.prices import format_price
from availability.preferences.times import local_day, local_time
from cards.wishlist.models import CardSpec, TrackedCard
from cards.wishlist.wanted import wanted_offers, wanted_printing
from stores.models import Store

# Distinguishable for the colour-blind (Okabe–Ito), one per store; repeats after eight stores.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


@dataclass(frozen=True)
class Point:
    at: datetime
    price: Decimal | None  # None: the check found none of the wanted printings in stock
    currency: str = ""


@dataclass
class StoreHistory:
    store: Store
    currency: str
    points: list[Point] = field(default_factory=list)

    def in_stock_periods(self) -> list[tuple[datetime, datetime]]:
        """From each check that found it to the next that did not (or the last check)."""
        periods, start = [], None
        for point in self.points:
            if point.price is not None and start is None:
                start = point.at
            elif point.price is None and start is not None:
                periods.append((start, point.at))
                start = None
        if start is not None:
            periods.append((start, self.points[-1].at))
        return periods

    def currencies(self) -> list[str]:
        """The currencies its prices were in, or the store's own when it never had a price."""
        found = dict.fromkeys(p.currency or self.currency for p in self.points if p.price is not None)
        return list(found) or [self.currency]

    def in_currency(self, currency: str) -> StoreHistory:
        """The same checks, with only the prices in `currency` (others leave a gap in the line)."""
        points = [p if (p.currency or self.currency) == currency else Point(p.at, None) for p in self.points]
        return StoreHistory(self.store, currency, points)


def best_offer(offers: Iterable, specs: Sequence[CardSpec]):
    return min(wanted_offers(offers, specs), key=lambda o: o.price, default=None)


def store_histories(tracked: TrackedCard, stores: Sequence[Store], since: datetime) -> list[StoreHistory]:
    """Per store, the best wanted price of every non-error check since `since` (the one standing at
    `since` included), oldest first, after the daily points of folded days, up to when the last
    answer was last confirmed (four queries)."""
    specs = list(tracked.specs.all())
    good = StoreCheck.objects.filter(card_id=tracked.card_id).exclude(status=StoreCheck.Status.ERROR)
    # History is written only on change: the answer standing at `since` is the last one before it.
    standing = good.filter(store=OuterRef("store"), checked_at__lt=since).order_by("-checked_at", "-pk").values("pk")[:1]
    in_range = good.filter(store__in=stores).filter(Q(checked_at__gte=since) | Q(pk=Subquery(standing)))
    checks = [
        (pk, store_id, max(checked_at, since))
        for pk, store_id, checked_at in in_range.order_by("checked_at", "pk").values_list("pk", "store_id", "checked_at")
    ]
    offers = defaultdict(list)
    for offer in Offer.objects.filter(store_check__in=in_range.values("pk")).only(
        "store_check_id", "set_code", "collector_number", "finish", "price", "currency", "quantity"
    ):
        offers[offer.store_check_id].append(offer)
    histories = {store.pk: StoreHistory(store, store.currency) for store in stores}
    # Days older than the retention period were folded into one point a day (retention.py).
    for store_id, points in daily_points(tracked.card_id, [s.pk for s in stores], since, specs).items():
        histories[store_id].points.extend(points)
    for pk, store_id, checked_at in checks:
        best = best_offer(offers[pk], specs)
        histories[store_id].points.append(
            Point(checked_at, best.price, best.currency) if best else Point(checked_at, None)
        )
    for store_id, seen_at in last_seen(tracked.card_id, [s.pk for s in stores]).items():
        extend_to(histories[store_id], seen_at)
    return [history for history in histories.values() if history.points]


def daily_points(card_id: int, store_ids: list[int], since: datetime, specs) -> dict[int, list[Point]]:
    """Per store, one history point per day folded by retention.py since `since`: the day's lowest
    price of a wanted printing (None when none was in stock), drawn at noon UTC of the day."""
    best: dict[tuple[int, date], DailyPrice | None] = {}
    rows = DailyPrice.objects.filter(card_id=card_id, store_id__in=store_ids, day__gte=since.date())
    for row in rows.order_by("day"):
        key = (row.store_id, row.day)
        best.setdefault(key, None)
        # A daily point stands for a printing in stock that day (`in_stock`, not a quantity): the
        # one rule decides whether the printing is wanted.
        wanted = row.in_stock and wanted_printing(row, specs)
        if wanted and (best[key] is None or row.min_price < best[key].min_price):
            best[key] = row
    points: dict[int, list[Point]] = defaultdict(list)
    for (store_id, day), row in best.items():
        at = datetime.combine(day, time(12), tzinfo=dt_timezone.utc)
        points[store_id].append(Point(at, row.min_price, row.currency) if row else Point(at, None))
    return points


def extend_to(history: StoreHistory, seen_at: datetime) -> None:
    """Unchanged checks write no history (latest.py): the last answer holds until it was
    last confirmed, so its price (or its absence) is drawn up to then."""
    history.points.sort(key=lambda point: point.at)
    if history.points and seen_at > history.points[-1].at:
        last = history.points[-1]
        history.points.append(Point(seen_at, last.price, last.currency))


# --- the chart's geometry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    slug: str
    color: str
    path: str  # SVG path data; a check that found nothing breaks the line
    dots: list[Dot]


@dataclass(frozen=True)
class Span:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Band:
    name: str
    slug: str
    color: str
    y: float
    spans: list[Span]


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    currency: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int  # the bottom of the price plot
    lines: list[Line]
    bands: list[Band]
    y_ticks: list[Tick]
    x_ticks: list[Tick]

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def label_x(self) -> int:
        return self.left - 6

    @property
    def date_label_y(self) -> int:
        return self.bottom + 16


WIDTH, LEFT, RIGHT, TOP, PLOT_HEIGHT = 760, 64, 744, 12, 220
BAND_HEIGHT = 20  # a row per store under the plot, for the bar of when it was in stock
MAX_POINTS = 240  # per store line; more checks than that are thinned to the best price in each stretch


def price_charts(
    histories: Sequence[StoreHistory], since: datetime, until: datetime, zone: tzinfo
) -> list[Chart]:
    """One chart per currency the prices were in (by code), each with the stores that priced in it."""
    currencies = sorted({currency for history in histories for currency in history.currencies()})
    return [
        price_chart(
            [h.in_currency(currency) for h in histories if currency in h.currencies()],
            since, until, zone, currency=currency, in_stock_from=histories,
        )
        for currency in currencies
    ]


def price_chart(
    histories: Sequence[StoreHistory],
    since: datetime,
    until: datetime,
    zone: tzinfo,
    *,
    currency: str = "",
    in_stock_from: Sequence[StoreHistory] = (),
) -> Chart:
    """Lay out one line of best prices per store over [since, until], all in `currency`, and below
    it a band per store marking when it was in stock (in any currency: `in_stock_from`, by store);
    times are labelled in `zone`, the user's time zone."""
    stock_of = {h.store.pk: h for h in in_stock_from}
    span_seconds = max((until - since).total_seconds(), 1)
    bottom = TOP + PLOT_HEIGHT

    def x_of(at: datetime) -> float:
        return round(LEFT + (RIGHT - LEFT) * (at - since).total_seconds() / span_seconds, 1)

    prices = [p.price for h in histories for p in h.points if p.price is not None]
    low, high = _price_range(prices)

    def y_of(price: Decimal) -> float:
        return round(bottom - PLOT_HEIGHT * float((price - low) / (high - low)), 1)

    lines, bands = [], []
    for index, history in enumerate(histories):
        color = COLORS[index % len(COLORS)]
        commands, dots, pen_down = [], [], False
        for point in _thinned(history.points, since, span_seconds):
            if point.price is None:
                pen_down = False
                continue
            x, y = x_of(point.at), y_of(point.price)
            commands.append(f"{'L' if pen_down else 'M'}{x},{y}")
            price = format_price(point.price, point.currency or history.currency)
            dots.append(Dot(x, y, f"{history.store.name}: {price} at {local_time(point.at, zone, until, dated=True)}"))
            pen_down = True
        lines.append(Line(history.store.name, history.store.slug, color, " ".join(commands), dots))
        spans = [
            Span(x_of(start), max(x_of(end) - x_of(start), 3), f"{history.store.name}: in stock "
                 f"{local_time(start, zone, until, dated=True)} – {local_time(end, zone, until, dated=True)}")
            for start, end in stock_of.get(history.store.pk, history).in_stock_periods()
        ]
        band_y = bottom + 34 + index * BAND_HEIGHT
        bands.append(Band(history.store.name, history.store.slug, color, band_y, spans))
    y_ticks = [Tick(y_of(low + (high - low) * i / 4), _price_label(low + (high - low) * i / 4, currency))
               for i in range(5)]
    moments = [since + (until - since) * i / 4 for i in range(5)]
    x_ticks = [Tick(x_of(at), _date_label(at, zone, until - since, until)) for at in moments]
    height = bottom + 34 + len(histories) * BAND_HEIGHT + 4
    return Chart(currency, WIDTH, height, LEFT, RIGHT, TOP, bottom, lines, bands, y_ticks, x_ticks)


def _price_label(price: Decimal, currency: str) -> str:
    """"USD 0.75", "CLP 750": as every price is written."""
    return format_price(price, currency).strip()


def _thinned(points: list[Point], since: datetime, span_seconds: float) -> list[Point]:
    """At most one point per MAX_POINTS-th of the time axis (the best price in it), so a year of checks
    every half hour draws a readable line, not seventeen thousand dots."""
    buckets: dict[int, Point] = {}
    for point in points:
        bucket = int(MAX_POINTS * (point.at - since).total_seconds() / span_seconds)
        kept = buckets.get(bucket)
        if kept is None or (point.price is not None and (kept.price is None or point.price < kept.price)):
            buckets[bucket] = point
    return list(buckets.values())


def _price_range(prices: list[Decimal]) -> tuple[Decimal, Decimal]:
    """A little room above and below the prices; a single price sits in the middle."""
    if not prices:
        return Decimal(0), Decimal(1)
    low, high = min(prices), max(prices)
    pad = (high - low) / 10 if high > low else max(high / 10, Decimal("0.5"))
    return max(low - pad, Decimal(0)), high + pad


def _date_label(at: datetime, zone: tzinfo, span: timedelta, now: datetime) -> str:
    """A day and time on a chart of two days or less, else the day."""
    return local_time(at, zone, now, dated=True) if span <= timedelta(days=2) else local_day(at, zone, now)


# --- the checks behind it ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    check: StoreCheck
    best: Offer | None
    wanted_offers: int


def checks_of(tracked: TrackedCard, stores: Sequence[Store]):
    """Every check of the card at these stores, newest first (to paginate)."""
    return StoreCheck.objects.filter(card_id=tracked.card_id, store__in=stores).select_related("store")


def check_rows(checks: Iterable[StoreCheck], specs: Sequence[CardSpec]) -> list[CheckRow]:
    """`checks` should come with their offers prefetched."""
    rows = []
    for check in checks:
        offers = wanted_offers(check.offers.all(), specs)
        rows.append(CheckRow(check, min(offers, key=lambda o: o.price, default=None), len(offers)))
    return rows
