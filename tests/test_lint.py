"""The blameless-language check: one fixture per rule with its exact report line, what is
skipped (code, quotes, drafts), suppression comments, team rules from config, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.content.lint.blameless import lint_paths
from statusgen.content.validate import check_site

from .conftest import CONFIG, NOW, SiteFactory
from .postmortem_samples import DRAFT, FULL, INCIDENT_ID, write

PM = f"postmortems/{INCIDENT_ID}.md"
RESOLUTION = "Standbys were promoted by hand."  # line 50 of FULL
PEOPLE = "owner: Database team\nauthors: [Jane Doe]\npublished"


def in_resolution(text: str) -> str:
    return FULL.replace(RESOLUTION, text)


def lint_lines(site: SiteFactory) -> list[str]:
    return [p.as_text() for p in lint_paths(site.config_file).problems]


CASES: dict[str, tuple[str, list[str]]] = {
    "human-error": (
        in_resolution("The cause was human error."),
        [
            f'{PM}:50:15 human-error: "human error" names people as the cause — describe the '
            "conditions that made the action possible and its effect likely"
        ],
    ),
    "counterfactual": (
        in_resolution("The engineer should have checked."),
        [
            f'{PM}:50:14 counterfactual: "should have" describes what did not happen — say what '
            "happened and why it made sense at the time; put changes under action items"
        ],
    ),
    "counterfactual across a line break": (
        in_resolution("The team should\nhave checked."),
        [
            f'{PM}:50:10 counterfactual: "should have" describes what did not happen — say what '
            "happened and why it made sense at the time; put changes under action items"
        ],
    ),
    "fault-verb with a person as subject": (
        in_resolution("The on-call engineer failed to notice the alert."),
        [
            f'{PM}:50:5 fault-verb: "on-call engineer failed to" blames a person — say what the '
            "system made easy or hard, not who slipped"
        ],
    ),
    "fault-verb forgot to": (
        in_resolution("Someone forgot to renew the certificate."),
        [
            f'{PM}:50:9 fault-verb: "forgot to" blames a person — say what the system made easy or '
            "hard, not who slipped"
        ],
    ),
    "fault-verb to blame": (
        in_resolution("The deploy tool is to blame."),
        [
            f'{PM}:50:17 fault-verb: "is to blame" blames a person — say what the system made easy '
            "or hard, not who slipped"
        ],
    ),
    "judgemental": (
        in_resolution("A careless change."),
        [
            f'{PM}:50:3 judgemental: "careless" judges people — describe the actions and the '
            "conditions in neutral words"
        ],
    ),
    "hindsight": (
        in_resolution("Obviously the config was wrong."),
        [
            f'{PM}:50:1 hindsight: "Obviously" reads as hindsight — say what the responders knew '
            "and saw at the time"
        ],
    ),
    "fix-people in an action item": (
        FULL.replace(
            "action: Limit fencing to 5% of clusters per minute.",
            "action: Train engineers to be more careful.",
        ),
        [
            f'{PM}:21:13 fix-people: "Train engineers to" tries to fix people instead of systems '
            "— change the system so the mistake is hard to make (a safeguard, automation or "
            "check)",
            f'{PM}:21:32 fix-people: "be more careful" tries to fix people instead of systems — '
            "change the system so the mistake is hard to make (a safeguard, automation or "
            "check)",
        ],
    ),
    "person-in-cause": (
        FULL.replace("owner: Database team\npublished", PEOPLE).replace(
            "The control plane acted on stale health data.",
            "Jane restarted the primary; @sam approved.",
        ),
        [
            f'{PM}:43:1 person-in-cause: "Jane" names a person in Root causes — name the role or '
            "the system instead",
            f'{PM}:43:29 person-in-cause: "@sam" names a person in Root causes — name the role or '
            "the system instead",
        ],
    ),
    "personal-data": (
        in_resolution("Call jane.doe@gmail.com or +44 20 7946 0958; or support@nimbus.example."),
        [
            f'{PM}:50:6 personal-data: "jane.doe@gmail.com" looks like personal data — remove '
            "it; a public postmortem never identifies people",
            f'{PM}:50:28 personal-data: "+44 20 7946 0958" looks like personal data — remove it; '
            "a public postmortem never identifies people",
        ],
    ),
    "internal-address, in code too": (
        in_resolution("The primary `db-7.internal` (10.2.3.4) and fd12:3456:789a::1 stopped."),
        [
            f'{PM}:50:14 internal-address: "db-7.internal" is an internal address — describe the '
            'system instead, e.g. "a primary database node"',
            f'{PM}:50:30 internal-address: "10.2.3.4" is an internal address — describe the '
            'system instead, e.g. "a primary database node"',
            f'{PM}:50:44 internal-address: "fd12:3456:789a::1" is an internal address — describe '
            'the system instead, e.g. "a primary database node"',
        ],
    ),
    "summary as a block": (
        FULL.replace(
            "summary: A failover took most databases offline. We restored them by hand.",
            "summary: |\n  A failover took most databases offline.\n  Obviously we restored them.",
        ),
        [
            f'{PM}:8:3 hindsight: "Obviously" reads as hindsight — say what the responders knew '
            "and saw at the time"
        ],
    ),
    "summary quoted": (
        FULL.replace(
            "summary: A failover took most databases offline. We restored them by hand.",
            'summary: "Clearly a failover took databases offline."',
        ),
        [
            f'{PM}:6:11 hindsight: "Clearly" reads as hindsight — say what the responders knew and '
            "saw at the time"
        ],
    ),
    "timeline text": (
        FULL.replace("text: The last standby is promoted.", "text: The team forgot to page."),
        [
            f'{PM}:16:20 fault-verb: "forgot to" blames a person — say what the system made easy '
            "or hard, not who slipped"
        ],
    ),
}

CLEAN: dict[str, str] = {
    "failed to about a system": in_resolution("The job failed to start."),
    "counterfactual where we got lucky": FULL.replace(
        "It happened on a weekday.", "At night it would have lasted longer."
    ),
    "names outside the causes": FULL.replace("owner: Database team\npublished", PEOPLE).replace(
        "An alert on connection errors.", "Jane Doe saw the alert; @sam joined."
    ),
    "roles are not people": FULL.replace(
        "The control plane acted on stale health data.", "The Database team's tool retried."
    ),
    "code, quotes and block quotes": in_resolution(
        'We searched for `human error` and "should have" in the logs.\n\n'
        "> A customer wrote: you should have known.\n\n```\nhuman error\n```"
    ),
    "personal data in a draft": DRAFT.replace("TBD", "Ask jane.doe@gmail.com at 10.0.0.1."),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_reports_its_exact_place(site: SiteFactory, case: str) -> None:
    text, expected = CASES[case]
    write(site, text)
    assert lint_lines(site) == expected


@pytest.mark.parametrize("case", list(CLEAN))
def test_what_the_rules_leave_alone(site: SiteFactory, case: str) -> None:
    write(site, CLEAN[case])
    assert lint_lines(site) == []


def test_comment_silences_a_rule_for_the_next_block(site: SiteFactory) -> None:
    write(
        site,
        in_resolution(
            "<!-- statusgen: allow human-error -->\nThe report said human error\n"
            "and human error again.\n\nBut human error here."
        ),
    )
    assert lint_lines(site) == [
        f'{PM}:54:5 human-error: "human error" names people as the cause — describe the '
        "conditions that made the action possible and its effect likely"
    ]


def test_comment_at_the_end_of_a_line_silences_that_line(site: SiteFactory) -> None:
    write(site, in_resolution("Human error. <!-- statusgen: allow human-error hindsight -->"))
    assert lint_lines(site) == []


def test_comment_silences_only_the_rules_it_names(site: SiteFactory) -> None:
    write(site, in_resolution("<!-- statusgen: allow hindsight -->\nHuman error, obviously."))
    assert lint_lines(site) == [
        f'{PM}:51:1 human-error: "Human error" names people as the cause — describe the '
        "conditions that made the action possible and its effect likely"
    ]


def test_unknown_rule_in_a_comment_is_reported(site: SiteFactory) -> None:
    write(site, in_resolution("<!-- statusgen: allow humanerror -->\nHuman error."))
    assert lint_lines(site) == [
        f"{PM}:50:1: warning: unknown rule 'humanerror' in a statusgen comment (known: "
        "human-error, counterfactual, fault-verb, judgemental, hindsight, fix-people, "
        "person-in-cause, personal-data, internal-address)",
        f'{PM}:51:1 human-error: "Human error" names people as the cause — describe the '
        "conditions that made the action possible and its effect likely",
    ]


def test_yaml_comment_silences_the_next_entry(site: SiteFactory) -> None:
    text = (
        FULL.replace(
            "  - at: 2026-03-01T10:40:00Z\n",
            "  # statusgen: allow hindsight\n  - at: 2026-03-01T10:40:00Z\n",
        )
        .replace("text: The last standby is promoted.", "text: Obviously done.")
        .replace("text: Read replicas are rebuilt.", "text: Clearly rebuilt.")
    )
    write(site, text)
    assert lint_lines(site) == [
        f'{PM}:20:11 hindsight: "Clearly" reads as hindsight — say what the responders knew and '
        "saw at the time"
    ]


def test_comments_stay_out_of_the_sections_readers_see(site: SiteFactory) -> None:
    write(site, in_resolution("<!-- statusgen: allow human-error -->\nHuman error."))
    content = check_site(site.config_file, NOW).content
    assert content is not None
    assert content.postmortems[0].sections["Resolution"].text == "Human error."


def test_validate_reports_lint_warnings(site: SiteFactory) -> None:
    write(site, in_resolution("Obviously."))
    report = check_site(site.config_file, NOW).report
    assert [p.as_text() for p in report.problems] == [
        f'{PM}:50:1 hindsight: "Obviously" reads as hindsight — say what the responders knew and '
        "saw at the time"
    ]
    assert report.summary() == "0 errors, 1 warning in 4 files"


TEAM_RULES = """\
      blameless_rules:
        - id: hindsight
          message: unused
          patterns: []
        - id: blame-word
          message: '"{match}" is a word we avoid'
          suggestion: say what happened
          patterns: [blame]
          sections: [root cause]
