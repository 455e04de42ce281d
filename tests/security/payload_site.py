"""A status site whose every reader-visible text is an XSS payload from `xss_payloads.txt`.

Payloads go into every field a contributor or maintainer controls: incident titles, update
bodies and incident bodies, maintenance windows, component names, descriptions and groups,
site_name, site_description, copyright, a nav title, postmortem summaries, timelines,
sections and action items (and so the index's follow-ups), objectives (so the reliability
page's charts), and a hand-written About page (its front-matter, headings and text).
`PAGE_URLS` names one page of every type the site has.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def payloads() -> list[str]:
    """Every payload; a literal `\\n` in the file is a line break."""
    lines = PAYLOADS_FILE.read_text("utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("##")]


def one_line(payload: str) -> str:
    return payload.replace("\n", " ")


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def component_count(p: list[str]) -> int:
    return -(-len(p) // 3)


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _config(p: list[str], allow_html: bool) -> str:
    everything = " ".join(one_line(x) for x in p)
    # Three payloads a component (name, description, group): each payload is in one of them.
    components = "\n".join(
        f"        - id: c{i}\n"
        f"          name: {q(one_line(p[3 * i]))}\n"
        f"          description: {q(one_line(p[(3 * i + 1) % len(p)]))}\n"
        f"          group: {q(one_line(p[(3 * i + 2) % len(p)]))}"
        # Objectives put component names into the error budget chart's SVG too.
        + ("\n          slo: 99.9" if i % 2 == 0 else "")
        for i in range(component_count(p))
    )
    return f"""\
site_name: {q("Status " + everything)}
site_url: https://status.payloads.example/
site_description: {q(everything)}
copyright: {q(" ".join(one_line(x) for x in p[:12]))}
docs_dir: site_src
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - content.tabs.link
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
nav:
  - Status: index.md
  - History: history.md
  - Components: components.md
  - Postmortems: postmortems.md
  - Reliability: reliability.md
  - {q(one_line(p[0]))}: about.md
