"""Settings for LGS Stock Checker, driven by the environment.

With no environment at all the app runs on a laptop with zero services: SQLite (WAL) for data, for
the cache, for Django-Q2's queue and for the channel layer. On a PaaS, DATABASE_URL switches to
PostgreSQL and REDIS_URL switches the channel layer and the cache to Redis. Every variable is listed
in the README.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """A yes/no variable. Anything but the usual spellings stops the app: a typo such as
    DEBUG=ture must not quietly mean False."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(sorted(_TRUE))} or {', '.join(sorted(_FALSE))}."
    )


def envint(name: str, default: int) -> int:
    """A whole-number variable; anything else stops the app with the variable's name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", default=not os.environ.get("DATABASE_URL"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key lets anyone forge sessions and password-reset links.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "channels",
    "channels_lite",
    # Before django_q: its `qcluster` command is lgs_checker's (the checks' dispatcher, a clean stop).
    "lgs_checker",
    "django_q",
    "stores",
    "cards.catalog",
    "cards.wishlist",
    "availability.checks",
    "stores.inventory",
    "availability.money",
    "availability.preferences",
    "availability.alerts",
    "availability.buyplan",
    "availability.live",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # WhiteNoise, async-capable: every middleware here must be, or a slow async view holds the process.
    "lgs_checker.static_files.AsyncWhiteNoiseMiddleware",
    "lgs_checker.input_guard.RejectUnstorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "availability.preferences.middleware.UserTimeZoneMiddleware",
]

ROOT_URLCONF = "lgs_checker.urls"
ASGI_APPLICATION = "lgs_checker.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR))
SQLITE_OPTIONS = {
    # IMMEDIATE avoids "database is locked" when a read transaction later wants to write while
    # the web process, the worker and the channel layer share one file.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        # Persistent connections, checked before reuse: the WebSocket side's database work runs on
        # a fixed set of threads (lgs_checker/db_threads.py) and the worker's processes live long,
        # so each keeps one connection instead of opening one per message or per task. (Django's
        # ASGI handler gives each HTTP request a thread of its own, so a page view still opens
        # one and it closes with that thread.) Django's psycopg pool is not used: qcluster forks
        # its workers, and a pool's open connections must not be shared across a fork.
        "default": dj_database_url.config(
            conn_max_age=envint("DB_CONN_MAX_AGE", 300), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Threads for the WebSocket side's database work (handshakes, messages); each holds a connection.
WS_DB_THREADS = envint("WS_DB_THREADS", 8)
# Each user's WebSocket message budget, shared by their sockets (availability/live/fairness.py): a
# burst at once, then a steady rate per second.
WS_MESSAGE_BURST = envint("WS_MESSAGE_BURST", 30)
WS_MESSAGES_PER_SECOND = float(os.environ.get("WS_MESSAGES_PER_SECOND") or 5)

# --- Redis, channel layer, cache ---------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_connection_options(url: str) -> dict:
    """Heroku Redis hands out rediss:// URLs with a self-signed certificate: encrypt, don't verify."""
    if urlparse(url).scheme == "rediss" and not envbool("REDIS_VERIFY_TLS", False):
        return {"ssl_cert_reqs": None}
    return {}


# A dashboard asks for hundreds of cells at once and their results arrive together; past a
# channel's capacity the layer drops messages, so leave room for a big wishlist.
CHANNEL_CAPACITY = envint("CHANNEL_CAPACITY", 5000)
# Seconds a group membership lasts unless renewed; an open socket renews it every third of this.
CHANNEL_GROUP_EXPIRY = envint("CHANNEL_GROUP_EXPIRY", 7200)

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # channels-redis with a pool that queues callers instead of failing past its size.
            "BACKEND": "lgs_checker.channel_layer.PooledRedisChannelLayer",
            "CONFIG": {
                "max_connections": envint("CHANNEL_REDIS_MAX_CONNECTIONS", 100),
                "pool_timeout": envint("CHANNEL_REDIS_POOL_TIMEOUT", 20),
                # Idle connections kept once a burst is over (lgs_checker/channel_layer.py).
                "keep_idle": envint("CHANNEL_REDIS_KEEP_IDLE", 10),
                # A socket re-joins its group well within this (availability/live/consumers.py), so a
                # member left behind by a crashed process is dropped within two hours.
                "group_expiry": CHANNEL_GROUP_EXPIRY,
                # redis-py 8 defaults socket_timeout to 5 s, which cuts channels-redis's blocking
                # 5 s BZPOPMIN short and closes every idle WebSocket with 1011; give it room.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30, **redis_connection_options(REDIS_URL)}],
                "prefix": os.environ.get("CHANNELS_PREFIX", "lgs"),
                "capacity": CHANNEL_CAPACITY,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "lgs_checker.redis_cache.SharedPoolRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "lgs"),
            # Fail fast while Redis is unreachable: the dashboard then renders from the database.
            "OPTIONS": {
                "socket_connect_timeout": 5, "socket_timeout": 5, **redis_connection_options(REDIS_URL)
            },
        }
    }
