"""Validated, atomic imports of real-world files (see ``run_import``; its choices are one ``Options``)."""

from nlmobility.ingest.api import Report, run_import, run_imports
from nlmobility.ingest.options import Options

__all__ = ["Options", "Report", "run_import", "run_imports"]
