"""A stand-in for the GitHub CLI that keeps issues in a JSON file and records every call.

`install(folder)` writes it as `folder/gh`; put the folder first on PATH. It reads and
writes `$FAKE_GH_STATE` and appends one JSON line per call to `$FAKE_GH_LOG`: the
arguments, the token and repository it was given, and the text of any `--body-file`.
`$FAKE_GH_FAIL` names a subcommand ("issue create") that fails as gh does, on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCRIPT = """\
#!{python}
import json, os, sys
args = sys.argv[1:]
state_path, log_path = os.environ["FAKE_GH_STATE"], os.environ["FAKE_GH_LOG"]
state = {{"issues": [], "labels": []}}
if os.path.exists(state_path):
    state = json.load(open(state_path))
entry = {{"args": args, "token": os.environ.get("GH_TOKEN"), "repo": os.environ.get("GH_REPO")}}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
with open(log_path, "a", encoding="utf-8") as log:
    log.write(json.dumps(entry) + "\\n")
if " ".join(args[:2]) == os.environ.get("FAKE_GH_FAIL"):
    sys.stderr.write("HTTP 403: Resource not accessible by integration\\n")
    sys.exit(1)
def option(name):
    return args[args.index(name) + 1] if name in args else None
def issue(number):
    return next(i for i in state["issues"] if i["number"] == int(number))
command = args[:2]
if command == ["issue", "list"]:
    label = option("--label")
    found = [i for i in state["issues"] if label in i["labels"]]
    print(json.dumps([{{k: i[k] for k in ("number", "state", "title", "body")}} for i in found]))
elif command == ["issue", "create"]:
    number = len(state["issues"]) + 1
    state["issues"].append({{"number": number, "state": "OPEN", "title": option("--title"),
        "body": entry["body"], "labels": [option("--label")], "comments": []}})
    print(f"https://github.com/octo-org/status/issues/{{number}}")
elif command == ["issue", "edit"]:
    issue(args[2]).update(title=option("--title"), body=entry["body"])
elif command == ["issue", "comment"]:
    issue(args[2])["comments"].append(entry["body"])
elif command == ["issue", "close"]:
    issue(args[2]).update(state="CLOSED", reason=option("--reason"))
elif command == ["label", "create"]:
    state["labels"] = sorted(set(state["labels"]) | {{args[2]}})
else:
    sys.stderr.write("unknown command: " + " ".join(args) + "\\n")
    sys.exit(2)
json.dump(state, open(state_path, "w"))
"""


def install(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    gh = folder / "gh"
    gh.write_text(SCRIPT.format(python=sys.executable), "utf-8")
    gh.chmod(0o755)
    return gh


def calls(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


def state(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data
