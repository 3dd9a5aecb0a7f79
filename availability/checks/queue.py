"""The queue of checks: who is waiting goes first, users take turns, and a dead worker strands nothing.

    enqueue()        web process (through pipeline.queue_check): one QueuedCheck row per (store, card)
    claim()          worker cluster's dispatcher (dispatcher.py): the next checks to run, at most
                     as many as its bound on checks in flight, handed to the task broker one task each
    start()/finish() the task (pipeline.run_queued_check): a row leaves the table only when its check ran
    release()        a stopping cluster hands back what it claimed; a dead one's claims expire

Order (docs/scaling.md, "Fair, prioritised checks"):

1. priority: NOW (a dashboard opened, a card added, a store's sync a page waits for) before
   BACKGROUND (the five-minute recheck);
2. within a priority, users take turns: one check of each user who has any, round-robin, then
   again; checks nobody in particular asked for count as one more "user";
3. within a user, oldest first.

Each cluster keeps at most `CHECKS_IN_FLIGHT` (default: twice its workers) checks claimed, so the
broker never holds more than a few seconds of work and a new user's check waits for at most that
many, not for another user's backlog.

A claim is free again when its cluster stops (it releases them), when its cluster's heartbeat is
older than CLUSTER_DEAD_AFTER (killed), when its task has not started within CLAIM_START_WITHIN
(the broker lost it: the Redis broker pops a task before running it), or when its task started
longer ago than the check's time limit plus a margin (its worker process died). A task whose claim
was taken back finds its token changed and does nothing, so a check runs once per claim.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from availability.checks.models import QueuedCheck, WorkerHeartbeat

Priority = QueuedCheck.Priority
# A cluster writes its heartbeat this often (dispatcher.py); one silent for CLUSTER_DEAD_AFTER is
# dead and its claims go to the others.
HEARTBEAT_EVERY = timedelta(seconds=5)
CLUSTER_DEAD_AFTER = timedelta(seconds=20)
# A claimed check whose task has not started by then was lost by the broker (or waits behind a long
# task): it is claimed again, and the first task, if it ever runs, finds its token gone.
CLAIM_START_WITHIN = timedelta(seconds=45)


class HandedBack(SystemExit):
    """Raised in a worker process that must stop now (SIGTERM, SIGINT): a check it runs is given back
    to the queue, not recorded as failed. A SystemExit, so that no `except Exception` keeps it and the
    worker process ends quietly."""


def check_time_limit() -> int:
    """Seconds a check's task may run before its worker is killed: the scrape's own limit plus
    time to record and announce the answer."""
    return settings.SCRAPE_TIMEOUT_SECONDS + 15


def enqueue(store_id: int, card_id: int, *, user_id: int | None, priority: int, max_age_seconds: int | None) -> bool:
    """Queue a check of the pair; True if a row was added. A pair already queued at a lower
    priority is raised to this one (and becomes this user's turn): someone now waits for it."""
    try:
        with transaction.atomic():
            QueuedCheck.objects.create(store_id=store_id, card_id=card_id, user_id=user_id, priority=priority,
                                       max_age_seconds=max_age_seconds)
        return True
    except IntegrityError:
        promote(store_id, card_id, user_id=user_id, priority=priority)
        return False


def promote(store_id: int, card_id: int, *, user_id: int | None, priority: int) -> None:
    QueuedCheck.objects.filter(store_id=store_id, card_id=card_id, priority__gt=priority).update(
        priority=priority, user_id=user_id
    )


def live_clusters(now) -> list[str]:
    return list(WorkerHeartbeat.objects.filter(beat_at__gte=now - CLUSTER_DEAD_AFTER).values_list("cluster", flat=True))


def claimable(now) -> Q:
    """Rows no live claim holds."""
    return (
        Q(claimed_by="")
        | ~Q(claimed_by__in=live_clusters(now))
        | Q(started_at__isnull=True, claimed_at__lt=now - CLAIM_START_WITHIN)
        | Q(started_at__lt=now - timedelta(seconds=check_time_limit() + 15))
    )


@dataclass
class Turns:
    """The round-robin's memory in one dispatcher: whose turn came last, per priority."""

    last_user: dict[int, int | None] = field(default_factory=dict)

    def order(self, priority: int, users: list[int | None]) -> list[int | None]:
        """The users in turn order, starting after the one served last."""
        ranked = sorted(users, key=lambda u: (u is not None, u or 0))
        if priority not in self.last_user:
            return ranked
        last = self.last_user[priority]
        key = (last is not None, last or 0)
        after = [u for u in ranked if (u is not None, u or 0) > key]
        return after + [u for u in ranked if u not in after]


def in_flight(cluster: str) -> int:
    return QueuedCheck.objects.filter(claimed_by=cluster).count()


def claim(cluster: str, slots: int, turns: Turns) -> list[tuple[int, uuid.UUID]]:
    """Claim up to `slots` checks for the cluster, in priority then turn order: [(row id, token)].

    On PostgreSQL the rows are read with SELECT … FOR UPDATE SKIP LOCKED, so clusters claiming at the
    same moment take different rows; SQLite runs one writing transaction at a time anyway.
    """
    if slots <= 0:
        return []
    now = timezone.now()
    free = QueuedCheck.objects.filter(claimable(now))
    claimed: list[tuple[int, uuid.UUID]] = []
    with transaction.atomic():
        for priority in sorted(free.values_list("priority", flat=True).distinct().order_by()):
            users = list(free.filter(priority=priority).values_list("user_id", flat=True).distinct().order_by())
            queue = turns.order(priority, users)
            while queue and len(claimed) < slots:
                user = queue.pop(0)
                rows = (free.filter(priority=priority, user_id=user) if user is not None
                        else free.filter(priority=priority, user__isnull=True))
                row = rows.order_by("id").select_for_update(skip_locked=True).values_list("pk", flat=True).first()
                if row is None:
                    continue  # this user has no free check left at this priority
                token = uuid.uuid4()
                QueuedCheck.objects.filter(pk=row).update(claimed_by=cluster, claim_token=token, claimed_at=now,
                                                          started_at=None)
                claimed.append((row, token))
                turns.last_user[priority] = user
                queue.append(user)  # back of the line: their next check after everyone else's
            if len(claimed) >= slots:
                break
    return claimed


def start(queued_id: int, token: str) -> QueuedCheck | None:
    """The task's check, if its claim still stands (marked started); None if it was taken back or done."""
    if not QueuedCheck.objects.filter(pk=queued_id, claim_token=token).update(started_at=timezone.now()):
        return None
    return QueuedCheck.objects.filter(pk=queued_id).first()


def finish(queued_id: int, token: str) -> None:
    QueuedCheck.objects.filter(pk=queued_id, claim_token=token).delete()


def release(cluster: str) -> int:
    """Give back every check the cluster holds (it is stopping): the next cluster runs them at once."""
    return QueuedCheck.objects.filter(claimed_by=cluster).update(
        claimed_by="", claim_token=None, claimed_at=None, started_at=None
    )


def waiting() -> int:
    return QueuedCheck.objects.count()
