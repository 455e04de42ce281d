"""`statusgen import`: bring a status page's history over from Atlassian Statuspage or cState.

Each source module reads its format into the neutral `source.SourceData`; `plan` turns that
into the files of this site (components merged into mkdocs.yml, incident, maintenance and
postmortem files), validates the result in a scratch copy of the site, and `commit` writes
it only when the whole import validates. Everything that could not be carried over is a
`Finding` in the report, with the incident it belongs to.
"""
