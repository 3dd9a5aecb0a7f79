"""Posting alerts to a user's webhook (Discord, Slack, or anything that takes JSON), safely.

A webhook URL is typed in by a user and fetched by our server, so it must not become a way into our
own network: it must be https, and every address its host resolves to must be a public one (no
loopback, private, link-local — where cloud metadata lives — or reserved addresses). That is
checked when the URL is saved and again at each send, after resolving the name, and the request
then goes to the very address that was checked (so a name cannot change its answer in between),
with redirects never followed. The rule and the connections are `scrapers.netguard`'s, shared with
the scrapers; `WEBHOOK_ALLOWED_HOSTS` (tests and local development only) trusts listed hosts.

A send ends within WEBHOOK_TIMEOUT_SECONDS of wall-clock time (connect, headers; the receiver's
body is never read), whatever the receiver does: a `netguard.Deadline` shuts the socket when it
passes, so a receiver trickling one byte at a time cannot hold an alert worker.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings

from availability.alerts import chatmarkup
from availability.alerts.models import Notification
from scrapers import netguard
from scrapers.netguard import forbidden_reason

# Discord refuses a `content` longer than this.
MAX_CONTENT = 2000
USER_AGENT = "LGS Stock Checker webhook"


class WebhookError(Exception):
    """Sending failed; `str()` says why in words the user can act on."""


class WebhookRefused(WebhookError):
    """The URL may not be used at all: not https, or it leads to an address we never contact."""


@dataclass(frozen=True)
class Target:
    """A checked webhook URL: where to connect (addresses) and what to ask for there."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def allowed_for_tests(host: str) -> bool:
    """Hosts exempted by WEBHOOK_ALLOWED_HOSTS (tests' local receivers; empty in production)."""
    return host.lower() in {h.lower() for h in settings.WEBHOOK_ALLOWED_HOSTS}


def check_url(url: str) -> Target:
    """Resolve and check a webhook URL; raises WebhookRefused (never usable) or WebhookError (DNS)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise WebhookRefused("that is not a valid URL")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise WebhookRefused("the URL has no host name")
    exempt = allowed_for_tests(host)
    if parts.scheme != "https" and not (exempt and parts.scheme == "http"):
        raise WebhookRefused("webhook URLs must start with https://")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookError(f"{host} could not be resolved to an address ({error})")
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not exempt:
        for text in addresses:
            reason = forbidden_reason(ipaddress.ip_address(text.split("%")[0]))
            if reason:
                where = host if host.strip("[]") == text else f"{host} resolves to {text}, which"
                raise WebhookRefused(f"{where} is {reason}; webhooks may only go to public internet addresses")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, addresses)


def post_json(url: str, payload: dict) -> None:
    """POST `payload` to the webhook; raises WebhookError unless it answers 2xx."""
    target = check_url(url)
    body = json.dumps(payload).encode()
    headers = {
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    seconds = settings.WEBHOOK_TIMEOUT_SECONDS
    timeout = urllib3.Timeout(total=seconds)
    trusted = allowed_for_tests(target.host)
    last_error: Exception | None = None
    for address in target.addresses:
        origins = [netguard.Origin(target.scheme, address.lower(), target.port)] if trusted else []
        try:
            with netguard.guarded(origins, netguard.Deadline(seconds)) as deadline:
                try:
                    status, location = _post_to(target, address, body, headers, timeout)
                except (urllib3.exceptions.HTTPError, OSError):
                    if deadline.expired:
                        raise TimeoutError from None
                    raise
        except netguard.AddressRefused as error:
            raise WebhookRefused(f"{error.reason}; webhooks may only go to public internet addresses")
        except urllib3.exceptions.NewConnectionError as error:
            last_error = error  # try the host's next address
            continue
        except (urllib3.exceptions.TimeoutError, TimeoutError):
            raise WebhookError(f"the webhook did not answer within {settings.WEBHOOK_TIMEOUT_SECONDS:g} s")
        except urllib3.exceptions.SSLError as error:
            raise WebhookError(f"the webhook's TLS certificate was not accepted ({error})")
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise WebhookError(f"could not reach the webhook ({error})")
        if 200 <= status < 300:
            return
        if 300 <= status < 400:
            raise WebhookError(f"the webhook answered with a redirect (HTTP {status} to {location or '?'}), "
                               "which we do not follow; use the final URL")
        raise WebhookError(f"the webhook answered HTTP {status}")
    raise WebhookError(f"could not connect to the webhook ({last_error})")


def _post_to(target: Target, address: str, body: bytes, headers: dict, timeout) -> tuple[int, str]:
    if target.scheme == "https":
        # Connect to the checked address; TLS still checks the certificate against the host name.
        pool = netguard.GuardedHTTPSConnectionPool(
            address, target.port, timeout=timeout, retries=False, server_hostname=target.host,
            assert_hostname=target.host, cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(),
        )
    else:
        pool = netguard.GuardedHTTPConnectionPool(address, target.port, timeout=timeout, retries=False)
    with pool:
        response = pool.urlopen(
            "POST", target.path, body=body, headers=headers, redirect=False, retries=False,
            assert_same_host=False, preload_content=False,  # only the status matters; never read a body
        )
        response.close()
        return response.status, response.headers.get("Location", "")


def alerts_payload(notifications: Sequence[Notification]) -> dict:
    """What Discord (`content`) and Slack (`text`) show, each with the store's text escaped for its
    markup, plus the alerts as data for anything else. Discord is told to ping no one."""
    content = _message(notifications, chatmarkup.discord_text, lambda url: url)
    text = _message(notifications, chatmarkup.slack_text, chatmarkup.slack_text)
    content = content if len(content) <= MAX_CONTENT else content[: MAX_CONTENT - 1] + "…"
    return {
        "content": content,
        "allowed_mentions": {"parse": []},
        "text": text,
        "mrkdwn": False,
        "alerts": [n.to_json() for n in notifications],
    }


def _message(notifications: Sequence[Notification], escape, escape_link) -> str:
    lines = []
    for n in notifications:
        link = chatmarkup.chat_link(n.offer_url)
        lines.append(escape(n.text) + (f" — {escape_link(link)}" if link else ""))
    if len(lines) > 1:
        lines.insert(0, f"{len(lines)} card alerts from LGS Stock Checker:")
    return "\n".join(lines)


def post_alerts(url: str, notifications: Sequence[Notification]) -> None:
    post_json(url, alerts_payload(notifications))


def post_test(url: str) -> None:
    text = "Test from LGS Stock Checker: alerts for your cards will arrive here."
    post_json(url, {"content": text, "allowed_mentions": {"parse": []}, "text": text, "mrkdwn": False,
                    "alerts": []})
