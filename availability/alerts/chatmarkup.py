"""Store text in chat messages: shown as written, never read as markup, links or mentions.

A store names its products and itself, so an alert can carry `@everyone`, `<@&role>`, `**`, a masked
link `[click](https://evil)` or Slack's `<!channel>`. Discord and Slack read different markup, so
each gets its own escaped copy of the same text (webhooks.alerts_payload), and Discord is also told
to parse no mentions at all.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from lgs_checker.weblinks import web_url

# Markdown punctuation Discord acts on; CommonMark lets a backslash escape any ASCII punctuation.
_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>#\-\[\]()<@:])")
# Characters that are not valid in a URL but would end it early or start markup around it.
_URL_SAFE = "".join(sorted(set("!#$%&'()*+,-./:;=?@[]_~")))


def discord_text(text: str) -> str:
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def slack_text(text: str) -> str:
    """Slack's control characters; `mrkdwn: false` in the payload turns the rest of its markup off."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chat_link(url: str) -> str:
    """A store's link as a bare, self-delimiting URL, or '' when it is not a web link at all."""
    link = web_url(url)
    return quote(link, safe=_URL_SAFE + "%") if link else ""
