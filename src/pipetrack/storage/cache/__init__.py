"""pipetrack's local cache of a data folder (``<data>/.pipetrack-cache/``), safe to delete any time.

* ``codec``: the file format (an allow-list pickle codec) and the identity a
  cache file must match (pipetrack, format, pydantic and Python versions,
  the bytes of ``pipetrack.yaml``);
* ``records``: the record cache, validated records reused while their files
  are unchanged (base + delta files);
* ``deals``: the deal list of the last full load and the journal of
  pipetrack's own writes since, so one-contact commands need no full load;
* ``pool``: parsing many files over a process per core;
* ``load``: the folder loader these wrap, seeing the store only through a
  narrow ``Source`` interface (the store imports the cache, never the reverse).
"""

from pipetrack.storage.cache.codec import MAGIC, Key, file_key, identity, read_cache_file, settings_bytes
from pipetrack.storage.cache.deals import DEALS_FILE, JOURNAL_FILE, load_deals, note_write, save_deals
from pipetrack.storage.cache.records import BASE_FILE, DELTA_FILE, RecordCache
from pipetrack.storage.fs import CACHE_DIR

__all__ = [
    "BASE_FILE",
    "CACHE_DIR",
    "DEALS_FILE",
    "DELTA_FILE",
    "JOURNAL_FILE",
    "MAGIC",
    "Key",
    "RecordCache",
    "file_key",
    "identity",
    "load_deals",
    "note_write",
    "read_cache_file",
    "save_deals",
    "settings_bytes",
]
