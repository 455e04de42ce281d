"""The validation cache (.statusgen-cache/documents-v1.json): a warm validation equals a cold one.

Random sites get random edits (a file rewritten into or out of error, added, deleted, a
component dropped from mkdocs.yml, the clock moved either way); validating with the cache
the previous run kept must give the same report and the same content as validating from
scratch. The other tests check what a reader or an author sees: an edited title reaches the
built page, a corrupt or foreign cache changes nothing, `validate` creates no folder.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.build.pipeline import build
from statusgen.cache_folder import FOLDER
from statusgen.cli import cli
from statusgen.content import document_cache
from statusgen.content.document_cache import DOCUMENTS_FILE, DocumentCache
from statusgen.content.site import CheckResult
from statusgen.content.validate import check_site

from .conftest import CONFIG, NOW, SiteFactory

# Values that pass and values that fail, so random files land on both sides of every check;
# times around NOW and a year ahead, for the warnings that depend on the clock.
TIMES = [
    "2026-11-20T10:00:00Z",
    "2026-11-22T09:30:00+02:00",
    "2026-11-24T10:00:00Z",
    "2027-12-30T00:00:00Z",
    "2026-11-20 10:00",
    "not a time",
]
STATUSES = ["investigating", "monitoring", "resolved", "completed", "bogus"]
IMPACTS = ["none", "minor", "major", "huge"]
COMPONENTS = ["api", "web", "db", "nope"]
BODIES = [
    '"All **good** now."',
    '""',
    '"See ![graph](https://elsewhere.example/g.png)"',
    '"A bell \\a rang."',
    '"Plain é text"',
]
JUNK = [
    "no front matter at all\n",
    "---\ntitle: [unclosed\n---\n",
    "---\n- a list\n---\n",
    "---\ntitle: x\x07y\nupdates: []\n---\n",
]


@st.composite
def incident_texts(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        if draw(st.booleans()):
            return b"---\ntitle: \xff\n---\n"
        return draw(st.sampled_from(JUNK)).encode()
    maintenance = draw(st.booleans())
    lines = [f"title: {draw(st.sampled_from(['API errors', '', 'x: y', 'Two words']))!r}"]
    if maintenance:
        lines += [
            "kind: maintenance",
            f"scheduled_for: {draw(st.sampled_from(TIMES))}",
            f"scheduled_until: {draw(st.sampled_from(TIMES))}",
        ]
    elif draw(st.booleans()):
        lines.append(f"impact: {draw(st.sampled_from(IMPACTS))}")
    component = draw(st.sampled_from(COMPONENTS))
    lines += ["components:", f"  {component}: {draw(st.sampled_from(['major_outage', 'up']))}"]
    if draw(st.booleans()):
        lines.append(f"started_at: {draw(st.sampled_from(TIMES))}")
    lines.append("updates:")
    for _ in range(draw(st.integers(0, 3))):
        lines += [
            f"  - at: {draw(st.sampled_from(TIMES))}",
            f"    status: {draw(st.sampled_from(STATUSES))}",
            f"    body: {draw(st.sampled_from(BODIES))}",
        ]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["impcat: major", "draft: true", "postmortem: maybe"])))
    body = draw(st.sampled_from(["", "More detail below.\n", "[link](https://x.example/)\n"]))
    return ("---\n" + "\n".join(lines) + "\n---\n" + body).encode()


names = st.sampled_from(
    [f"2026-11-{day:02d}-item-{n}.md" for day in (1, 20, 22) for n in range(3)] + ["Bad Name.md"]
)
sites = st.dictionaries(names, incident_texts(), min_size=1, max_size=6)
edits = st.lists(
    st.one_of(
        st.tuples(st.just("write"), names, incident_texts()),
        st.tuples(st.just("delete"), names, st.just(b"")),
        st.tuples(st.just("config"), st.just(""), st.just(b"")),
    ),
    max_size=3,
)
clocks = st.sampled_from([timedelta(0), timedelta(days=3), timedelta(days=-3), timedelta(days=500)])


DATABASE = "        - id: db\n          name: Database\n          group: Data\n"
assert DATABASE in CONFIG


def write_files(root: Path, files: dict[str, bytes]) -> SiteFactory:
    site = SiteFactory(root)
    for name, raw in files.items():
        (site.root / "incidents" / name).write_bytes(raw)
    return site


def apply_edits(site: SiteFactory, changes: list[tuple[str, str, bytes]]) -> None:
    for kind, name, raw in changes:
        path = site.root / "incidents" / name
        if kind == "write":
            path.write_bytes(raw)
        elif kind == "delete":
            path.unlink(missing_ok=True)
        else:  # files naming the database become wrong
            site.config(CONFIG.replace(DATABASE, ""))


def validated(site: SiteFactory, now: datetime, documents: DocumentCache) -> CheckResult:
    return check_site(site.config_file, now, documents=documents)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=sites, changes=edits, first=clocks, later=clocks)
def test_validating_with_the_cache_equals_validating_without(
    files: dict[str, bytes],
    changes: list[tuple[str, str, bytes]],
    first: timedelta,
    later: timedelta,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = write_files(Path(folder) / "repo", files)
        filled = DocumentCache()
        validated(site, NOW + first, filled)
        document_cache.save(filled, site.root)
        apply_edits(site, changes)
        kept = document_cache.load(site.root)
        warm = validated(site, NOW + later, kept)
        cold = validated(site, NOW + later, DocumentCache())
        assert warm.report.format("text") == cold.report.format("text")
        assert warm.report.problems == cold.report.problems
        assert warm.content == cold.content
        assert kept.stored, "the cache kept nothing, so nothing was compared"


def incident(title: str, body: str = "We are looking into it.") -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\nimpact: minor\ncomponents:\n  api: partial_outage\n"
        "postmortem: not-required\npostmortem_reason: A test.\nupdates:\n"
        f"  - at: 2026-03-01T10:00:00Z\n    status: resolved\n    body: {json.dumps(body)}\n---\n"
    )


def page(out: Path, incident_id: str) -> str:
    return (out / "incidents" / incident_id / "index.html").read_text("utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def plant_title(site: SiteFactory, old: str, new: str) -> None:
    """Change a title inside the kept findings, as a cache with stale entries would hold it."""
    cache_file = site.root / FOLDER / DOCUMENTS_FILE
    text = cache_file.read_text("utf-8")
    assert f'"title":"{old}"' in text
    cache_file.write_text(text.replace(f'"title":"{old}"', f'"title":"{new}"'), "utf-8")


def test_an_unchanged_file_is_served_from_the_cache(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    plant_title(site, "API errors", "Planted in the cache")
    assert build(site.config_file, NOW, site_dir=tmp_path / "second").built
    assert "Planted in the cache" in page(tmp_path / "second", "2026-03-01-api")


def test_an_edited_file_is_read_again(site: SiteFactory, tmp_path: Path) -> None:
    path = site.incident("2026-03-01-api.md", incident("API errors"))
    site.incident("2026-03-02-web.md", incident("Website slow"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    plant_title(site, "API errors", "Stale title")
    path.write_text(incident("API errors, edited"), "utf-8")
    assert build(site.config_file, NOW, site_dir=tmp_path / "second").built
    html = page(tmp_path / "second", "2026-03-01-api")
    assert "API errors, edited" in html
    assert "Stale title" not in html


def test_an_edit_that_breaks_a_file_is_reported(site: SiteFactory, tmp_path: Path) -> None:
    path = site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    path.write_text(incident("API errors").replace("impact: minor", "impact: huge"), "utf-8")
    result = build(site.config_file, NOW, site_dir=tmp_path / "second")
    assert not result.built
    assert "incidents/2026-03-01-api.md:3: error: impact:" in result.report.format("text")


def test_a_warning_about_the_future_follows_the_clock(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    early = datetime.fromisoformat("2026-02-20T00:00:00+00:00")
    filled = DocumentCache()
    assert "in the future" in validated(site, early, filled).report.format("text")
    assert "in the future" not in validated(site, NOW, filled).report.format("text")
    assert "in the future" in validated(site, early, filled).report.format("text")


def test_a_deleted_file_is_dropped_from_the_cache(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    gone = site.incident("2026-03-02-web.md", incident("Website slow"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    cache_file = site.root / FOLDER / DOCUMENTS_FILE
    assert "2026-03-02-web.md" in cache_file.read_text("utf-8")
    gone.unlink()
    assert build(site.config_file, NOW, site_dir=tmp_path / "second").built
    kept = cache_file.read_text("utf-8")
    assert "2026-03-02-web.md" not in kept
    assert "2026-03-01-api.md" in kept


@pytest.mark.parametrize(
    "junk",
    [
        "{not json",
        "[]",
        '{"code": "an older statusgen", "files": {}}',
        '{"files": {"abc": {"findings": "x"}}}',
        "",
    ],
)
def test_a_corrupt_or_old_cache_is_ignored(site: SiteFactory, tmp_path: Path, junk: str) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "cold").built
    (site.root / FOLDER / DOCUMENTS_FILE).write_text(junk, "utf-8")
    assert build(site.config_file, NOW, site_dir=tmp_path / "after-junk").built
    assert tree(tmp_path / "after-junk") == tree(tmp_path / "cold")
    # The build replaced the junk with a cache that serves the next build.
    assert document_cache.load(site.root).stored


def test_a_truncated_entry_is_ignored(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "cold").built
    cache_file = site.root / FOLDER / DOCUMENTS_FILE
    data = json.loads(cache_file.read_text("utf-8"))
    (entry,) = data["files"].values()
    del entry["incident"]["updates"]
    cache_file.write_text(json.dumps(data), "utf-8")
    assert build(site.config_file, NOW, site_dir=tmp_path / "after").built
    assert tree(tmp_path / "after") == tree(tmp_path / "cold")


def test_a_folder_statusgen_did_not_make_is_left_alone(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    plant_title(site, "API errors", "Planted by someone else")
    theirs = site.root / FOLDER
    (theirs / "CACHEDIR.TAG").unlink()
    (theirs / "pages-v1.json").unlink()
    before = tree(theirs)
    assert build(site.config_file, NOW, site_dir=tmp_path / "second").built
    assert "Planted by someone else" not in page(tmp_path / "second", "2026-03-01-api")
    assert tree(theirs) == before


def run_validate(site: SiteFactory) -> str:
    result = CliRunner().invoke(
        cli,
        ["validate", "-f", str(site.config_file), "--now", "2026-11-22T12:00:00Z"],
        env={"GITHUB_ACTIONS": "false"},
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_validate_creates_no_cache_folder(site: SiteFactory) -> None:
    site.incident("2026-03-01-api.md", incident("API errors"))
    run_validate(site)
    assert not (site.root / FOLDER).exists()


def test_validate_reads_the_builds_cache_and_leaves_it(site: SiteFactory, tmp_path: Path) -> None:
    path = site.incident("2026-03-01-api.md", incident("API errors"))
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    cache_file = site.root / FOLDER / DOCUMENTS_FILE
    text = cache_file.read_text("utf-8")
    marker = "A problem planted in the cache"
    problem = {"path": "incidents/2026-03-01-api.md", "line": 1, "severity": "warning"}
    planted = json.dumps({"problem": {**problem, "message": marker}, "until": None})
    cache_file.write_text(text.replace('"findings":[', f'"findings":[{planted},', 1), "utf-8")
    before = cache_file.read_bytes()
    assert marker in run_validate(site)
    path.write_text(incident("API errors, edited"), "utf-8")
    assert marker not in run_validate(site)
    assert cache_file.read_bytes() == before
