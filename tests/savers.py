"""Facilitators saving workshops at once: N processes, each saving through the form's own code path
(``admin.record_workshop``: an event and 3 comments per save). Used by the storage tests and benchmark."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: One process's saves: ``python -c SAVER WORKER SAVES``; prints ``OK id`` or ``ERR id [errors]`` per save.
SAVER = textwrap.dedent(
    """
    import sys
    from nlmobility.ui import admin
    worker, saves = int(sys.argv[1]), int(sys.argv[2])
    for i in range(saves):
        values = {
            "event_id": admin.new_event_id(), "event_date": "2024-05-0%d" % (1 + i % 9), "kind": "taller",
            "cvegeo": "19039", "corridor_id": None, "place": "Plaza %d-%d" % (worker, i),
            "participants_total": 12, "women": 7, "men": 5, "gender_other": 0,
            "children": None, "adolescents": None, "adults": None, "older_adults": None, "with_disability": 1,
        }
        reports = admin.record_workshop(values, ["comentario %d-%d-%d" % (worker, i, k) for k in range(3)],
                                        "facilitador-%d" % worker, mix_with_sample=True)
        bad = [r.error for r in reports if not r.ok]
        print("ERR" if bad else "OK", values["event_id"], bad, flush=True)
    """
)


@dataclass
class Saved:
    """What the processes said: one line per save, and each process's exit code and last error output."""

    lines: list[str]
    codes: list[int]
    errors: list[str]

    @property
    def ok(self) -> int:
        return sum(x.startswith("OK") for x in self.lines)

    def refused(self) -> list[str]:
        return [x for x in self.lines if not x.startswith("OK")]


def run_savers(
    db: str,
    *,
    processes: int,
    saves: int,
    data_path: pathlib.Path | None = None,
    cwds: list[pathlib.Path] | None = None,
    timeout: float = 1200,
) -> Saved:
    """Start ``processes`` savers at once against ``db`` (a file or a lake) and wait for all of them."""
    env = {**os.environ, "NLMOBILITY_DB": db, "NLMOBILITY_DATA_PATH": str(data_path or "")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER, str(w), str(saves)],
            cwd=(cwds[w % len(cwds)] if cwds else ROOT),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(processes)
    ]
    outs = [p.communicate(timeout=timeout) for p in procs]
    lines = [x for out, _ in outs for x in out.splitlines() if x.startswith(("OK", "ERR"))]
    return Saved(lines, [int(p.returncode) for p in procs], [err[-2000:] for _, err in outs])
