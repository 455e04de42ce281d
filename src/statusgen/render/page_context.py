"""What every generated page draws on: the site as at `now`, computed once per build.

`Site` holds the published items, their summaries, the components' statuses and availability
and the history's pagination; `Site.html` renders a template with them. Templates ask
`urls` for every address and the helpers in `format` for every time and label.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Any, NamedTuple, TypeVar

import jinja2
from markupsafe import Markup, escape

from statusgen.content.incident import ComponentStatus, Impact, Incident, Kind, UpdateStatus
from statusgen.content.postmortem.model import Postmortem
from statusgen.content.settings import ComponentConfig, SiteConfig
from statusgen.content.site import Content, published_postmortems
from statusgen.i18n import Language, best_code, is_rtl, language_for
from statusgen.parallel import render_all
from statusgen.status.availability import (
    ComponentHistory,
    DayRecord,
    PeriodAvailability,
    component_histories,
    day_start,
)
from statusgen.status.cadence import promised_next_update
from statusgen.status.timeline import (
    affected_components,
    component_statuses,
    current_status,
    duration,
    items_by_component,
    listed_at,
    resolved_at,
    started_at,
    visible_components,
    visible_updates,
)

from . import format as present
from . import labels, urls
from .fingerprint import fingerprint
from .fragment_store import FragmentStore
from .markdown import render_markdown
from .publishing import (
    page_updated_at,
    published_items,
)

NOINDEX = "noindex"  # a preview of drafts must not reach a search engine by accident
# Without JavaScript the home page reloads itself this often while something is active.
LIVE_REFRESH_SECONDS = 60
MONTHS_SHOWN = 12  # a component page's months of availability
# Incidents a day of the availability bar links to, the worst first; "and N more" leads to the
# component's page for the rest. One keeps the home page's size bounded at a size a first visit
# affords (ninety days per component, each of them full on a busy site), however long the history.
BAR_DAY_LINKS = 1


@dataclass(frozen=True)
class BarDay:
    """One day of an availability bar, as its tooltip tells it.

    Only days with incidents are announced to screen readers (and reachable by keyboard):
    ninety "no downtime" tooltips per component would drown the page.
    """

    css: str
    day: str
    downtime: str
    worst: str
    links: tuple[tuple[str, str], ...]  # (title, site-relative URL)
    more: tuple[str, str] | None

    @property
    def announced(self) -> bool:
        return bool(self.links)


@dataclass(frozen=True)
class SitePage:
    """One generated page: where it lives, its title and its body HTML."""

    url: str
    title: str
    html: str
    description: str = ""
    # (type, title, site-relative href): the site's feeds unless the page has its own too
    feeds: tuple[tuple[str, str, str], ...] = field(default_factory=urls.feeds)
    robots: str = ""  # the robots meta tag's content, e.g. "noindex" for a draft
    # Front-matter for the page shell: the page's kind, whether it keeps itself current,
    # another template (the embed page's).
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        """The Markdown source path a generator expects for this URL."""
        return "index.md" if not self.url else self.url.rstrip("/") + ".md"


K = TypeVar("K")


@jinja2.pass_context
def _rel(context: Any, target: str) -> str:
    return urls.relative(context["page_url"], target)


@jinja2.pass_context
def _entry(context: Any, s: dict[str, Any], heading: str = "h3", show_body: bool = True) -> Markup:
    """An incident's list entry (`incident_entry` in _macros.html), kept between builds."""
    site: Site = context["site"]
    return site.entry(s, context["page_url"], heading=heading, show_body=show_body)


@lru_cache(maxsize=65536)
def _time(moment: datetime | None, lang: Language) -> Markup:
    if moment is None:
        return Markup("")
    text = escape(present.time_text(moment, lang))
    return Markup(f'<time datetime="{present.iso(moment)}">{text}</time>')


def _downtime(minutes: int, lang: Language) -> str:
    """A table cell under "Downtime": `none` or `1 h 17 min`."""
    if minutes == 0:
        return lang.gettext("none")
    return present.duration_text(timedelta(minutes=minutes), lang)


