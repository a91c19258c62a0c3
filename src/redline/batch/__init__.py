"""Batch screening of customer books: on one machine (resumable, all cores) and on Spark.

Public entry points: ``run_job`` (screen a file into an output file), ``rescreen``
(delta re-screening against what changed since a list version), ``screen_records`` (the
per-record core both share with ``redline.batch.spark.screen_dataframe``).
"""

from redline.batch.core import COLUMNS, screen_records
from redline.batch.job import JobResult, JobSpec, run_job
from redline.batch.mapping import ColumnMapping, parse_map, resolve
from redline.batch.writers import read_output

__all__ = [
    "COLUMNS", "ColumnMapping", "JobResult", "JobSpec", "parse_map", "read_output", "resolve", "run_job",
    "screen_records",
]
