"""Validated, atomic imports of real-world files (see ``run_import``)."""

from nlmobility.ingest.api import Report, run_import

__all__ = ["Report", "run_import"]