def lang_attrs(tag: str | None, lang: Language) -> Markup:
    """` lang="ar" dir="rtl"` for text written in another language than the page's, else nothing.

    The tag passed the front-matter's pattern (letters, digits, hyphens): nothing to escape,
    escaped anyway.
    """
    if not tag or (best_code(tag) == lang.code and tag.lower() == lang.tag.lower()):
        return Markup("")
    attrs = f' lang="{escape(tag)}"'
    if is_rtl(tag) != lang.rtl:
        attrs += f' dir="{"rtl" if is_rtl(tag) else "ltr"}"'
    return Markup(attrs)


def _labels(lang: Language) -> dict[str, Any]:
    """Every status's words in the page's language, as the templates look them up."""
    return {
        "component_label": {s: present.component_label(s, lang) for s in ComponentStatus},
        "component_inline": {s: present.component_label_inline(s, lang) for s in ComponentStatus},
        "impact_label": {i: present.impact_label(i, lang) for i in Impact},
        "update_label": {u: present.update_label(u, lang) for u in UpdateStatus},
    }


def _references(icons: Mapping[K, str]) -> dict[K, Markup]:
    """Each icon as a character reference (`&#x2715;`), which the templates print as is.

    statusgen's own markup is ASCII (the templates write `&middot;`, not the character):
    a page of ASCII content is then an ASCII string, which Python keeps in one byte a
    character where a single icon would make it two or four, and which encodes without a
    second, UTF-8 copy. At 20,000 incidents that is some 140 MiB of a build's peak memory.
    """
    return {key: Markup("".join(f"&#x{ord(ch):X};" for ch in icon)) for key, icon in icons.items()}


def _symbol_references(text: str) -> Markup:
    """`text` (escaped already) with its symbols outside ASCII (the arrows of `← Newer`) as
    character references; letters and all else as they are.

    A history page lists hundreds of entries: one arrow from a translation would make the
    whole page a string of two bytes a character (see `_references`).
    """
    return Markup(
        "".join(
            f"&#x{ord(ch):X};" if ord(ch) > 127 and unicodedata.category(ch)[0] == "S" else ch
            for ch in escape(text)
        )
    )


