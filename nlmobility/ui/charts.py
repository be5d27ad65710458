"""The app's charts as Vega-Lite specifications (plain dicts) drawn by ``st.vega_lite_chart``.

Altair built the same specifications through its schema classes on every rerun: under load that
was a sixth of the interpreter time of a page run (parsing "month:T" shorthands, wrapping each
channel, validating the whole chart under a process-wide lock). The dicts below say the same
thing directly; the data frame still travels to the browser as Arrow.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

#: Vega-Lite field types by the letter of Altair's shorthand ("month:T").
_TYPES = {"N": "nominal", "O": "ordinal", "Q": "quantitative", "T": "temporal"}


def field(name: str, kind: str, title: str | None = None, **extra: Any) -> dict[str, Any]:
    """One encoding channel: ``field("month", "T", "Mes", axis={"format": "%Y-%m"})``.

    ``title=None`` leaves the axis or legend without a title (as Altair's ``title=None``).
    """
    return {"field": name, "type": _TYPES[kind], "title": title, **extra}


def tip(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    """One tooltip line (the field's name as Vega-Lite shows it)."""
    return {"field": name, "type": _TYPES[kind], **extra}


def show(df: pd.DataFrame, mark: str | dict[str, Any], encoding: dict[str, Any], *, height: int | None = None) -> None:
    """Draw ``df`` with ``mark`` and ``encoding`` across the page's width."""
    spec: dict[str, Any] = {
        "mark": mark if isinstance(mark, dict) else {"type": mark},
        "encoding": encoding,
        # axis labels whole ("San Pedro Garza García", a milestone's title): Vega-Lite cuts them at 180 px
        "config": {"axis": {"labelLimit": 0}},
    }
    if height is not None:
        spec["height"] = height
    st.vega_lite_chart(df, spec, width="stretch")
