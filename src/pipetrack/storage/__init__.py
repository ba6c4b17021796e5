"""The layer that touches files. Importing it lets the domain read the shipped method files."""

from pipetrack.domain import methodfile as _methodfile
from pipetrack.storage.methods import read_shipped as _read_shipped

_methodfile.set_reader(_read_shipped)
