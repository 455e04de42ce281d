"""`statusgen overdue`: the incidents late for a public update, told to the team.

Which items are late is a pure question of (content, now, policy), answered in
`status.cadence`. This package does what needs the outside world: `git_history` asks Git who
posted last, `report` writes the answer for people, scripts and workflow annotations, and
`issues` keeps one GitHub issue per late incident in step through the `gh` CLI.
"""
