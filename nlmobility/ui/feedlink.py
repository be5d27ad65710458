"""The change feed served by the app: ``static/feed.xml``, a copy of the feed the writers keep.

Every write that lands (an import, a workshop, a milestone update; on a lake, from any machine)
writes the feed beside the database or in the lake's data path (:func:`nlmobility.feed.write`). The
app only publishes that file where Streamlit serves static files, once per dataset version it sees.
"""

from __future__ import annotations

from nlmobility import db, feed

#: The dataset version whose feed ``static/feed.xml`` holds (one per app process).
_SERVED: dict[str, str] = {}
STATIC = feed.STATIC_FEED


def publish(version: str) -> None:
    """Copy this database's feed to ``static/feed.xml`` when the dataset version changed.

    A database made before feeds existed has none yet: it is written once. A read-only app folder
    is no error (the page link says where the feed is; the data are unaffected).
    """
    if _SERVED.get("version") == version:
        return
    source = feed.path_for(db.default_path())
    try:
        if not source.exists():
            feed.write(db.default_path())
        tmp = STATIC.with_name(STATIC.name + ".tmp")
        tmp.write_bytes(source.read_bytes())
        tmp.replace(STATIC)
        _SERVED["version"] = version
    except OSError:
        pass
