"""The words of the documents nlmobility writes: the forum digest (``digest_*``) and the corridor fact sheet
(``sheet_*``), keyed: (Spanish, English). Part of the one catalog, :mod:`nlmobility.text`."""

from __future__ import annotations

# ruff: noqa: E501 - a text per line reads better than wrapped halves

DOCUMENTS: dict[str, tuple[str, str]] = {
    # The data dictionary's download (dictionary.rows): column headings
    "dictionary_table": ("tabla", "table"),
    "dictionary_column": ("columna", "column"),
    "dictionary_type": ("tipo", "type"),
    "dictionary_unit": ("unidad", "unit"),
    "dictionary_meaning": ("significado", "meaning"),
    # The action plan's commitments (plan.py): pages, digest and exports
    "plan_scope_transversal": ("Transversal", "Transversal"),
    "plan_scope_estatal": ("Estatal", "State"),
    "plan_scope_municipal": ("Municipal", "Municipal"),
    "plan_not_published": ("no publicado", "not published"),
    "plan_title_other_language": ("título en español no publicado", "English title not published"),
    "plan_title_unpublished": (
        "Compromiso {level} de {jurisdiction} (título no publicado)",
        "{level} commitment of {jurisdiction} (title not published)",
    ),
    "digest_file_stem": ("resumen-foro", "forum-digest"),
    "digest_title": ("Resumen para el foro multiactor", "Digest for the multi-stakeholder forum"),
    "digest_subtitle": (
        "Coalición Nuevo León Abierto · Plan de Acción Local 2022–2024",
        "Nuevo León Abierto coalition · Local Action Plan 2022–2024",
    ),
    "digest_period": (
        "Situación al {as_of} · cambios desde el {since} · próxima sesión: {next}",
        "Situation on {as_of} · changes since {since} · next session: {next}",
    ),
    "digest_scheduled": (
        "Fechas del foro estimadas con la regla del plan (sesión cada dos meses desde la primera, el 9 de agosto de 2022); si la sesión fue otro día, indíquelo al generar el resumen.",
        "Forum dates estimated with the plan's rule (a session every two months from the first, 9 August 2022); if the session was on another day, give it when making the digest.",
    ),
    "digest_sample": (
        "Datos de muestra: los estados de los hitos son sintéticos, no el avance oficial.",
        "Sample data: milestone statuses are synthetic, not the official progress.",
    ),
    "digest_mixed": (
        "Datos mixtos: datos reales importados sobre la muestra; los estados de muestra no son el avance oficial.",
        "Mixed data: real data imported over the sample; sample statuses are not the official progress.",
    ),
    "digest_real": (
        "Datos reales: estados de los hitos cargados por las instituciones responsables.",
        "Real data: milestone statuses loaded by the responsible institutions.",
    ),
    "digest_road_safety": (
        "Seguridad vial: en los {n} corredores con {months} meses completos tras la apertura, los siniestros con víctimas cambiaron {pct} frente a lo esperado sin ellos (IC 95 %: {low} a {high}; {design}).",
        "Road safety: across the {n} corridors with {months} full months after opening, crashes with victims changed by {pct} against what was expected without them (95 % CI: {low} to {high}; {design}).",
    ),
    "digest_design_eb": ("antes-después Empírico Bayes", "Empirical Bayes before/after"),
    "digest_design_comparison": ("antes-después con grupo de comparación", "comparison-group before/after"),
    "digest_real_no_status": (
        "Estados de los hitos sin dato: no se ha importado ningún archivo de hitos (nlmobility import milestones ARCHIVO); los hitos y sus fechas planeadas son los del plan de acción publicado.",
        "Milestone statuses: no data. No milestones file has been imported (nlmobility import milestones FILE); the milestones and their planned dates are those of the published action plan.",
    ),
    "digest_unknown_count": (
        "{n} de {total} hitos sin estado registrado (sin dato): no se cuentan como finalizados, vencidos ni atorados; los da el archivo de hitos (nlmobility import milestones ARCHIVO).",
        "{n} of {total} milestones have no recorded status (no data): not counted as finished, overdue or stuck; the milestones file gives them (nlmobility import milestones FILE).",
    ),
    "digest_no_data": ("sin dato", "no data"),
    "digest_no_status": (
        "Sin dato: ningún hito tiene estado registrado (nlmobility import milestones ARCHIVO).",
        "No data: no milestone has a recorded status (nlmobility import milestones FILE).",
    ),
    "digest_unknown_apart": (
        "Los {n} hitos sin estado registrado no se cuentan aquí.",
        "The {n} milestones without a recorded status are not counted here.",
    ),
    "digest_col_unknown": ("Sin dato", "No data"),
    "digest_sample_status": (
        "Algunos estados de hitos son de muestra: el avance oficial no se ha publicado.",
        "Some milestone statuses are sample data: official progress has not been published.",
    ),
    "digest_version": ("Versión de datos {version}", "Data version {version}"),
    "digest_summary": ("En resumen", "At a glance"),
    "digest_col_commitment": ("Compromiso", "Commitment"),
    "digest_col_milestones": ("Hitos", "Milestones"),
    "digest_col_finished": ("Finalizados", "Finished"),
    "digest_col_overdue": ("Vencidos", "Overdue"),
    "digest_col_stuck": ("Atorados", "Stuck"),
    "digest_col_changed": ("Cambios", "Changes"),
    "digest_col_due": ("Vencen pronto", "Due soon"),
    "digest_unlisted": (
        "Sin lista de hitos publicada (avance desconocido, no cero): {names}.",
        "No published milestone list (progress unknown, not zero): {names}.",
    ),
    "digest_changed": ("Qué cambió desde la sesión del {since}", "What changed since the session of {since}"),
    "digest_changed_none": (
        "Ningún hito cambió de estado en este periodo.",
        "No milestone changed status in this period.",
    ),
    "digest_overdue": ("Vencidos", "Overdue"),
    "digest_overdue_none": (
        "Ningún hito con estado registrado está vencido.",
        "No milestone with a recorded status is overdue.",
    ),
    "digest_stuck": ("Atorados", "Stuck"),
    "digest_stuck_none": ("Ningún hito está atorado.", "No milestone is stuck."),
    "digest_due": ("Vencen antes de la próxima sesión, el {next}", "Due before the next session, on {next}"),
    "digest_due_none": (
        "Ningún hito abierto vence antes de la próxima sesión.",
        "No open milestone falls due before the next session.",
    ),
    "digest_milestone": ("Hito", "Milestone"),
    "digest_responsible": ("Responsable", "Responsible"),
    "digest_evidence": ("Evidencia", "Evidence"),
    "digest_no_evidence": ("sin evidencia publicada", "no evidence published"),
    "digest_note": ("Nota", "Note"),
    "digest_reason": ("Motivo", "Reason"),
    "digest_no_reason": ("motivo no registrado", "reason not recorded"),
    "digest_changed_what": ("{prev} → {now} ({on})", "{prev} → {now} ({on})"),
    "digest_first": ("registrado", "recorded"),
    "digest_overdue_what": (
        "vencido hace {days} días (fin planeado {end}); estado: {status}",
        "overdue by {days} days (planned end {end}); status: {status}",
    ),
    "digest_overdue_what_one": (
        "vencido hace 1 día (fin planeado {end}); estado: {status}",
        "overdue by 1 day (planned end {end}); status: {status}",
    ),
    "digest_stuck_what": ("atorado desde {since} ({days} días)", "stuck since {since} ({days} days)"),
    "digest_stuck_what_unknown": ("atorado (fecha no registrada)", "stuck (date not recorded)"),
    "digest_due_what": ("fin planeado {end}; estado: {status}", "planned end {end}; status: {status}"),
    "digest_more": (
        "… y {n} más: véalos en la página Avance del compromiso.",
        "… and {n} more: see them on the Commitment progress page.",
    ),
    "digest_footer": (
        "Generado por nlmobility el {today} · {version} · datos al {as_of}",
        "Made by nlmobility on {today} · {version} · data as of {as_of}",
    ),
    "sheet_continued": ("(continuación)", "(continued)"),
    "sheet_page": ("página {n} de {nb}", "page {n} of {nb}"),
    "sheet_continues": ("continúa en la página {n}", "continues on page {n}"),
    "sheet_name_cut": (
        "Nombre recortado (se muestran {shown} de {total} caracteres); el nombre completo está en línea",
        "Name shortened ({shown} of {total} characters shown); the full name is online",
    ),
}