else:
    # channels-lite keeps channel messages in SQLite, which every local process can reach; the
    # in-memory layer could not carry a result from the worker to the web process.
    DATABASES["channels"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "channels.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
    DATABASE_ROUTERS = ["channels_lite.router.ChannelsRouter"]
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_lite.layers.core.SQLiteChannelLayer",
            "CONFIG": {"database": "channels", "polling_interval": 0.05, "capacity": CHANNEL_CAPACITY},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lgs_cache",
            # The default of 300 entries would evict store answers long before they go stale:
            # every (store, card) pair a user tracks keeps one.
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }

# --- Background work ---------------------------------------------------------------------------

# The ORM broker keeps queued checks in the database, so they survive a worker restart on both
# SQLite and PostgreSQL. `retry` must exceed `timeout` or django-q2 runs a task twice.
Q_CLUSTER = {
    # The Redis broker's queue is named after the cluster: apps sharing one Redis (tests, several
    # deployments) each name their own.
    "name": os.environ.get("Q_CLUSTER_NAME", "lgs"),
    "orm": "default",
    "workers": envint("Q_WORKERS", 2),
    "timeout": envint("Q_TIMEOUT", 120),
    # A task not acknowledged after `retry` seconds (its worker died) is handed to another worker.
    "retry": envint("Q_RETRY", envint("Q_TIMEOUT", 120) + 60),
    "max_attempts": 3,
    "catch_up": False,
    "poll": 0.5,
    "ack_failures": True,
    "save_limit": 500,
    # Bounded prefetch: a cluster takes from the broker only one task beyond what its workers run,
    # so a cluster that dies strands at most that (and checks are claimed from our own queue anyway).
    "queue_limit": envint("Q_WORKERS", 2),
    "bulk": 1,
}
# Checks a worker cluster keeps claimed from the queue of checks (availability/checks/queue.py): one
# running and one waiting per worker process. A user's new check waits behind at most this many.
CHECKS_IN_FLIGHT = envint("CHECKS_IN_FLIGHT", 2 * Q_CLUSTER["workers"])
# Q_BROKER=redis queues tasks in Redis instead (needs REDIS_URL). bench/brokers.py measures both and
# docs/scaling.md says when each wins; the ORM broker stays the default because it hands a task
# whose worker died to another worker, while the Redis broker loses it.
Q_BROKER = os.environ.get("Q_BROKER", "orm")
if Q_BROKER == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("Q_BROKER=redis needs REDIS_URL")
    Q_CLUSTER.pop("orm")
    _verify = urlparse(REDIS_URL).scheme != "rediss" or envbool("REDIS_VERIFY_TLS", False)
    _no_verify = ("&" if "?" in REDIS_URL else "?") + "ssl_cert_reqs=none"
    Q_CLUSTER["redis"] = REDIS_URL + ("" if _verify else _no_verify)
elif Q_BROKER != "orm":
    raise ImproperlyConfigured(f"Q_BROKER must be 'orm' or 'redis', not {Q_BROKER!r}")

# --- Accounts ----------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# --- Email -------------------------------------------------------------------------------------

# Without EMAIL_HOST mail is printed to the console (a laptop); with it, sent over SMTP.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LGS Stock Checker <noreply@localhost>")

# --- Static files, security -------------------------------------------------------------------

STATIC_URL = "static/"
# collectstatic's output (the build step); settable so processes side by side each read their own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# In debug, serve files straight from the apps' static folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG

# Behind the PaaS router the original scheme arrives in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# A PaaS router or monitor may probe over plain HTTP inside its network; a redirect is no answer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS (sent on HTTPS responses only) once DEBUG is off; SECURE_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy on every response: scripts and styles only from our own static files
# (no inline script anywhere, admin and allauth pages included), so a store's text or link that
# slipped into a page cannot run. 'self' also covers the dashboard's same-origin WebSocket.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Behind a proxy the client's IP is the entry TRUSTED_PROXY_COUNT places from the right of
# X-Forwarded-For (each proxy appends the address it saw; entries further left are whatever the
# client wrote). allauth's login rate limits read it through these settings. 0: no proxy, the
# peer's address is the client's. Heroku's router: 1.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- The product -------------------------------------------------------------------------------

