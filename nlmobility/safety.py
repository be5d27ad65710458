"""One home for road-safety figures: did the corridors work? (pure, no Streamlit).

Seguridad vial, the corridor card, the fact sheet, Modo taller and ``nlmobility report before-after``
all read :func:`evaluate`, so a figure is computed once, with one data end and one small-count rule.

Three designs per corridor, each an estimate of the crash modification factor (CMF, after / expected
after without the corridor; 0.6 is −40 %) with Hauer's variance and bias correction:

``naive``
    The corridor's own before window is the expected after count. Accounts for neither the trend nor
    regression to the mean (RTM): corridors are chosen where crashes were high, and a high before
    window tends to be followed by a lower one whatever is built.
``comparison``
    Hauer's comparison-group (odds-ratio) estimator: the before count times the rest of the covered
    area's after/before ratio (with its small-count bias correction). Accounts for the trend; not for
    RTM.
``eb``
    Empirical Bayes before/after (Highway Safety Manual Part C; Hauer 1997, ch. 11): a safety
    performance function (SPF), a negative binomial GLM of crashes per year on the segment's length and
    the year, fitted on reference site-years that were not treated (``sql/spf_reference.sql``); each
    corridor's before count is shrunk towards the SPF's prediction with the weight
    ``w = 1 / (1 + α · μ_before)``, projected to the after window with the SPF's ratio. Accounts for the
    trend and for RTM.

The programme's answer is the pooled (sum-over-sites) estimate of each design over the corridors whose
after window is complete: ``θ = (Σλ / Σπ) / (1 + ΣVar(π) / (Σπ)²)`` with
``Var(θ) = θ² (1/Σλ + ΣVar(π)/(Σπ)²) / (1 + ΣVar(π)/(Σπ)²)²`` (Hauer 1997, ch. 6). Intervals are
95 % and symmetric on the log scale (``exp(ln θ ± 1.96 · SE/θ)``, the delta method): a normal interval
on θ itself can go below 0 for the counts of one corridor. The benchmark simulation
(``python -m benchmarks.coverage``) checks their coverage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm

from nlmobility import figures, indicators, meta, queries, reference, stats
from nlmobility.filters import Filters

Design = Literal["eb", "comparison", "naive"]
#: The designs, best first: the order every view lists them in.
DESIGNS: tuple[Design, ...] = ("eb", "comparison", "naive")
#: What each design accounts for: (regression to the mean, trend).
ACCOUNTS: dict[Design, tuple[bool, bool]] = {"eb": (True, True), "comparison": (False, True), "naive": (False, False)}
#: In words, for the JSON and the method note (pages use i18n keys built from the design's name).
METHOD: dict[Design, str] = {
    "eb": "Empirical Bayes before/after (negative binomial SPF on untreated reference site-years; Hauer's variance "
    "and bias correction; sum over sites)",
    "comparison": "comparison group: Hauer's odds-ratio estimator, comparison = the rest of the covered area in the "
    "same windows (variance and bias correction; sum over sites)",
    "naive": "naive before/after (the before window as the expected after count; bias-corrected; sum over sites)",
}
#: The SPF needs at least this many reference sites and crashes, else no EB estimate is given.
SPF_MIN_SITES = 4
SPF_MIN_CRASHES = 20
#: Overdispersion below this is taken as none (a Poisson SPF): the moment estimate can come out ≤ 0.
ALPHA_FLOOR = 1e-6


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Quality:
    """What a road-safety engineer (or the FHWA CMF Clearinghouse) asks of an estimate, in fields and in words."""

    design: Design
    sites: int
    n_before: int
    n_after: int
    se: float | None
    rtm_accounted: bool
    trend_accounted: bool
    data_source: str
    too_few: bool

    @property
    def statement(self) -> str:
        """The statement in English words (the JSON's ``quality.statement``; pages build theirs from i18n keys)."""
        se = "no standard error" if self.se is None else f"standard error of the CMF {self.se:.3f}"
        rtm = "accounted for" if self.rtm_accounted else "not accounted for"
        trend = "accounted for" if self.trend_accounted else "not accounted for"
        few = f"; fewer than {indicators.SMALL_COUNT} crashes in a window: no percentage" if self.too_few else ""
        return (
            f"{METHOD[self.design].split(' (')[0]}; {self.sites} site{'s' if self.sites != 1 else ''}, "
            f"{self.n_before} crashes before and {self.n_after} after; {se}; regression to the mean {rtm}; "
            f"trend {trend}; data: {self.data_source}{few}"
        )

    def as_dict(self) -> dict[str, Any]:
        """The fields and the statement, for the JSON."""
        return {**dataclasses.asdict(self), "statement": self.statement}


@dataclasses.dataclass(frozen=True)
class Estimate:
    """One design's CMF for one corridor or for the programme: λ observed after, π expected after without it."""

    design: Design
    n_before: int
    n_after: int
    expected: float | None  # π: the after count expected had nothing been built
    var_expected: float | None
    cmf: float | None
    se: float | None
    cmf_low: float | None
    cmf_high: float | None
    too_few: bool
    quality: Quality

    @property
    def change(self) -> float | None:
        """The CMF as a change (−0.4 is −40 %)."""
        return None if self.cmf is None else self.cmf - 1

    @property
    def change_low(self) -> float | None:
        """The interval's lower end as a change."""
        return None if self.cmf_low is None else self.cmf_low - 1

    @property
    def change_high(self) -> float | None:
        """The interval's upper end as a change."""
        return None if self.cmf_high is None else self.cmf_high - 1

    @property
    def shown(self) -> bool:
        """Whether views show a percentage: an estimate exists and no window is under the small-count rule."""
        return self.cmf is not None and not self.too_few


@dataclasses.dataclass(frozen=True)
class CorridorSafety:
    """One opened corridor: its windows' counts and the estimate of each design."""

    corridor_id: str
    name: str
    opening_date: dt.date
    after_complete: bool
    n_before: int
    n_after: int
    metro_before: int
    metro_after: int
    too_few: bool
    estimates: dict[Design, Estimate]


@dataclasses.dataclass(frozen=True)
class Pooled:
    """The programme's answer for one design: the sum-over-sites estimate over the complete corridors."""

    design: Design
    corridors: tuple[str, ...]
    estimate: Estimate

    def as_dict(self) -> dict[str, Any]:
        """The report's ``pooled.<design>`` object."""
        e = self.estimate
        return {
            "method": METHOD[self.design],
            "corridors": list(self.corridors),
            "n_before": e.n_before,
            "n_after": e.n_after,
            "expected_after": _round(e.expected),
            "cmf": _round(e.cmf),
            "cmf_low": _round(e.cmf_low),
            "cmf_high": _round(e.cmf_high),
            "se": _round(e.se),
            "change": _round(e.change),
            "change_low": _round(e.change_low),
            "change_high": _round(e.change_high),
            "too_few": e.too_few,
            "quality": e.quality.as_dict(),
        }


@dataclasses.dataclass(frozen=True)
class Spf:
    """The fitted safety performance function: ``crashes/year = exp(b0 + b1 · ln km + b2 · (year − base_year))``."""

    coefficients: dict[str, float]
    std_errors: dict[str, float]
    alpha: float  # NB2 overdispersion of a yearly count: Var = μ + α μ²
    base_year: int
    sites: int
    site_years: int
    crashes: int
    site_ids: tuple[str, ...] = ()  # the reference sites (corridors' untreated years)

    def per_year(self, km: float, year: float) -> float:
        """Expected crashes in one year at a segment of ``km`` kilometres (``year`` may be fractional)."""
        c = self.coefficients
        return math.exp(c["const"] + c["ln_km"] * math.log(km) + c["year"] * (year - self.base_year))

    def note(self) -> str:
        """The method note, generated from the fit."""
        c = self.coefficients
        return (
            f"SPF fitted on {self.site_years} untreated site-years of {self.sites} avenue segments "
            f"({self.crashes} crashes): crashes/year = exp({c['const']:.3f} + {c['ln_km']:.3f} · ln km "
            f"+ {c['year']:.4f} · (year − {self.base_year})), negative binomial overdispersion α = {self.alpha:.4f}"
        )

    def as_dict(self) -> dict[str, Any]:
        """The fit and its note, for the JSON."""
        return {**dataclasses.asdict(self), "note": self.note()}


@dataclasses.dataclass(frozen=True)
class Benchmark:
    """A published CMF (FHWA Clearinghouse, with its stars) beside the programme's observed answer for its mode."""

    ref: reference.CrashModificationFactor
    observed: Estimate | None  # the pooled preferred design for the CMF's road users; None: no complete window
    verdict: str  # stats.versus_benchmark's reading, or "unknown"


@dataclasses.dataclass(frozen=True)
class Safety:
    """Everything the views show about the corridors' road safety, for one set of filters."""

    filters: Filters
    months: int
    data_end: dt.date | None
    data_source: str
    table: pd.DataFrame  # figures.before_after: counts, rates, raw and area-adjusted change per corridor
    corridors: tuple[CorridorSafety, ...]
    pooled: dict[Design, Pooled]
    spf: Spf | None
    spf_reason: str | None  # why there is no EB estimate, when there is none

    def corridor(self, corridor_id: str) -> CorridorSafety | None:
        """One corridor's figures (None when it has not opened or the filters leave it out)."""
        return next((c for c in self.corridors if c.corridor_id == corridor_id), None)

    @property
    def answer(self) -> Pooled | None:
        """The programme's answer: the pooled EB estimate, else the comparison group's; None before any complete window."""
        for design in ("eb", "comparison"):
            p = self.pooled.get(design)
            if p is not None and p.estimate.cmf is not None:
                return p
        return None


def _round(v: float | None, digits: int = 6) -> float | None:
    return None if v is None else round(float(v), digits)


# --------------------------------------------------------------------------------------------
# Hauer's estimators
# --------------------------------------------------------------------------------------------


def cmf_from(after: float, expected: float, var_expected: float) -> tuple[float, float] | None:
    """Hauer's bias-corrected CMF and its standard error from λ (observed after), π and Var(π).

    ``θ = (λ/π) / (1 + Var(π)/π²)``, ``Var(θ) = θ² (1/λ + Var(π)/π²) / (1 + Var(π)/π²)²``. None when
    λ or π is not positive (no ratio, no log interval).
    """
    if after <= 0 or expected <= 0:
        return None
    rel = var_expected / expected**2
    theta = (after / expected) / (1 + rel)
    var = theta**2 * (1 / after + rel) / (1 + rel) ** 2
    return theta, math.sqrt(var)


def log_interval(theta: float, se: float) -> tuple[float, float]:
    """95 % interval ``exp(ln θ ± 1.96 · SE/θ)`` (delta method on the log scale)."""
    half = stats.Z95 * se / theta
    return theta * math.exp(-half), theta * math.exp(half)


def comparison_expected(n_before: float, ref_before: float, ref_after: float) -> tuple[float, float] | None:
    """Hauer's comparison-group π and Var(π): ``π = N_b · (C_a/C_b) / (1 + 1/C_b)``.

    ``Var(π)/π² = 1/N_b + 1/C_b + 1/C_a``: the variance of the comparison odds ratio (which needs a
    series of before/after pairs to estimate) is taken as 0, so with a large comparison area the
    variance is that of the counts. None when a comparison count is 0.
    """
    if ref_before <= 0 or ref_after <= 0:
        return None
    ratio = (ref_after / ref_before) / (1 + 1 / ref_before)
    pi = n_before * ratio
    rel = (1 / n_before if n_before > 0 else 0.0) + 1 / ref_before + 1 / ref_after
    return pi, pi**2 * rel


def eb_expected(n_before: float, mu_before: float, mu_after: float, alpha: float) -> tuple[float, float]:
    """Empirical Bayes π and Var(π): the before count shrunk towards the SPF, projected with the SPF's ratio.

    ``w = 1/(1 + α μ_b)``, ``EB_b = w μ_b + (1 − w) N_b``, ``π = EB_b · μ_a/μ_b``,
    ``Var(π) = π · (μ_a/μ_b) · (1 − w)`` (HSM Part C, A.2.4; Hauer 1997, ch. 11).
    """
    w = 1 / (1 + alpha * mu_before)
    eb = w * mu_before + (1 - w) * n_before
    r = mu_after / mu_before
    pi = eb * r
    return pi, pi * r * (1 - w)


def naive_expected(n_before: float) -> tuple[float, float]:
    """π = N_b with Var(π) = N_b (Poisson): the naive before/after."""
    return float(n_before), float(n_before)


def _estimate(
    design: Design,
    n_before: int,
    n_after: int,
    pair: tuple[float, float] | None,
    *,
    sites: int,
    too_few: bool,
    data_source: str,
) -> Estimate:
    got = cmf_from(n_after, *pair) if pair is not None else None
    cmf, se = got if got is not None else (None, None)
    low, high = log_interval(cmf, se) if cmf is not None and se is not None else (None, None)
    rtm, trend = ACCOUNTS[design]
    q = Quality(design, sites, n_before, n_after, se, rtm, trend, data_source, too_few)
    return Estimate(
        design,
        n_before,
        n_after,
        None if pair is None else pair[0],
        None if pair is None else pair[1],
        cmf,
        se,
        low,
        high,
        too_few,
        q,
    )


# --------------------------------------------------------------------------------------------
# The SPF
# --------------------------------------------------------------------------------------------


def fit_spf(reference_years: pd.DataFrame) -> tuple[Spf | None, str | None]:
    """Fit the SPF on reference site-years (``corridor_id``, ``year``, ``km``, ``crashes``).

    A statsmodels negative binomial GLM (NB2, log link) of the yearly count on ``ln km`` and the year.
    Its overdispersion α is estimated by the Cameron–Trivedi moment regression on a Poisson fit
    (``((y − μ)² − y) = α μ² + e``, refitted once with the NB weights); it is floored at
    ``ALPHA_FLOOR`` (a Poisson SPF: the sites differ by no more than chance). Returns (None, reason)
    when there are too few reference sites or crashes to fit it.
    """
    ref = reference_years[reference_years["km"] > 0]
    sites, crashes = int(ref["corridor_id"].nunique()), int(ref["crashes"].sum())
    if sites < SPF_MIN_SITES or crashes < SPF_MIN_CRASHES:
        return None, (
            f"too few untreated reference sites for a safety performance function ({sites} sites, {crashes} crashes; "
            f"at least {SPF_MIN_SITES} and {SPF_MIN_CRASHES} needed)"
        )
    base = int(ref["year"].min())
    y = ref["crashes"].to_numpy(dtype="float64")
    cols = {"const": np.ones(len(ref)), "ln_km": np.log(ref["km"].to_numpy(dtype="float64"))}
    if ref["year"].nunique() > 1:  # a calendar year's count sits at its middle: per_year takes decimal years
        cols["year"] = (ref["year"] + 0.5 - base).to_numpy(dtype="float64")
    x = pd.DataFrame(cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # perfect or near-perfect fits of the deterministic sample warn
        mu = sm.GLM(y, x, family=sm.families.Poisson()).fit().mu
        alpha = ALPHA_FLOOR
        for _ in range(2):
            alpha = max(float(np.sum((y - mu) ** 2 - y) / np.sum(mu**2)), ALPHA_FLOOR)
            fit = sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
            mu = fit.mu
    params = {k: float(v) for k, v in fit.params.items()}
    errors = {k: float(v) for k, v in fit.bse.items()}
    params.setdefault("year", 0.0)
    errors.setdefault("year", 0.0)
    ids = tuple(sorted(str(i) for i in ref["corridor_id"].unique()))
    return Spf(params, errors, alpha, base, sites, len(ref), crashes, ids), None


def _decimal_year(d: dt.date) -> float:
    start = dt.date(d.year, 1, 1)
    return d.year + ((d - start).days + 0.5) / (dt.date(d.year + 1, 1, 1) - start).days


def _window_mean(spf: Spf, km: float, start: dt.date, months: int) -> float:
    """SPF-expected crashes over the ``months`` from ``start`` (mid-window year; months / 12 years)."""
    end = (pd.Timestamp(start) + pd.DateOffset(months=months)).date()
    mid_day = start + (end - start) / 2
    return spf.per_year(km, _decimal_year(mid_day)) * months / 12.0


# --------------------------------------------------------------------------------------------
# The whole evaluation
# --------------------------------------------------------------------------------------------


def _data_source(cur: queries.Cursor) -> str:
    built = meta.built_from(queries.dataset_meta(cur))
    sources = queries.data_sources(cur)
    crash = sources[sources["kind"].isin(["sample", "crashes"])] if not sources.empty else sources
    names = ", ".join(sorted(str(s) for s in crash["source"].dropna().unique())) if not crash.empty else ""
    return built + (f" ({names})" if names else "")


def small(n_before: int, n_after: int, after_complete: bool = True) -> bool:
    """The one small-count rule: no percentage when the after window is incomplete or a window has under
    ``indicators.SMALL_COUNT`` crashes (the counts are shown instead)."""
    return (not after_complete) or stats.too_few(n_before, n_after)


def corridor_estimates(row: dict[str, Any], spf: Spf | None, months: int, data_source: str) -> CorridorSafety:
    """Each design's estimate for one ``before_after.sql`` row (also fed by the coverage simulation)."""
    nb, na, mb, ma = (int(row[k]) for k in ("n_before", "n_after", "metro_before", "metro_after"))
    done = bool(row["after_complete"])
    few = small(nb, na, done)
    pairs: dict[Design, tuple[float, float] | None] = {
        "naive": naive_expected(nb) if nb > 0 else None,
        "comparison": comparison_expected(nb, mb, ma) if nb > 0 else None,
        "eb": None,
    }
    if spf is not None and row["length_m"] and row["length_m"] > 0:
        km = float(row["length_m"]) / 1000.0
        works = pd.Timestamp(row["works_start"]).date()
        opening = pd.Timestamp(row["opening_date"]).date()
        mu_b = _window_mean(spf, km, (pd.Timestamp(works) - pd.DateOffset(months=months)).date(), months)
        mu_a = _window_mean(spf, km, opening, months)
        pairs["eb"] = eb_expected(nb, mu_b, mu_a, spf.alpha)
    if not done:  # an incomplete after window estimates nothing
        pairs = dict.fromkeys(pairs)
    estimates = {d: _estimate(d, nb, na, pairs[d], sites=1, too_few=few, data_source=data_source) for d in DESIGNS}
    return CorridorSafety(
        str(row["corridor_id"]),
        str(row["name"]),
        pd.Timestamp(row["opening_date"]).date(),
        done,
        nb,
        na,
        mb,
        ma,
        few,
        estimates,
    )


def pool(corridors: Sequence[CorridorSafety], design: Design, data_source: str) -> Pooled:
    """The sum-over-sites estimate of ``design`` over the corridors with complete windows and an estimate."""
    used = [c for c in corridors if c.after_complete and c.estimates[design].expected is not None]
    nb = sum(c.n_before for c in used)
    na = sum(c.n_after for c in used)
    pi = sum(float(c.estimates[design].expected or 0.0) for c in used)
    var = sum(float(c.estimates[design].var_expected or 0.0) for c in used)
    if design == "comparison" and used:
        # The corridors share one comparison area, so the error of its ratio is common to them all: its part of
        # Var(pi_i) (pi_i^2 (1/C_b + 1/C_a)) is summed as perfectly correlated, the before counts' part as independent.
        own = shared = 0.0
        for c in used:
            e = c.estimates[design]
            p_i, v_i = float(e.expected or 0.0), float(e.var_expected or 0.0)
            count_part = p_i**2 / c.n_before if c.n_before > 0 else 0.0
            own += count_part
            shared += math.sqrt(max(v_i - count_part, 0.0))
        var = own + shared**2
    pair = (pi, var) if used else None
    est = _estimate(design, nb, na, pair, sites=len(used), too_few=small(nb, na), data_source=data_source)
    return Pooled(design, tuple(c.corridor_id for c in used), est)


def evaluate(cur: queries.Cursor, f: Filters, *, months: int, data_end: dt.date | None) -> Safety:
    """Every road-safety figure of the corridors for the filters: the table, each design per corridor, the pooled answer."""
    table = figures.before_after(cur, f, months=months, data_end=data_end)
    source = _data_source(cur)
    spf: Spf | None = None
    reason: str | None = "no data end: no crash records"
    if data_end is not None:
        spf, reason = fit_spf(queries.spf_reference(cur, f, months=months, data_end=data_end))
    rows = tuple(
        corridor_estimates({str(k): v for k, v in r.items()}, spf, months, source) for r in table.to_dict("records")
    )
    pooled = {d: pool(rows, d, source) for d in DESIGNS}
    return Safety(f, months, data_end, source, table, rows, pooled, spf, reason)


def benchmarks(cur: queries.Cursor, f: Filters, *, months: int, data_end: dt.date | None) -> list[Benchmark]:
    """Each published CMF beside the programme's pooled answer for its road users (all severities), with a reading."""
    out = []
    for ref in reference.CMFS:
        s = evaluate(cur, dataclasses.replace(f, mode=ref.mode, severity="all"), months=months, data_end=data_end)
        answer = s.answer
        est = answer.estimate if answer is not None else None
        verdict = (
            "unknown"
            if est is None or not est.shown
            else stats.versus_benchmark(est.change_low, est.change_high, ref.cmf, ref.std_error)
        )
        out.append(Benchmark(ref, est, verdict))
    return out
