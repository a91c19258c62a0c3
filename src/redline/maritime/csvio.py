"""Decoded AIS CSV (DMA, NOAA MarineCadastre, generic headers) → positions, via polars.

A national AIS day is tens of millions of rows; a per-row Python loop manages about
100,000 rows/s, polars' streaming CSV engine several million. Every value is read as
text and cast leniently, so one bad row becomes nulls (counted, skipped) instead of
failing the file: rows with too few fields, unparseable numbers or times, and
positions marked "not available" (lat 91 / lon 181) each have their own counter.
Invalid UTF-8 is replaced (``warnings['bad_encoding_rows']`` counts rows affected).
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

from redline.errors import MessageError
from redline.maritime.ingest import EXAMPLES_PER_REASON, AisData, IngestReport
from redline.maritime.positions import MAX_TIME, MIN_TIME, Positions, StaticRecord
from redline.text.identifiers import is_valid

REQUIRED = ("time", "mmsi", "lat", "lon")
#: bad-row codes (index = code); tested in the order of ``_row_code``
CODES = ("ok", "missing_fields", "bad_mmsi", "bad_time", "bad_position", "position_not_available",
         "not_a_vessel", "time_out_of_range")
#: numeric times at or above these magnitudes are micro- or milliseconds, not seconds
EPOCH_US, EPOCH_MS = 1e14, 1e11
#: tried after a layout's own formats: ISO 8601 with "Z" or an offset, and the US 12-hour clock
#: (month first; the AM/PM marker is what makes it unambiguous against day-first dates)
ZONED_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z")
US_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p")
US_PATTERN = r"(?i)^\d{1,2}/\d{1,2}/\d{4} .*[AP]M$"


@functools.cache
def layouts() -> dict[str, dict[str, Any]]:
    text = resources.files("redline.maritime").joinpath("layouts.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)["layouts"]
    return data


def _key(header: str) -> str:
    return header.strip().lstrip("#").strip().casefold()


def read_header(path: Path) -> tuple[list[str], str]:
    """Header fields and delimiter (',', ';', tab or '|', whichever splits the header most)."""
    try:
        with path.open("rb") as fh:
            first = fh.readline().decode("utf-8-sig", "replace").rstrip("\r\n")
    except OSError as exc:
        raise MessageError(f"cannot read AIS CSV: {exc}", source=str(path)) from exc
    delimiter = max(",;\t|", key=first.count)
    return next(csv.reader([first], delimiter=delimiter)), delimiter


def resolve_layout(header: list[str], source: str) -> tuple[str, dict[str, str], dict[str, Any]]:
    """First layout whose required columns are all present → (name, field → header, spec)."""
    present = {_key(h): h for h in header}
    for name, spec in layouts().items():
        mapping = {}
        for fld, candidates in spec["columns"].items():
            for cand in candidates:
                if _key(cand) in present:
                    mapping[fld] = present[_key(cand)]
                    break
        if all(f in mapping for f in REQUIRED):
            return name, mapping, spec
    raise MessageError(
        f"unknown AIS CSV layout: need time, MMSI, latitude and longitude columns, got {header[:12]}",
        source=source)


def _epoch_expr(raw: pl.Expr) -> pl.Expr:
    """Numeric time as epoch seconds; exports give seconds, milliseconds or microseconds, told
    apart by magnitude (any date after 1973 in ms is above 1e11 s, i.e. beyond year 5000)."""
    value = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    size = value.abs()
    seconds = (pl.when(size >= EPOCH_US).then(value / 1e6)
               .when(size >= EPOCH_MS).then(value / 1e3)
               .otherwise(value))
    return seconds.floor().cast(pl.Int64, strict=False)


def _time_expr(col: str, formats: list[str]) -> pl.Expr:
    """Epoch seconds from the first format that parses (layout's own, zoned ISO, US, numeric)."""
    raw = pl.col(col).str.strip_chars()
    naive = [raw.str.strptime(pl.Datetime("us"), fmt, strict=False).dt.epoch("s")
             for fmt in [*formats, *US_FORMATS]]
    zoned = [raw.str.to_datetime(fmt, time_zone="UTC", strict=False).dt.epoch("s") for fmt in ZONED_FORMATS]
    return pl.coalesce([*naive, *zoned, _epoch_expr(raw)])


def _float_expr(col: str, dtype: Any) -> pl.Expr:
    """Number read leniently; a decimal comma (European exports, ';'-delimited) is accepted."""
    return pl.col(col).str.strip_chars().str.replace(",", ".", literal=True).cast(dtype, strict=False)


def _row_code(cols: dict[str, str], spec: dict[str, Any], mmsi: pl.Expr, t: pl.Expr, lat: pl.Expr,
              lon: pl.Expr) -> pl.Expr:
    """Index into ``CODES``: why a row is unusable, or 0 when it is kept."""
    code = (pl.when(pl.col(cols["lon"]).is_null()).then(1)
            .when(mmsi.is_null() | (mmsi <= 0) | (mmsi > 999_999_999)).then(2)
            .when(t.is_null()).then(3)
            .when((t < MIN_TIME) | (t >= MAX_TIME)).then(7)
            .when(lat.is_null() | lon.is_null() | lat.is_nan() | lon.is_nan()).then(4)
            .when((lat.abs() > 90) | (lon.abs() > 180)).then(5))
    if "mobile" in cols and spec.get("keep_mobile"):
        code = code.when(~pl.col(cols["mobile"]).is_in(spec["keep_mobile"])).then(6)
    return code.otherwise(0).cast(pl.UInt8)


def read_csv(path: Path) -> AisData:
    source = str(path)
    header, delimiter = read_header(path)
    layout, cols, spec = resolve_layout(header, source)
    report = IngestReport(source=source, format=f"csv:{layout}")
    lf = pl.scan_csv(path, infer_schema=False, has_header=True, separator=delimiter,
                     truncate_ragged_lines=True, encoding="utf8-lossy", quote_char='"')

    mmsi = pl.col(cols["mmsi"]).str.strip_chars().cast(pl.Int64, strict=False)
    t = _time_expr(cols["time"], spec.get("time_formats") or [])
    lat, lon = _float_expr(cols["lat"], pl.Float64), _float_expr(cols["lon"], pl.Float64)
    sog = _float_expr(cols["sog"], pl.Float32) if "sog" in cols else pl.lit(None, pl.Float32)
    code = _row_code(cols, spec, mmsi, t, lat, lon)
    us_time = pl.col(cols["time"]).str.strip_chars().str.contains(US_PATTERN).fill_null(False)
    pos_plan = lf.select(mmsi.cast(pl.Int32, strict=False).alias("mmsi"), t.alias("t"),
                         lat.cast(pl.Float32).alias("lat"), lon.cast(pl.Float32).alias("lon"),
                         pl.when(sog < 102.2).then(sog).otherwise(None).alias("sog"), code.alias("code"),
                         us_time.alias("us_time"))
    plans = [pos_plan, _examples_plan(lf, cols, code)]
    static_fields = [f for f in ("imo", "name", "call_sign") if f in cols]
    if static_fields:
        plans.append(_static_plan(lf, cols, static_fields, mmsi, t))
    try:
        frames = pl.collect_all(plans, engine="streaming")
    except pl.exceptions.PolarsError as exc:
        raise MessageError(f"cannot parse AIS CSV: {exc}", source=source) from exc
    pos = frames[0]
    codes = pos["code"].to_numpy()
    counts = np.bincount(codes, minlength=len(CODES))
    report.lines = int(codes.size) + 1
    for i, reason in enumerate(CODES[1:], 1):
        if counts[i]:
            report.skipped[reason] += int(counts[i])
    _add_examples(report, frames[1])
    ok = pos.filter(pl.col("code") == 0)
    us_rows = int(ok["us_time"].sum())
    if us_rows:
        report.warnings["time_read_as_us_month_first"] = us_rows
    positions = Positions(
        ok["mmsi"].to_numpy().astype(np.int32, copy=False), ok["t"].to_numpy().astype(np.int64, copy=False),
        ok["lat"].to_numpy(), ok["lon"].to_numpy(),
        ok["sog"].fill_null(np.nan).to_numpy().astype(np.float32, copy=False))
    del pos, ok
    report.positions = len(positions)
    report.messages["csv_rows"] = int(counts[0])
    static = _static_records(frames[2]) if static_fields else []
    report.static = len(static)
    if static_fields:
        bad_enc = int(frames[2]["bad_encoding"].sum())
        if bad_enc:
            report.warnings["bad_encoding_rows"] = bad_enc
    return AisData(positions, static, report)


def _examples_plan(lf: pl.LazyFrame, cols: dict[str, str], code: pl.Expr) -> pl.LazyFrame:
    """The first few rejected rows per reason, with line number and raw values, so a rejected
    file shows the analyst what was wrong instead of only counts."""
    raw = [pl.col(cols[f]).alias(f) for f in REQUIRED]
    return (lf.with_row_index("row").select(pl.col("row"), code.alias("code"), *raw)
            .filter(pl.col("code") != 0).group_by("code").head(EXAMPLES_PER_REASON))


def _add_examples(report: IngestReport, frame: pl.DataFrame) -> None:
    for row in frame.sort("row").iter_rows(named=True):
        text = " ".join(f"{f}={row[f]}" for f in REQUIRED)
        report.example(CODES[row["code"]], int(row["row"]) + 2, text)


def _static_plan(lf: pl.LazyFrame, cols: dict[str, str], fields: list[str], mmsi: pl.Expr,
                 t: pl.Expr) -> pl.LazyFrame:
    exprs = [mmsi.alias("mmsi"), t.alias("t")]
    if "imo" in fields:
        exprs.append(pl.col(cols["imo"]).str.extract(r"(\d{7})", 1).alias("imo"))
    for fld in ("name", "call_sign"):
        if fld in fields:
            text = pl.col(cols[fld]).str.strip_chars().str.to_uppercase()
            unknown = text.is_in(["", "UNKNOWN", "N/A", "NA", "NONE", "@"])
            exprs.append(pl.when(unknown).then(None).otherwise(text).alias(fld))
    present = [f for f in ("imo", "name", "call_sign") if f in fields]
    bad = pl.any_horizontal([pl.col(cols[f]).str.contains("\ufffd", literal=True).fill_null(False)
                             for f in fields])
    exprs.append(bad.alias("bad_encoding"))
    return (lf.select(exprs)
            .filter(pl.col("mmsi").is_not_null() & pl.any_horizontal([pl.col(f).is_not_null() for f in present]))
            .group_by(["mmsi", *present])
            .agg(pl.col("t").min().alias("first"), pl.col("t").max().alias("last"),
                 pl.len().alias("count"), pl.col("bad_encoding").sum().alias("bad_encoding")))


def _static_records(frame: pl.DataFrame) -> list[StaticRecord]:
    out = []
    for row in frame.iter_rows(named=True):
        imo = row.get("imo")
        out.append(StaticRecord(
            mmsi=int(row["mmsi"]), imo=imo, name=row.get("name"), call_sign=row.get("call_sign"),
            first=row["first"], last=row["last"], count=int(row["count"]),
            imo_valid=bool(imo and is_valid("imo", imo)), sources=["csv"]))
    return out
