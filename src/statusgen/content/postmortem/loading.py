"""Reading every postmortem file and checking it against the incidents it names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from statusgen.content.explain import validated, without_errors
from statusgen.content.files import scan_content_files
from statusgen.content.incident import Incident, Kind
from statusgen.content.lint.blameless import lint_document
from statusgen.content.lint.rules import rule_set
from statusgen.content.load import Document, read_document
from statusgen.content.names import name_too_long
from statusgen.content.settings import SiteConfig
from statusgen.content.third_party import POSTMORTEM_MARKDOWN, document_problems
from statusgen.problems import Problem, error, warning
from statusgen.status.timeline import resolved_at

from .checks import check_postmortem
from .model import POSTMORTEM_ID, Postmortem, PostmortemFrontMatter, default_profile
from .rules import postmortem_rules
from .sections import parse_body


@dataclass
class LoadedPostmortems:
    postmortems: list[Postmortem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def load_postmortems(
    config: SiteConfig,
    incidents: Sequence[Incident],
    now: datetime,
    incident_files: set[str],
) -> LoadedPostmortems:
    """Read and check every postmortem file against the incidents it names.

    `incident_files` holds the id of every incident file, valid or not: a postmortem of an
    incident whose file has errors is not also told that its incident does not exist.
    """
    result = LoadedPostmortems()
    rules = rule_set(config.options.blameless_rules)
    by_id = {incident.id: incident for incident in incidents}
    seen: dict[str, str] = {}
    named: set[str] = set()
    scan = scan_content_files(config.postmortems_dir, config.root, shown=config.display_path)
    result.problems.extend(scan.problems)
    for path in scan.files:
        rel = config.display_path(path)
        result.files += 1
        name_problem = _name_problem(path, rel, config, seen)
        if name_problem is not None:
            result.problems.append(name_problem)
            if name_problem.severity == "warning":
                continue
        document = read_document(path, rel, max_kib=config.options.max_file_kib)
        if isinstance(document, Problem):
            result.problems.append(document)
            continue
        result.problems.extend(lint_document(document, rules))
        result.problems.extend(
            document_problems(
                document, POSTMORTEM_MARKDOWN, config.fetch_hosts, config.options.allow_html
            )
        )
        named.update(_named_incidents(document.data))
        postmortem = postmortem_from_document(document, by_id, incident_files, now, result.problems)
        if postmortem is not None and name_problem is None:
            result.postmortems.append(postmortem)
    result.problems.extend(_one_published_each(result.postmortems))
    result.problems.extend(missing_postmortems(incidents, named, now))
    return result


def _named_incidents(data: dict[str, Any]) -> set[str]:
    """The incidents a file names, even when the rest of it does not validate."""
    value = data.get("incident")
    values = [value] if isinstance(value, str) else value
    return {i for i in values if isinstance(i, str)} if isinstance(values, list) else set()


def _name_problem(path: Path, rel: str, config: SiteConfig, seen: dict[str, str]) -> Problem | None:
    if path.suffix.lower() != ".md":
        return warning(
            rel,
            1,
            "",
            "not a Markdown file: statusgen reads only .md files in "
            f"{config.options.postmortems_dir}/; move or rename it",
        )
    too_long = name_too_long(path.name)
    if too_long:
        return error(rel, 1, "", too_long)
    if not POSTMORTEM_ID.fullmatch(path.stem):
        return error(
            rel,
            1,
            "",
            "file name must be lower-case letters, digits and dashes, usually the incident's "
            "id, e.g. 2026-03-01-api-errors.md",
        )
    if path.stem in seen:
        return error(rel, 1, "", f"duplicate postmortem id '{path.stem}' (also {seen[path.stem]})")
    seen[path.stem] = rel
    return None


def postmortem_from_document(
    document: Document,
    incidents: Mapping[str, Incident],
    incident_files: set[str],
    now: datetime,
    problems: list[Problem],
) -> Postmortem | None:
    """Validate one parsed file; append its problems and return the postmortem if it has none."""
    front = validated(PostmortemFrontMatter, document, problems)
    if front is None:
        return None
    linked = [incidents[i] for i in front.incident if i in incidents]
    profile = front.profile or default_profile(linked)
    parsed = parse_body(document.body, document.body_line)
    found = check_postmortem(front, document, parsed, profile, incidents, incident_files, now)
    if not without_errors(document, found, problems):
        return None
    return Postmortem(
        id=document.path.stem,
        source=document.rel,
        incident_ids=tuple(front.incident),
        status=front.status,
        owner=front.owner,
        authors=tuple(front.authors),
        reviewers=tuple(front.reviewers),
        published=front.published,
        updated=front.updated,
        summary=front.summary,
        profile=profile,
        sections=parsed.sections,
        timeline=tuple(front.timeline),
        action_items=tuple(front.action_items),
        body=document.body,
        item_lines=tuple(
            document.lines.line_of(("action_items", index))
            for index in range(len(front.action_items))
        ),
        lang=front.lang,
    )


def _one_published_each(postmortems: Sequence[Postmortem]) -> Iterator[Problem]:
    """Readers get one postmortem per incident: several drafts are fine, two published not."""
    owner: dict[str, Postmortem] = {}
    for postmortem in sorted(postmortems, key=lambda p: p.source):
        if not postmortem.is_published:
            continue
        for incident_id in postmortem.incident_ids:
            first = owner.setdefault(incident_id, postmortem)
            if first is not postmortem:
                yield error(
                    postmortem.source,
                    1,
                    "incident",
                    f"incident '{incident_id}' already has a published postmortem "
                    f"({first.source}): merge them, or keep this one as a draft",
                )


def missing_postmortems(
    incidents: Sequence[Incident], named: set[str], now: datetime
) -> Iterator[Problem]:
    """Serious incidents resolved a while ago that no postmortem file names, not even a draft.

    `named` holds the incident ids postmortem files name, read even from files with errors:
    a postmortem that does not validate yet is still a postmortem being written.
    """
    due = postmortem_rules().postmortem_due
    for incident in incidents:
        if incident.kind is not Kind.INCIDENT or incident.effective_impact not in due.impacts:
            continue
        if incident.id in named:
            if incident.postmortem == "not-required":
                yield warning(
                    incident.source,
                    1,
                    "postmortem",
                    "says 'not-required' but a postmortem names this incident: remove "
                    "'postmortem: not-required' and postmortem_reason",
                )
            continue
        resolved = resolved_at(incident, now)
        if incident.postmortem == "not-required" or resolved is None:
            continue
        if now - resolved <= timedelta(days=due.after_days):
            continue
        days = (now - resolved) // timedelta(days=1)
        yield warning(
            incident.source,
            1,
            "postmortem",
            f"{incident.effective_impact} incident resolved {days} days ago has no postmortem: "
            f"start postmortems/{incident.id}.md (a draft is enough), or set "
            "'postmortem: not-required' with a postmortem_reason",
        )
