"""statusgen: a Git repository of Markdown incidents and postmortems, published as a status page."""

__version__ = "0.1.0"
