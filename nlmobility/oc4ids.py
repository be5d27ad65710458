"""The corridors as an OC4IDS project package (Open Contracting for Infrastructure Data Standard 0.9).

One project per corridor: identification, status (projectStatus codelist), the line as the
location's GeoJSON geometry, budget, contracting processes with their suppliers (who are also
parties), documents with their types, milestones (works start and end, opening, and every
participation event as an ``engagement`` milestone) and physical progress as a metric. The
package names its publisher and licence, and says (in the ``x_nlmobility`` extension field) what
the data are built from: sample, real or mixed. Nothing here invents a value: what the database
does not hold is left out, never filled with zero. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pandas as pd

from nlmobility import geo, meta, queries
from nlmobility.filters import Filters
from nlmobility.queries import Cursor

VERSION = "0.9"
#: Corridor status -> OC4IDS projectStatus code.
STATUS = {"planned": "preparation", "in_works": "implementation", "finished": "completion"}
#: Document kinds as published (Spanish, lower case) -> OC4IDS documentType code; others keep only their title.
DOCUMENT_TYPES = {
    "proyecto ejecutivo": "technicalSpecifications",
    "ficha técnica": "projectPlan",
    "contrato": "contractSigned",
    "estudio de impacto ambiental": "environmentalImpact",
    "manifestación de impacto ambiental": "environmentalImpact",
    "informe de avance": "physicalProgressReport",
    "convocatoria": "tenderNotice",
    "fallo": "awardNotice",
}
#: Licence names as recorded in data_source -> their canonical address (identifiers, never fetched).
LICENCES = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODbL 1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
PUBLISHER = "nlmobility · tablero del compromiso Corredores Verdes (Nuevo León Abierto)"
PREFIX = "nlmobility"


def _day(v: Any) -> str | None:
    """A date as OC4IDS date-time (midnight UTC), or None when unknown."""
    if v is None or pd.isna(v):
        return None
    return pd.Timestamp(v).strftime("%Y-%m-%dT00:00:00Z")


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """Drop unknown (None) and empty members: OC4IDS leaves out what is not known."""
    return {k: v for k, v in d.items() if v is not None and v not in ([], {})}


def _rows(df: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples (cells typed ``Any``: they come from the database)."""
    return df.itertuples()


def _party_id(name: str) -> str:
    return f"{PREFIX}-party-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:60]


