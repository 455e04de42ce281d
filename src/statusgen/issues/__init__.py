"""GitHub issues that tell the team what is late, kept in step through the `gh` CLI.

`gh` runs the GitHub CLI that GitHub's runners come with; `overdue` keeps one issue per
incident overdue for a public update (`statusgen overdue --github-issues`), `action_items`
one per overdue postmortem action item (`statusgen action-issues`). Each issue carries a
hidden marker that a later run finds it by; nothing goes through a shell.
"""