# How long a store's answer for a card is reused before checking again; a store may override it.
CHECK_CACHE_TTL_MINUTES = envint("CHECK_CACHE_TTL_MINUTES", 30)
# Recheck priority and history size (availability/checks/rechecks.py, retention.py): a pair a
# dashboard or buy plan asked for within WATCHING_MINUTES goes first; one nobody asked for in
# IDLE_AFTER_DAYS and without an alert is rechecked every IDLE_RECHECK_HOURS only. Raw checks older
# than HISTORY_RETENTION_DAYS are folded into daily price points.
WATCHING_MINUTES = envint("WATCHING_MINUTES", 15)
IDLE_AFTER_DAYS = envint("IDLE_AFTER_DAYS", 7)
IDLE_RECHECK_HOURS = envint("IDLE_RECHECK_HOURS", 24)
HISTORY_RETENTION_DAYS = envint("HISTORY_RETENTION_DAYS", 90)
# Deadlines for stores (scrapers/http.py): one request to a store (lookup, connect, redirects,
# headers and body) ends within STORE_REQUEST_TIMEOUT_SECONDS whatever the server does; a whole
# check (its pages and retries) within SCRAPE_TIMEOUT_SECONDS, which stays well under Q_TIMEOUT so a
# slow store is recorded as a store error instead of getting the worker killed.
STORE_REQUEST_TIMEOUT_SECONDS = envint("STORE_REQUEST_TIMEOUT_SECONDS", 30)
# Whether a store's own address may be loopback, a private network or link-local (the cloud metadata
# address). Off in a deployment: every fetch the server makes on someone's word (a store and its
# redirects, the admin's "Add store from URL", `add_store`, `scrape`) goes to public addresses only
# (scrapers/netguard.py). On by default only in the laptop configuration (DEBUG, as `make run` and the
# README's commands beside it use the sample stores on 127.0.0.1); `make run` and the tests set it.
ALLOW_PRIVATE_STORE_ADDRESSES = envbool("ALLOW_PRIVATE_STORE_ADDRESSES", DEBUG)
SCRAPE_TIMEOUT_SECONDS = envint("SCRAPE_TIMEOUT_SECONDS", max(2, Q_CLUSTER["timeout"] // 2))
if SCRAPE_TIMEOUT_SECONDS >= Q_CLUSTER["timeout"]:
    raise ImproperlyConfigured("SCRAPE_TIMEOUT_SECONDS must be shorter than Q_TIMEOUT")
# A buy plan (building its model, solving it, the comparisons) stops after this long and returns its
# best plan with its proven gap. Plans run on BUY_PLAN_THREADS threads per web process (HiGHS lets go
# of the GIL while it solves), one at a time per user (availability/buyplan/running.py).
BUY_PLAN_TIME_LIMIT_SECONDS = envint("BUY_PLAN_TIME_LIMIT_SECONDS", 10)
BUY_PLAN_THREADS = envint("BUY_PLAN_THREADS", 2)
# Inventory sync, mode "auto": a store never synced is synced once (to learn what a sync costs) when
# searching its demand would cost this many requests per freshness period (stores/inventory/modes.py).
INVENTORY_FIRST_SYNC_REQUESTS = envint("INVENTORY_FIRST_SYNC_REQUESTS", 50)
# A sync stops, as an error, past this many products listed (scrapers/sync.py); the old index stays.
INVENTORY_MAX_PRODUCTS = envint("INVENTORY_MAX_PRODUCTS", 100_000)
# The dashboard's Refresh re-checks answers older than this and keeps newer ones (and says so).
REFRESH_MIN_AGE_MINUTES = envint("REFRESH_MIN_AGE_MINUTES", 5)
# Refresh the card catalog from Scryfall once a day (a schedule); off on a laptop, which uses the
# sample catalog.
CATALOG_REFRESH = envbool("CATALOG_REFRESH", not DEBUG)
# /healthz calls the worker down when its last heartbeat is older than this.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = envint("WORKER_HEARTBEAT_MAX_AGE_SECONDS", 180)
# Callers sending `Authorization: Bearer <HEALTHZ_TOKEN>` (and staff) see /healthz's details.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# Alert webhooks: how long a receiver may take to answer, and hosts exempt from the public-address
# rule (and allowed over http). Only tests and local development set this: a listed host may be
# this server itself or anything on its network.
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_ALLOWED_HOSTS = envlist("WEBHOOK_ALLOWED_HOSTS")
# News of one card from its stores within this long of the first is one alert (availability.alerts.detection).
ALERT_ROUND_SECONDS = envint("ALERT_ROUND_SECONDS", 120)
