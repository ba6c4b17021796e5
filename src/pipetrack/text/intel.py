"""English and Chinese texts of account and contact intelligence (README: Key accounts).

Labels for the key-account vocabulary (levels, functions, roles, supporters,
personalities, relationship stages, needs, tiers, depth), the selling tips and
the strategies, gaps and verdicts; read through ``pipetrack.text.text``. One module
per language: ``intel_en``, ``intel_zh``.
"""

from __future__ import annotations

from pipetrack.text.intel_en import EN
from pipetrack.text.intel_zh import ZH

TEXTS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