plugins:
  - statusgen:
      allow_html: {str(allow_html).lower()}
      show_postmortem_owners: true
      components:
{components}
"""


def _updates(entries: list[tuple[datetime, str, str]]) -> str:
    return "".join(
        f"  - at: {_time(at)}\n    status: {status}\n    body: {q(body)}\n"
        for at, status, body in entries
    )


def _incident(i: int, p: list[str]) -> tuple[str, str]:
    """(file name, text) of incident `i`: two payloads in its title, more in its updates."""
    n = len(p)
    title = f"{one_line(p[i % n])} {one_line(p[(i + 1) % n])}"
    began = NOW - timedelta(days=2 + i, hours=3)
    active = i < 4
    maintenance = i % 4 == 2
    upcoming = maintenance and i < 8
    component = f"c{i % component_count(p)}"
    if maintenance:
        start = NOW + timedelta(days=3 + i) if upcoming else began
        window = (
            f"kind: maintenance\nscheduled_for: {_time(start)}\n"
            f"scheduled_until: {_time(start + timedelta(hours=2))}\n"
            f"components:\n  {component}: under_maintenance\n"
        )
        posted = NOW - timedelta(days=1) if upcoming else began
        first_status, last_status = "scheduled", "scheduled" if upcoming else "completed"
        began = posted
    else:
        window = f"impact: minor\ncomponents:\n  {component}: partial_outage\n"
        first_status, last_status = "investigating", "identified" if active else "resolved"
    updates = [
        (began + timedelta(hours=1), last_status, f"{p[(i + 2) % n]}\n\n{p[(i + 3) % n]}"),
        (began, first_status, p[i % n]),
    ]
    text = (
        f"---\ntitle: {q(title)}\n{window}"
        f"postmortem: not-required\npostmortem_reason: {q(one_line(p[(i + 4) % n]))}\n"
        f"updates:\n{_updates(updates)}---\n{p[(i + 5) % n]}\n"
    )
    return f"{began:%Y-%m-%d}-payload-{i}.md", text


def _postmortem_incident(k: int, p: list[str]) -> tuple[str, str]:
    n = len(p)
    began = NOW - timedelta(days=70 + k)
    text = (
        f"---\ntitle: {q(one_line(p[(7 * k) % n]))}\nimpact: major\n"
        f"components:\n  c{k}: major_outage\nstarted_at: {_time(began)}\nupdates:\n"
        + _updates(
            [
                (began + timedelta(hours=2), "resolved", p[(7 * k + 1) % n]),
                (began + timedelta(minutes=10), "investigating", p[(7 * k + 2) % n]),
            ]
        )
        + "---\n"
    )
    return f"{began:%Y-%m-%d}-outage-{k}", text


def _postmortem(incident_id: str, k: int, p: list[str]) -> str:
    n = len(p)
    began = NOW - timedelta(days=70 + k)

    def x(offset: int) -> str:
        return p[(11 * k + offset) % n]

    timeline = "".join(
        f"  - at: {_time(began + timedelta(minutes=m))}\n    kind: {kind}\n    text: {q(x(o))}\n"
        for m, kind, o in ((0, "impact-start", 0), (5, "detected", 1), (60, "mitigated", 2))
    )
    timeline += f"  - at: {_time(began + timedelta(minutes=110))}\n    kind: impact-end\n"
    timeline += f"    text: {q(x(3))}\n"
    sections = ("Summary", "Impact", "Trigger", "Root causes", "Detection", "Resolution")
    sections += ("What went wrong", "What went well", "Where we got lucky")
    body = "".join(
        f"\n## {name}\n\nThe text of this section.\n\n{x(10 + j)}\n"
        for j, name in enumerate(sections)
    )
    return (
        f"---\nincident: {incident_id}\nstatus: published\nowner: {q(one_line(x(4)))}\n"
        f"published: {_time(began + timedelta(days=3))}\nsummary: {q(x(5))}\n"
        f"timeline:\n{timeline}"
        f"action_items:\n"
        f"  - action: {q(one_line(x(6)))}\n    type: prevent\n    owner: {q(one_line(x(7)))}\n"
        f"    priority: P1\n    ticket: {q(one_line(x(8)))}\n"
        f"  - action: {q(one_line(x(9)))}\n    type: detect\n    owner: Team\n"
        f"    priority: P2\n    status: wont-do\n    reason: {q(one_line(x(20)))}\n"
        # A ticket is linked when it is a web address: the attribute must hold all of it.
        f"  - action: Link the ticket.\n    type: process\n    owner: Team\n"
        f"    priority: P3\n    ticket: {q(TICKET)}\n"
        f"---\n{body}"
    )


TICKET = 'https://tickets.example/1" onmouseover="alert(1)" x="'

TABS = """
=== "First tab"

    Text of the first tab.

=== "Second tab"

    Text of the second tab.
"""


def _about(p: list[str]) -> str:
    parts = [
        f"---\ntitle: {q(one_line(p[1]))}\ndescription: {q(one_line(p[2]))}\ntoc: true\n---\n",
        "# About this page\n",
        TABS,
    ]
    for i, payload in enumerate(p):
        parts.append(f"## Section {i} {one_line(payload)}\n\n{payload}\n")
    return "\n".join(parts)


def write_payload_site(root: Path, *, allow_html: bool = True) -> Path:
    """Write the site into `root`; returns its mkdocs.yml."""
    p = payloads()
    for folder in ("incidents", "postmortems", "site_src"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(_config(p, allow_html), "utf-8")
    for i in range(0, len(p), 2):
        name, text = _incident(i, p)
        (root / "incidents" / name).write_text(text, "utf-8")
    for k in range(3):
        incident_id, text = _postmortem_incident(k, p)
        (root / "incidents" / f"{incident_id}.md").write_text(text, "utf-8")
        (root / "postmortems" / f"{incident_id}.md").write_text(
            _postmortem(incident_id, k, p), "utf-8"
        )
    (root / "site_src" / "about.md").write_text(_about(p), "utf-8")
    return config