@lru_cache(maxsize=16)  # compiling the templates costs more than rendering a small site
def _environment(lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("statusgen.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: `_()` escapes and %-formats, so a translation cannot inject markup.
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's line breaks are layout
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        rel=_rel,
        entry=_entry,
        urls=urls,
        lang=lang,
        owner_note=lambda owner: labels.owner_note(owner, lang),
        component_icon=_references(present.COMPONENT_ICONS),
        impact_icon=_references(present.IMPACT_ICONS),
        **_labels(lang),
    )
    env.filters.update(
        time=lambda moment: _time(moment, lang),
        iso=present.iso,
        day=lambda moment: present.day_text(moment, lang),
        month=lambda moment: present.month_text(moment, lang),
        duration=lambda span: present.duration_text(span, lang),
        minutes=lambda minutes: present.minutes_text(minutes, lang),
        downtime=lambda minutes: _downtime(minutes, lang),
        percent=lambda ratio: present.percent_text(ratio, lang),
        share=lambda ratio: present.share_text(ratio, lang),
        number=lambda value: present.number_text(value, lang),
        references=_symbol_references,
    )
    return env


@dataclass(frozen=True)
class PageKeys:
    """The fingerprints a build's incident pages are kept under, worked out by
    `pages.page_keys` from the same content, moment and drafts as the pages (in a process
    beside them, `outputs_ahead`): by item id, each item's summary key (which its list
    entries' keys are made of too) and its page's key."""

    summaries: dict[str, str]
    incident_pages: dict[str, str]


class ListedEntry(NamedTuple):
    """An item's entry in a list of incidents: on which page, under which heading level,
    and whether it shows the latest update."""

    item: Incident
    page_url: str
    heading: str = "h3"
    show_body: bool = True


@dataclass
class Site:
    """What every page draws on, computed once per build."""

    content: Content
    now: datetime
    include_drafts: bool = False
    # List entries of the previous build, by fingerprint; those used here are recorded in it.
    entries: FragmentStore = field(default_factory=FragmentStore)

    @property
    def config(self) -> SiteConfig:
        return self.content.config

    @cached_property
    def lang(self) -> Language:
        return language_for(self.config.language)

    @cached_property
    def env(self) -> jinja2.Environment:
        return _environment(self.lang)

    @cached_property
    def items(self) -> list[Incident]:
        """Everything readers can see at `now`, newest first."""
        return published_items(self.content, self.now)

    @cached_property
    def items_by_component(self) -> dict[str, list[Incident]]:
        """Each component id → the listed items that named it, newest first."""
        return items_by_component(self.items, self.now)

    @cached_property
    def history_pages(self) -> list[list[tuple[date, list[Incident]]]]:
        """The history's months, `history_months_per_page` to a page."""
        months = history_months(self.items, self.now)
        size = self.config.options.history_months_per_page
        return [months[i : i + size] for i in range(0, len(months), size)]

    def history_page_of(self, day: date) -> str:
        """The URL of the history page listing `day`'s month."""
        month = day.replace(day=1)
        for number, chunk in enumerate(self.history_pages, start=1):
            if any(m == month for m, _ in chunk):
                return urls.history(number)
        return urls.history(1)

    @cached_property
    def updated_at(self) -> datetime:
        """When the content last changed, as the JSON's `page.updated_at` says."""
        return page_updated_at(self.content, self.now)

    @cached_property
    def by_id(self) -> dict[str, Incident]:
        return {item.id: item for item in self.items}

    @cached_property
    def postmortems(self) -> tuple[Postmortem, ...]:
        """Published ones, newest first; with `include_drafts` (a local preview) all of them."""
        published = published_postmortems(self.content, self.now)
        if not self.include_drafts:
            return published
        drafts = sorted(
            (p for p in self.content.postmortems if p not in published), key=lambda p: p.id
        )
        return (*published, *drafts)

    @cached_property
    def postmortem_of(self) -> dict[str, Postmortem]:
        """Incident id → the postmortem its page links to (the newest, if several)."""
        found: dict[str, Postmortem] = {}
        for postmortem in self.postmortems:
            for incident_id in postmortem.incident_ids:
                found.setdefault(incident_id, postmortem)
        return found

    @cached_property
    def statuses(self) -> dict[str, ComponentStatus]:
        return component_statuses(self.config.component_ids, self.items, self.now)

    @cached_property
    def histories(self) -> dict[str, ComponentHistory]:
        """The components' timelines for the periods the pages show: the bar's days and
        the last `MONTHS_SHOWN` months. Older incidents are left out: at 5,000 incidents
        over years, most of them."""
        return component_histories(
            self.config.component_ids,
            self.items,
            self.now,
            self.config.options.partial_outage_weight,
            since=min(self._first_bar_day, self._first_month_shown),
        )

    @property
    def _first_bar_day(self) -> datetime:
        today = self.now.astimezone(UTC).date()
        return day_start(today - timedelta(days=self.config.options.availability_days - 1))

    @property
    def _first_month_shown(self) -> datetime:
        today = self.now.astimezone(UTC).date()
        months = today.year * 12 + today.month - 1 - (MONTHS_SHOWN - 1)
        return datetime(months // 12, months % 12 + 1, 1, tzinfo=UTC)

    def html(self, template: str, page_url: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            page_url=page_url, site=self, config=self.config, now=self.now, **context
        )

    @cached_property
    def _markdown_cache(self) -> dict[str, Markup]:
        return {}

    @cached_property
    def _summary_cache(self) -> dict[str, dict[str, Any]]:
        return {}

    def markdown(self, text: str) -> Markup:
        cache = self._markdown_cache
        if text not in cache:
            cache[text] = Markup(
                render_markdown(
                    text,
                    allow_html=self.config.options.allow_html,
                    allowed_hosts=self.config.fetch_hosts,
                )
            )
        return cache[text]

    def summary(self, item: Incident) -> dict[str, Any]:
        """What a list entry shows of an incident or maintenance (computed once per item)."""
        if item.id not in self._summary_cache:
            self._summary_cache[item.id] = self._summarize(item)
        return self._summary_cache[item.id]

    @cached_property
    def config_key(self) -> str:
        """Every field of the configuration, options included, as fingerprints take it."""
        return repr(self.config)

    @cached_property
    def _summary_keys(self) -> dict[str, str]:
        return {}

    def summary_key(self, item: Incident) -> str:
        """A fingerprint of the item's summary and of all else a list entry is made of."""
        keys = self._summary_keys
        if item.id not in keys:
            keys[item.id] = fingerprint(
                ["summary", self.config_key, self.include_drafts, self.summary(item)]
            )
        return keys[item.id]

    def entry(self, s: dict[str, Any], page_url: str, *, heading: str, show_body: bool) -> Markup:
        """The list entry of summary `s` on the page at `page_url`."""
        return self.listed_entry(ListedEntry(s["item"], page_url, heading, show_body))

    def listed_entry(self, wanted: ListedEntry) -> Markup:
        """`wanted`'s list entry, kept between builds under `_entry_key`."""
        key = self._entry_key(wanted)
        return Markup(self.entries.fragment(key, lambda: self._render_entry(wanted)))

    def render_entries(self, wanted: Sequence[ListedEntry], workers: int) -> None:
        """Render the entries of `wanted` that no build has kept, on up to `workers`
        processes, so that `listed_entry` finds every one.

        A cold build's history and component pages list every incident: rendered one at a
        time, as the pages ask for them, their entries took a sixth of the build on one core.
        """
        missing: dict[str, ListedEntry] = {}
        for each in wanted:
            key = self._entry_key(each)
            if not self.entries.has(key):
                missing.setdefault(key, each)
        rendered = render_all(self._render_entry, list(missing.values()), workers)
        self.entries.keep(zip(missing, rendered, strict=True))

    @cached_property
    def _entry_keys(self) -> dict[tuple[str, int, str, bool], str]:
        return {}

    def _entry_key(self, wanted: ListedEntry) -> str:
        """An entry is its item's summary, the page's depth (its links are relative), the
        heading level and whether it shows the latest update (worked out once: the list
        pages ask for the entries `render_entries` made)."""
        facts = (wanted.item.id, wanted.page_url.count("/"), wanted.heading, wanted.show_body)
        keys = self._entry_keys
        if facts not in keys:
            keys[facts] = fingerprint([self.summary_key(wanted.item), *facts[1:]])
        return keys[facts]

    def keys_worked_out(self, incident_pages: dict[str, str]) -> PageKeys:
        """The summary keys this site has worked out so far, with `incident_pages`."""
        return PageKeys(dict(self._summary_keys), incident_pages)

    def take_keys(self, keys: PageKeys) -> None:
        """Use `keys`, worked out elsewhere for this same site, instead of working them out."""
        self._summary_keys.update(keys.summaries)

    def _render_entry(self, wanted: ListedEntry) -> str:
        return self.html(
            "_entry.html",
            wanted.page_url,
            s=self.summary(wanted.item),
            heading=wanted.heading,
            show_body=wanted.show_body,
        )

    def _summarize(self, item: Incident) -> dict[str, Any]:
        updates = visible_updates(item, self.now)
        latest = updates[0]
        resolved = resolved_at(item, self.now)
        return {
            "item": item,
            "maintenance": item.kind is Kind.MAINTENANCE,
            "lang_attrs": lang_attrs(item.lang, self.lang),
            "resolved_label": labels.resolved_label(item, self.lang),
            "duration_label": labels.duration_label(resolved is not None, self.lang),
            "url": urls.incident(item.id),
            "status": current_status(item, self.now),
            "latest": latest,
            "latest_html": self.markdown(latest.body),
            "started": started_at(item, self.now),
            "resolved": resolved,
            "duration": duration(item, self.now),
            "affected": [
                (self.config.component(c), s)
                for c, s in affected_components(item, self.now).items()
            ],
            "touched": [self.config.component(c) for c in visible_components(item, self.now)],
            "next_update": promised_next_update(item, self.now),
        }

    @cached_property
    def _months(self) -> dict[str, list[PeriodAvailability]]:
        return {}

    def last_months(self, component: ComponentConfig) -> list[PeriodAvailability]:
        """The component's availability in its last `MONTHS_SHOWN` calendar months, newest
        first (worked out once: its page shows them, and which incidents it lists follows)."""
        months = self._months
        if component.id not in months:
            months[component.id] = self.histories[component.id].last_months(MONTHS_SHOWN, self.now)
        return months[component.id]

    @cached_property
    def _bars(self) -> dict[str, dict[str, Any]]:
        return {}

    def bar(self, component: ComponentConfig) -> dict[str, Any]:
        """The component's availability bar (worked out once: three pages show it)."""
        bars = self._bars
        if component.id not in bars:
            bars[component.id] = self._bar(component)
        return bars[component.id]

    def _bar(self, component: ComponentConfig) -> dict[str, Any]:
        records, summary = self.histories[component.id].last_days(
            self.config.options.availability_days, self.now
        )
        return {"days": [self._bar_day(component, r) for r in records], "summary": summary}

    def _bar_rank(self, item: Incident) -> tuple[int, timedelta]:
        """The worst impact first, then the longest; the day's own order breaks ties."""
        return (-item.effective_impact.rank, -(duration(item, self.now) or timedelta()))

    def _bar_day(self, component: ComponentConfig, record: DayRecord) -> BarDay:
        items = sorted(
            (self.by_id[i] for i in record.incident_ids if i in self.by_id),
            key=self._bar_rank,
        )
        more = len(items) - BAR_DAY_LINKS
        lang = self.lang
        return BarDay(
            css=f"sg-c-{record.worst.value}",
            day=present.day_text(record.day, lang),
            downtime=present.minutes_text(record.downtime_minutes, lang),
            worst=""
            if record.worst is ComponentStatus.OPERATIONAL
            else lang.gettext(", worst: %(status)s")
            % {"status": present.component_label_inline(record.worst, lang)},
            links=tuple((i.title, urls.incident(i.id)) for i in items[:BAR_DAY_LINKS]),
            more=(
                (
                    lang.ngettext("and %(num)d more", "and %(num)d more", more) % {"num": more},
                    urls.component(component.id),
                )
                if more > 0
                else None
            ),
        )


def month_of(moment: datetime) -> date:
    """The first day of the UTC month `moment` falls in."""
    return moment.astimezone(UTC).date().replace(day=1)


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def history_months(items: Sequence[Incident], now: datetime) -> list[tuple[date, list[Incident]]]:
    """Every UTC month from the newest one listing anything (or now's) back to the oldest.

    Newest first, each with its items in list order; months with nothing keep their place,
    so a page always covers whole, consecutive months.
    """
    by_month: dict[date, list[Incident]] = {}
    for item in items:
        by_month.setdefault(month_of(listed_at(item)), []).append(item)
    month = max([month_of(now), *by_month])
    oldest = min([month, *by_month])
    months = []
    while month >= oldest:
        months.append((month, by_month.get(month, [])))
        month = _previous_month(month)
    return months


def theme_meta(kind: str, *, live: datetime | None = None, refresh: bool = False) -> dict[str, Any]:
    """What the page shell reads: the page's type and, for a page that keeps itself up to
    date while something is active, when the content last changed (`live`)."""
    meta: dict[str, Any] = {"kind": kind}
    if live is not None:
        meta["live"] = "active"
        meta["updated"] = present.json_time(live)
    if refresh:
        meta["refresh"] = LIVE_REFRESH_SECONDS
    return {"statusgen": meta}
