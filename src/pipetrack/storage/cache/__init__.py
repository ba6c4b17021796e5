"""pipetrack's local cache of a data folder (``<data>/.pipetrack-cache/``), safe to delete any time.

* ``codec``: the file format (an allow-list pickle codec) and the identity a
  cache file must match (pipetrack, format, pydantic and Python versions,
  the bytes of ``pipetrack.yaml``);
* ``index``: the folder's index (SQLite): per file its key and its slim
  facts (``facts``) or pickled model, and the tables ``pipetrack query`` reads;
* ``deals``: the deal list of the last full load and the journal of
  pipetrack's own writes since, so one-contact commands need no full load;
* ``pool``: parsing many files over a process per core;
* ``load``: the folder loader these wrap, seeing the store only through a
  narrow ``Source`` interface (the store imports the cache, never the reverse).
"""

from pipetrack.storage.cache.codec import MAGIC, Key, file_key, identity, read_cache_file, settings_bytes
from pipetrack.storage.cache.deals import DEALS_FILE, JOURNAL_FILE, load_deals, note_write, save_deals
from pipetrack.storage.cache.index import INDEX_FILE, Index
from pipetrack.storage.fs import CACHE_DIR

__all__ = [
    "CACHE_DIR",
    "DEALS_FILE",
    "INDEX_FILE",
    "JOURNAL_FILE",
    "MAGIC",
    "Index",
    "Key",
    "file_key",
    "identity",
    "load_deals",
    "note_write",
    "read_cache_file",
    "save_deals",
    "settings_bytes",
]
