"""statusgen: a Git repository of Markdown incidents and postmortems, published as a status page."""

# The one place the version is written: pyproject.toml reads it, `statusgen --version` prints
# it, `statusgen init` pins it, and a release tag must match it (see RELEASING.md).
__version__ = "0.1.0"
