"""pipetrack: a sales pipeline tracker over plain YAML files."""

__version__ = "0.1.0"
