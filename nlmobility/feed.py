"""An Atom feed of what changed: milestone status changes, corridor works and openings, new data versions.

Written beside the database (``<db>.feed.xml``) when it is built and after every import that
lands, and copied by the app to ``static/feed.xml`` (served by Streamlit's static file serving,
linked from every page) whenever it sees a new dataset version. Entries carry plain text only
(XML-escaped by the standard library's serializer, which does not drop the code points XML cannot
hold: every text goes through ``textsafe.xml_text`` so one U+FFFE or control character in a name
or a file name cannot make the whole feed unparseable). No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import xml.etree.ElementTree as ET
from typing import Any

import duckdb
import pandas as pd

from nlmobility import db, meta, plan, settings, textsafe

ATOM = "http://www.w3.org/2005/Atom"
#: Where the app serves the feed (Streamlit static file serving: ``app/static/feed.xml``).
STATIC_FEED = pathlib.Path(__file__).resolve().parent.parent / "static" / "feed.xml"
#: How many entries the feed keeps (newest first).
MAX_ENTRIES = 200


def path_for(db_path: pathlib.Path) -> pathlib.Path:
    """Where the feed of a database lives: beside it (a lake's: in its data path, shared by its machines)."""
    if db.is_lake(db_path):
        return settings.path(db.ENV_DATA_PATH) / "lake.feed.xml"
    return db_path.with_name(db_path.name + ".feed.xml")


def _stamp(v: Any) -> str:
    return pd.Timestamp(v).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """Every change the database records, newest first: id, updated, title, summary."""
    out: list[dict[str, str]] = []
    for r in con.execute(
        """SELECT h.milestone_id, h.changed_on, h.status, h.note, m.seq, m.title_es, m.commitment_id
           FROM milestone_status_history h JOIN milestone m USING (milestone_id)"""
    ).fetchall():
        mid, changed, status, note, seq, title, commitment = r
        out.append(
            {
                "id": f"urn:nlmobility:milestone:{mid}:{pd.Timestamp(changed).date().isoformat()}:{status}",
                "updated": _stamp(changed),
                "title": f"Hito {seq} ({commitment}): {plan.status_text(status, 'es')} — {title}",
                "summary": str(note or ""),
            }
        )
    for cid, name, works_start, opening in con.execute(
        "SELECT corridor_id, name, works_start, opening_date FROM corridor"
    ).fetchall():
        for day, what in ((works_start, "inicia obra"), (opening, "abre al público")):
            if day is not None:
                out.append(
                    {
                        "id": f"urn:nlmobility:corridor:{cid}:{what.replace(' ', '-')}",
                        "updated": _stamp(day),
                        "title": f"{name}: {what}",
                        "summary": f"{name} {what} el {pd.Timestamp(day).date().isoformat()}.",
                    }
                )
    for import_id, kind, file_name, accepted, imported_at, version in con.execute(
        "SELECT import_id, kind, file_name, rows_accepted, imported_at, dataset_version FROM import_log"
    ).fetchall():
        out.append(
            {
                "id": f"urn:nlmobility:version:{version}:{import_id}",
                "updated": _stamp(imported_at),
                "title": f"Nueva versión de datos: {version}",
                "summary": f"Carga de {kind} ({file_name}): {accepted} filas aceptadas.",
            }
        )
    out.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    return out[:MAX_ENTRIES]


def atom(con: duckdb.DuckDBPyConnection) -> bytes:
    """The Atom document (RFC 4287) of the database's changes."""
    ET.register_namespace("", ATOM)
    m = meta.meta(con)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = "urn:nlmobility:feed"
    what = {"sample": "datos de muestra", "mixed": "datos mixtos", "real": "datos reales"}[meta.built_from(m)]
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"Corredores Verdes · novedades ({what})"
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href="feed.xml")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "nlmobility"
    items = entries(con)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = (
        items[0]["updated"] if items else dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    for e in items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        for key in ("id", "title", "updated", "summary"):
            ET.SubElement(entry, f"{{{ATOM}}}{key}").text = textsafe.xml_text(e[key])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write(db_path: pathlib.Path) -> pathlib.Path:
    """Write the feed beside ``db_path`` (atomically: a temporary file, then renamed)."""
    con = db.current_file_reader(db_path)  # the file on disk now, even where this process holds an older one
    try:
        con.execute("USE src")
        body = atom(con)
    finally:
        con.close()
    target = path_for(db_path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(body)
    tmp.replace(target)
    return target