"""


def test_team_rules_add_and_replace(site: SiteFactory) -> None:
    site.config(CONFIG + TEAM_RULES)
    write(
        site,
        FULL.replace("The control plane acted on stale health data.", "Obviously, blame.").replace(
            RESOLUTION, "No blame here."
        ),
    )
    assert lint_lines(site) == [
        f'{PM}:42:12 blame-word: "blame" is a word we avoid — say what happened',
    ]


def test_bad_team_rule_is_a_config_error(site: SiteFactory) -> None:
    site.config(
        CONFIG + TEAM_RULES.replace("[blame]", "['(unclosed']").replace("root cause", "Causes!")
    )
    write(site, FULL)
    assert lint_lines(site) == [
        "mkdocs.yml:26: error: plugins[0].statusgen.blameless_rules[1].patterns[0]: not a valid "
        "regular expression (missing ), unterminated subpattern at position 0): (unclosed",
        "mkdocs.yml:27: error: plugins[0].statusgen.blameless_rules[1].sections[0]: unknown "
        "section 'Causes!' (known: Summary, Impact, Trigger, Root causes, Contributing factors, "
        "Detection, Resolution, What went wrong, What went well, Where we got lucky, What "
        "happened, What we are doing about it, Timeline, Action items)",
    ]


def test_strict_turns_warnings_into_errors(site: SiteFactory) -> None:
    write(site, in_resolution("Obviously."))
    assert lint_paths(site.config_file).failed() is False
    strict = lint_paths(site.config_file, strict=True)
    assert strict.failed() is True
    assert strict.summary() == "1 error, 0 warnings in 1 file"


def run(runner: CliRunner, site: SiteFactory, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        cli, ["lint", "-f", str(site.config_file), *args], env={"GITHUB_ACTIONS": "false"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_cli_text_report_and_exit_codes(runner: CliRunner, site: SiteFactory) -> None:
    write(site, in_resolution("Obviously."))
    warning = (
        f'{PM}:50:1 hindsight: "Obviously" reads as hindsight — say what the responders knew and '
        "saw at the time"
    )
    assert run(runner, site) == (0, f"{warning}\n0 errors, 1 warning in 1 file\n")
    assert run(runner, site, "--strict") == (1, f"{warning}\n1 error, 0 warnings in 1 file\n")


def test_cli_json_and_github_formats(runner: CliRunner, site: SiteFactory) -> None:
    write(site, in_resolution("Obviously."))
    code, output = run(runner, site, "--format", "json")
    assert code == 0
    assert json.loads(output)["problems"] == [
        {
            "path": PM,
            "line": 50,
            "col": 1,
            "severity": "warning",
            "field": "",
            "message": '"Obviously" reads as hindsight',
            "rule": "hindsight",
            "suggestion": "say what the responders knew and saw at the time",
        }
    ]
    code, output = run(runner, site, "--format", "github")
    assert output.splitlines()[0] == (
        f'::warning file={PM},line=50,col=1,title=hindsight::"Obviously" reads as hindsight — '
        "say what the responders knew and saw at the time"
    )


def test_cli_lints_given_paths_without_a_site(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "review.md").write_text("---\nstatus: draft\n---\nIt was human error.\n", "utf-8")
    (folder / "README.md").write_text("human error\n", "utf-8")
    result = runner.invoke(
        cli,
        ["lint", "-f", str(folder / "absent.yml"), str(folder)],
        env={"GITHUB_ACTIONS": "false"},
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f'{folder.as_posix()}/review.md:4:8 human-error: "human error" names people as the '
        "cause — describe the conditions that made the action possible and its effect likely",
        "0 errors, 1 warning in 1 file",
    ]


def test_example_postmortems_are_blameless() -> None:
    from .conftest import REPO

    assert lint_paths(REPO / "mkdocs.yml", strict=True).problems == ()


def test_plain_markdown_without_front_matter(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Notes\n\n<!-- statusgen: allow hindsight -->\nObviously fine.\n\nIf only.\n", "utf-8"
    )
    broken = tmp_path / "broken.md"
    broken.write_text("---\n[unclosed\n---\nHuman error.\n", "utf-8")
    report = lint_paths(tmp_path / "absent.yml", [notes, broken])
    assert [p.as_text() for p in report.problems] == [
        f"{broken.as_posix()}:3: error: invalid YAML: did not find expected ',' or ']' while "
        "parsing a flow sequence",
        f'{notes.as_posix()}:6:1 counterfactual: "If only" describes what did not happen — say '
        "what happened and why it made sense at the time; put changes under action items",
    ]
