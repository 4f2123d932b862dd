#!/usr/bin/env python3
"""Runs bin/smbhunt on generated corpora over a spread of generator settings and checks every
count against the generator's ground truth (../shared/tools/gen_events.py, the independent
reference): the five playbook analytics in both profiles, the quarantined lines, the
reconciliation. CI runs one setting (GroundTruthCountsTest); this sweeps the settings a hunt meets
in the wild: heavy disorder, lines of a chain split over files, logon-id reuse and collisions,
many hosts over many days, missing logon ids, bad lines, other windows, gzip, other time zones.

  tools/ground_truth_sweep.py [--events 80000] [--work /tmp/smbhunt-sweep] [--parallelism 2]
                              [--mode batch|streaming] [--nightly]

--nightly hunts each corpus as a nightly backfill of two input days instead (its first two files
in one day's folder, the other three in the next; `--from D --to D+1 --input-template`), each day
reading the day before as context (nightly.previous_day_context), and checks that the two
published days add up to the ground truth of the whole corpus: every chain whose lines the split
puts on both days is reported once, by one of them.

Streaming runs need no out-of-orderness setting: over archives event time waits for the end of
the input (README, "Streaming over archives"). Exit status 1 on any mismatch. ~3 minutes at the default size on 2 cores.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SMBHUNT_SHARED", os.path.join(ROOT, "..", "shared"))
GEN = os.path.join(SHARED, "tools", "gen_events.py")
ANALYTICS = ["I", "II", "III", "IV", "V"]

# (seed, generator flags, session window s, file window s): each row stresses something else.
SETTINGS = [
    (11, ["--disorder-seconds", "300", "--split-prob", "0.5", "--reuse", "400",
          "--collisions", "400"], 3600, 600),
    (12, ["--days", "40", "--hosts", "3", "--attacks", "300", "--decoys", "300",
          "--late-creates", "200"], 3600, 600),
    (13, ["--missing-lid", "5", "--bad-rate", "0.01", "--hot-name-prob", "0.5",
          "--sysmon11", "3000"], 3600, 600),
    (14, ["--window-seconds", "600", "--file-window-seconds", "120", "--gap-max-seconds", "900",
          "--long-gap-frac", "0.3"], 600, 120),
    (15, ["--file-overlap", "0.9", "--files-per-chain-max", "6", "--bg-smb", "3000",
          "--sessions", "50"], 3600, 600),
    (16, ["--gzip", "--tz-offset-hours", "5", "--disorder-seconds", "3000"], 3600, 600),
]

DAYS = ["2020-01-01", "2020-01-02"]


def split_into_days(corpus, truth):
    """The corpus's files as two input days (links, not copies): its first two files, then the
    rest. A file is a day of collection, so the lines of one chain may fall on both days."""
    days = os.path.join(corpus + "-days")
    shutil.rmtree(days, ignore_errors=True)
    for i, f in enumerate(truth["files"]):
        folder = os.path.join(days, DAYS[0 if i < 2 else 1])
        os.makedirs(folder, exist_ok=True)
        os.link(os.path.join(corpus, f["name"]), os.path.join(folder, f["name"]))
    return days


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=80000)
    ap.add_argument("--work", default="/tmp/smbhunt-sweep")
    ap.add_argument("--parallelism", type=int, default=2)
    ap.add_argument("--mode", choices=["batch", "streaming"], default="batch")
    ap.add_argument("--nightly", action="store_true",
                    help="hunt as a backfill of two input days, each with the day before as context")
    args = ap.parse_args()
    if not os.path.isfile(GEN):
        sys.exit(f"ground_truth_sweep: no generator at {GEN} (set SMBHUNT_SHARED)")
    os.makedirs(args.work, exist_ok=True)
    failures = 0
    for seed, flags, session_window, file_window in SETTINGS:
        corpus = os.path.join(args.work, f"corpus-s{seed}-e{args.events}")
        if not os.path.isfile(os.path.join(corpus, "ground_truth.json")):
            shutil.rmtree(corpus, ignore_errors=True)
            subprocess.run(["python3", GEN, "gen", "--out", corpus, "--events", str(args.events),
                            "--files", "5", "--seed", str(seed)] + flags,
                           check=True, stdout=subprocess.DEVNULL)
        truth = json.load(open(os.path.join(corpus, "ground_truth.json")))
        config = os.path.join(args.work, f"s{seed}.yaml")
        with open(config, "w") as f:
            f.write(f"windows:\n  session_window: {session_window}s\n"
                    f"  file_window: {file_window}s\n")
        for profile in ("seed", "default"):
            out = os.path.join(args.work, f"out-s{seed}-{profile}")
            cmd = [os.path.join(ROOT, "bin", "smbhunt"), "--profile", profile,
                   "--parallelism", str(args.parallelism), "--mode", args.mode,
                   "--config", config]
            if args.nightly:
                shutil.rmtree(out, ignore_errors=True)
                cmd += ["--output", out, "--from", DAYS[0], "--to", DAYS[1],
                        "--input-template", split_into_days(corpus, truth) + "/{date}/"]
            else:
                cmd += ["--output", out, "--overwrite"]
                for f in truth["files"]:
                    cmd += ["--input", os.path.join(corpus, f["name"])]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                print(f"seed {seed} {profile}: smbhunt failed\n{run.stderr[-2000:]}")
                failures += 1
                continue
            manifests = ([os.path.join(out, f"input_date={d}", "_manifest.json") for d in DAYS]
                         if args.nightly else [os.path.join(out, "_manifest.json")])
            manifests = [json.load(open(m)) for m in manifests]
            got = {a: sum(m["detections"][f"smb_remote_file_{i}"] for m in manifests)
                   for i, a in enumerate(ANALYTICS, 1)}
            expected = truth[f"expected_rows_{profile}"]
            # The generator's invalid lines plus its one over-long line (read.max_line_bytes).
            quarantined = truth["invalid_lines"] + (1 if truth.get("long_line") else 0)
            got_quarantined = sum(m["counts"]["quarantined"] for m in manifests)
            ok = (got == expected and all(m["reconciled"] for m in manifests)
                  and got_quarantined == quarantined
                  and sum(m["counts"]["lines_read"] for m in manifests) == truth["lines_total"])
            failures += 0 if ok else 1
            print(f"seed {seed} {profile:7} {'ok' if ok else 'MISMATCH'}  rows {got}"
                  + ("" if ok else f"  expected {expected}, quarantined "
                     f"{got_quarantined} of {quarantined} expected"),
                  flush=True)
    print(f"{2 * len(SETTINGS) - failures} of {2 * len(SETTINGS)} runs match the ground truth")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
