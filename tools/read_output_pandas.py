#!/usr/bin/env python3
"""Reads a smbhunt output folder with pandas (pyarrow engine) as a hunter would, and checks it.

    tools/read_output_pandas.py OUT [--show]

For every analytic folder and the quarantine: pd.read_parquet(folder) reads the Hive partitions;
the rows must number what the manifest says; event times must come out as UTC timestamps; each
row's date partition must be the UTC date of its event time; evidence must be a list of
{source, line, event_time, event_id}. Exits 1 on the first table that does not hold.

Not run in CI: Debian 12 has pandas but no pyarrow. Any Python with pandas and pyarrow will do,
e.g. a Debian sid chroot (README.md, "How it is tested").
"""

import argparse
import json
import os
import sys

import pandas as pd

EVIDENCE_KEYS = {"source", "line", "event_time", "event_id"}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check_detections(out, analytic, expected_rows, show):
    folder = os.path.join(out, analytic)
    if expected_rows == 0:
        if os.path.isdir(folder):
            fail(f"{analytic}: the manifest says 0 rows, but {folder} exists")
        return
    frame = pd.read_parquet(folder, engine="pyarrow")
    if len(frame) != expected_rows:
        fail(f"{analytic}: {len(frame)} rows read, the manifest says {expected_rows}")
    times = frame["event_time"]
    if not isinstance(times.dtype, pd.DatetimeTZDtype) or str(times.dt.tz) != "UTC":
        fail(f"{analytic}: event_time is {times.dtype}, not a UTC timestamp")
    partition_dates = frame["date"].astype(str)
    event_dates = times.dt.strftime("%Y-%m-%d")
    wrong = frame[partition_dates != event_dates]
    if len(wrong):
        fail(f"{analytic}: {len(wrong)} rows in a date partition other than their event's")
    for evidence in frame["evidence"]:
        if len(evidence) == 0 or any(set(e.keys()) != EVIDENCE_KEYS for e in evidence):
            fail(f"{analytic}: evidence {evidence!r} is not a list of {sorted(EVIDENCE_KEYS)}")
    print(
        f"{analytic}: {len(frame)} rows, dates {sorted(set(partition_dates))}, "
        f"event_time {times.dtype}, evidence items {sum(len(e) for e in frame['evidence'])}"
    )
    if show:
        print(frame.drop(columns=["title", "attack_techniques"]).head(5).to_string())
    return frame


def check_quarantine(out, expected_rows, show):
    folder = os.path.join(out, "_quarantine")
    if expected_rows == 0:
        return
    frame = pd.read_parquet(folder, engine="pyarrow")
    if len(frame) != expected_rows:
        fail(f"_quarantine: {len(frame)} rows read, the manifest says {expected_rows}")
    for column in ("source", "line", "reason", "raw"):
        if frame[column].isna().any():
            fail(f"_quarantine: a row without {column}")
    print(f"_quarantine: {len(frame)} rows, reasons {dict(frame['reason'].value_counts())}")
    if show:
        print(frame[["source", "line", "reason", "detail"]].head(5).to_string())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="a smbhunt --output folder")
    parser.add_argument("--show", action="store_true", help="print the first rows of each table")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.out, "_SUCCESS")):
        fail(f"{args.out} has no _SUCCESS marker: not a finished run")
    with open(os.path.join(args.out, "_manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    print(f"pandas {pd.__version__}, pyarrow {__import__('pyarrow').__version__}")
    for analytic, rows in sorted(manifest["detections"].items()):
        check_detections(args.out, analytic, rows, args.show)
    check_quarantine(args.out, manifest["counts"]["quarantined"], args.show)
    print("OK")


if __name__ == "__main__":
    main()
