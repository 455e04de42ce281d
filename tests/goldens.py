"""The goldens: every static output of the example content at NOW, kept in tests/golden/.

`make goldens` (python -m tests.goldens) rewrites them after an intended change of the
output; review the diff like code. The test only compares, and shows a unified diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from statusgen.content.validate import check_site
from statusgen.render.outputs import static_outputs

from .conftest import NOW, REPO

GOLDEN = Path(__file__).parent / "golden"
KEEP = {".gitattributes"}
REFRESH = "make goldens"


def render(config_file: Path = REPO / "mkdocs.yml") -> dict[str, bytes]:
    result = check_site(config_file, NOW)
    assert result.content is not None, result.report.format("text")
    return static_outputs(result.content, NOW)


def stored() -> dict[str, bytes]:
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes()
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file() and p.name not in KEEP
    }


def write(files: dict[str, bytes]) -> list[str]:
    """Make tests/golden/ hold exactly `files`; return what changed."""
    old = stored()
    for stale in set(old) - set(files):
        (GOLDEN / stale).unlink()
    for path, data in files.items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # ICS needs its CRLF line ends byte for byte: keep Git from touching any golden.
    (GOLDEN / ".gitattributes").write_text("* -text\n")
    return sorted(p for p in set(old) | set(files) if old.get(p) != files.get(p))


def diff(path: str, expected: bytes | None, actual: bytes | None) -> str:
    """A unified diff from the golden to the output (either may be missing)."""
    before = (expected or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (actual or b"").decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(
            before,
            after,
            fromfile=f"tests/golden/{path}" if expected is not None else "/dev/null",
            tofile=f"output/{path}" if actual is not None else "/dev/null",
        )
    )


def main() -> None:
    changed = write(render())
    print("\n".join(f"updated tests/golden/{p}" for p in changed) or "goldens unchanged")  # noqa: T201


if __name__ == "__main__":
    main()