def project(
    corridor: pd.Series,
    contracts: pd.DataFrame,
    documents: pd.DataFrame,
    events: pd.DataFrame,
    *,
    updated: str,
    today: dt.date,
) -> dict[str, Any]:
    """One corridor as an OC4IDS project."""
    cid = str(corridor["corridor_id"])
    parties: dict[str, dict[str, Any]] = {}
    processes = []
    for c in _rows(contracts):
        pid = _party_id(str(c.supplier))
        parties.setdefault(pid, {"id": pid, "name": str(c.supplier), "roles": ["supplier"]})
        value = None if pd.isna(c.amount_mxn) else {"amount": float(c.amount_mxn), "currency": "MXN"}
        summary = _clean(
            {
                "externalReference": str(c.contract_ref),
                "title": str(c.concept),
                "nature": ["construction"],
                "suppliers": [{"id": pid, "name": str(c.supplier)}],
                "contractValue": value,
                "contractPeriod": _clean({"startDate": _day(c.signed_on)}) or None,
                "documents": [{"id": f"{c.contract_ref}-doc", "documentType": "contractSigned", "url": str(c.url)}]
                if isinstance(c.url, str) and c.url
                else None,
            }
        )
        processes.append({"id": f"{PREFIX}-{cid}-{c.contract_ref}", "summary": summary})
    docs = []
    for i, d in enumerate(_rows(documents), start=1):
        kind = str(d.kind).strip().lower()
        docs.append(
            _clean(
                {
                    "id": f"{cid}-D{i:02d}",
                    "documentType": DOCUMENT_TYPES.get(kind),
                    "title": str(d.title),
                    "description": str(d.kind),
                    "url": str(d.url),
                    "datePublished": _day(d.published),
                }
            )
        )
    milestones = []

    def step(mid: str, title: str, mtype: str, due: Any, met: bool) -> None:
        when = _day(due)
        if when is None:
            return
        milestones.append(
            _clean(
                {
                    "id": mid,
                    "title": title,
                    "type": mtype,
                    "dueDate": when,
                    "dateMet": when if met else None,
                    "status": "met" if met else "scheduled",
                }
            )
        )

    status = str(corridor["status"])
    finished = status == "finished"
    for key, title, mtype in (
        ("works_start", "Inicio de obra", "delivery"),
        ("works_end", "Fin de obra", "delivery"),
        ("opening_date", "Apertura al público", "delivery"),
    ):
        due = corridor[key]
        done = pd.notna(due) and pd.Timestamp(due).date() <= today and (key != "works_end" or finished)
        step(f"{cid}-{key}", title, mtype, due, bool(done))
    for e in _rows(events):
        held = pd.Timestamp(e.event_date).date() <= today
        step(
            f"{cid}-{e.event_id}",
            f"{e.title} ({int(e.participants_total)} participantes)",
            "engagement",
            e.event_date,
            held,
        )
    metrics = []
    if pd.notna(corridor["progress_pct"]):
        metrics.append(
            {
                "id": "physicalProgress",
                "title": "Avance físico",
                "observations": [
                    {
                        "id": "1",
                        "measure": f"{float(corridor['progress_pct']):g}",
                        "unit": {"name": "percent", "id": "P1", "scheme": "UNCEFACT"},
                        "period": {"startDate": updated, "endDate": updated},
                    }
                ],
            }
        )
    budget = (
        None
        if pd.isna(corridor["budget_mxn"])
        else {"amount": {"amount": float(corridor["budget_mxn"]), "currency": "MXN"}}
    )
    return _clean(
        {
            "id": f"{PREFIX}-{cid}",
            "updated": updated,
            "language": "es",
            "title": str(corridor["name"]),
            "description": str(corridor["description"]) if pd.notna(corridor["description"]) else None,
            "status": STATUS.get(status),
            "type": "construction",
            "sector": ["transport.urban", "transport.lowCarbon"],
            "budget": budget,
            "implementationPeriod": _clean(
                {"startDate": _day(corridor["works_start"]), "endDate": _day(corridor["works_end"])}
            )
            or None,
            "locations": [
                {
                    "id": "1",
                    "description": f"{corridor['name']}, {corridor['municipality']}",
                    # the line as imported (the caller passes corridor_geometry's), without empty parts (RFC 7946)
                    "geometry": geo.without_empty_parts(json.loads(str(corridor["geojson"]))),
                }
            ],
            "parties": list(parties.values()),
            "contractingProcesses": processes,
            "documents": docs,
            "milestones": sorted(milestones, key=lambda m: (m["dueDate"], m["id"])),
            "metrics": metrics,
        }
    )


class NoProjects(ValueError):
    """The database holds no corridor: an OC4IDS package needs at least one project."""


def package(cur: Cursor, *, uri: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Every corridor of the database as one OC4IDS project package (:class:`NoProjects` when there is none)."""
    today = today or dt.date.today()
    m = queries.dataset_meta(cur)
    sources = queries.data_sources(cur)
    version = queries.dataset_version(cur) or "sin-versión"
    updated = _day(m.get("data_date")) or _day(today) or ""
    licences = sorted(set(sources["licence"].dropna().astype(str))) if not sources.empty else []
    corridors = queries.corridors(cur)
    if corridors.empty:
        raise NoProjects("no corridors in this database: import corridors first (nlmobility import corridors FILE)")
    # corridors() carries the map's simplified copy: a published project has the line exactly as imported
    exact = queries.corridor_geometry(cur).set_index("corridor_id")["geojson"]
    corridors["geojson"] = corridors["corridor_id"].map(exact).fillna(corridors["geojson"])
    events = queries.participation_events(cur, Filters.all_time())
    projects = [
        project(
            r,
            queries.corridor_contracts(cur, str(r["corridor_id"])),
            queries.corridor_documents(cur, str(r["corridor_id"])),
            events[events["corridor_id"] == r["corridor_id"]],
            updated=updated,
            today=today,
        )
        for _, r in corridors.iterrows()
    ]
    return _clean(
        {
            "version": VERSION,
            "uri": uri or f"urn:{PREFIX}:oc4ids:{version}",
            "publishedDate": updated,
            "publisher": {"name": PUBLISHER},
            "license": LICENCES.get(licences[0]) if len(licences) == 1 else None,
            "projects": projects,
            "x_nlmobility": {
                "builtFrom": meta.built_from(m),
                "dataVersion": version,
                "sources": [
                    {"title": str(s.title), "licence": str(s.licence), "sample": bool(s.is_sample)}
                    for s in sources.itertuples()
                ],
            },
        }
    )
