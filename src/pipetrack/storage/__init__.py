"""The layer that touches files. Importing it lets the domain read the shipped method files."""

from pipetrack.domain import method as _method
from pipetrack.storage.methods import read_shipped as _read_shipped

_method.set_reader(_read_shipped)
