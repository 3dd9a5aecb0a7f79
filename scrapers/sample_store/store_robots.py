"""A sample store's own robots.txt, served as if the store had its host to itself.

Every sample store lives under a path prefix (`/shopify/…`, `/binderpos/…`) of one host, and a
host has one `/robots.txt`. A real shop's file (Shopify's default, say) names paths from its host's
root: served as-is on the sample host, `Disallow: /search` would cover `/search`, which no sample
store has, and nothing under `/shopify/search`. So a platform's file is served with every rule
moved under that platform's prefixes (`Disallow: /search` becomes `Disallow: /shopify/search`),
inside the host's one file (`combined_robots`). The app still fetches `<host>/robots.txt` as it
would from a real shop, and the rules it gets say of each store's paths what the store's own
file says of them.

Decisions:
- A rule keeps its shape under the prefix: `/search` → `/shopify/search`, `/*?q=` →
  `/shopify/*?q=`, `$` and `*` untouched. Every rule grows by the same length, so the longest
  match (RFC 9309) still picks the same rule. A rule that starts with `*` gets the bare prefix
  (`*.json` → `/shopify*.json`), which also covers sibling prefixes that start with the same word
  (`/binderpos-api`); no file the tests serve has one.
- Groups are regrouped per user agent, so each store keeps its own choice of group: the combined
  group for an agent holds, for each store, the rules of its group for that agent if its file
  names the agent, else of its `*` group. (Merely concatenating the files would let one store's
  group for our agent hide every other store's `*` group.) A file naming no group that applies
  leaves its store's paths all allowed, as it would at its own host.
- `Crawl-delay` and `Sitemap` are host-wide: the stores share a host, so a delay one file asks for
  slows every sample store (the client keeps its pace per host anyway).
- The host's own file (`SampleStoreServer.set_robots(text)` without a platform) is served as
  written, with full paths, before the stores' rules.
- The BinderPOS and Conduct API prefixes (`/binderpos-api`, `/conduct-api`) stand for the
  platforms' own hosts, so a store's file does not cover them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAR = "*"
_GROUP_FIELDS = ("allow", "disallow", "crawl-delay")


@dataclass
class RobotsGroups:
    """A robots.txt file read into its groups: agent -> its lines (field, value), in order."""

    groups: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    site_wide: list[tuple[str, str]] = field(default_factory=list)  # sitemap lines

    def for_agent(self, agent: str) -> list[tuple[str, str]]:
        """The lines a crawler named exactly `agent` obeys in this file."""
        return self.groups.get(agent, self.groups.get(STAR, []))


def read_groups(text: str) -> RobotsGroups:
    """Groups as RFC 9309 forms them: consecutive user-agent lines open one group, the rule lines
    after them belong to it, and groups naming the same agent add up."""
    read = RobotsGroups()
    agents: list[str] = []
    after_rule = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        name, colon, value = line.partition(":")
        if not colon:
            continue
        name, value = name.strip().lower(), value.strip()
        if name == "user-agent":
            if after_rule:
                agents, after_rule = [], False
            if value:
                agents.append(value.lower())
                read.groups.setdefault(value.lower(), [])
        elif name == "sitemap":
            read.site_wide.append(("Sitemap", value))
        elif name in _GROUP_FIELDS:
            after_rule = True
            for agent in agents:
                read.groups[agent].append((name, value))
    return read


def under_prefix(prefix: str, rule: str) -> str:
    """The rule's path pattern for a store living under `prefix` ("/shopify")."""
    if not rule:
        return rule  # an empty Disallow allows everything, wherever it is
    if rule.startswith(("/", STAR)):
        return prefix + rule
    return f"{prefix}/{rule}"


def combined_robots(host_text: str, stores: list[tuple[tuple[str, ...], str]]) -> str:
    """The host's one robots.txt: its own file, then each store's file (prefixes, text) with its
    rules under the store's prefixes, one group per agent any file names."""
    files = [((), read_groups(host_text))] + [(prefixes, read_groups(text)) for prefixes, text in stores]
    agents = list(dict.fromkeys(agent for _, read in files for agent in read.groups))
    out: list[str] = []
    for agent in agents:
        out.append(f"User-agent: {agent}")
        for prefixes, read in files:
            for name, value in read.for_agent(agent):
                if name == "crawl-delay":
                    out.append(f"Crawl-delay: {value}")
                    continue
                for path in [under_prefix(prefix, value) for prefix in prefixes] or [value]:
                    out.append(f"{name.capitalize()}: {path}")
        out.append("")
    out += [f"{name}: {value}" for _, read in files for name, value in read.site_wide]
    return "\n".join(out) + "\n"
