"""Validated, atomic imports of real-world files (see ``run_import``)."""

from nlmobility.ingest.api import Report, run_import, run_imports

__all__ = ["Report", "run_import", "run_imports"]
