#!/usr/bin/env bash
# End-to-end benchmark of issue 7: smbhunt (BATCH, the shaded job jar on an embedded MiniCluster, as
# bin/smbhunt runs it) against DuckDB running the five playbook analytics as SQL over the same files,
# a plain byte scan and (with --gzip) parallel gunzip, all in one go; prints one table.
# See BENCHMARKS.md at the repository root for what is measured and the results.
#
#   bench/e2e/run.sh [--events N] [--files F] [--seed S] [--gzip] [--scale K] [--out DIR]
#                    [--threads "1 2"] [--repeat R] [--jfr] [--no-seed-check] [--no-plain] [--work DIR]
#                    [--fast] [--no-duckdb-all] [--jvm-variant NAME=OPTIONS]...
#
#   --events N --files F --seed S   corpus size (default: the reference corpus, 2,000,000 events in 8
#                                   files, seed 42, 2.77 GB); generated once and cached under --work
#   --scale K                       K times the events in K times the files (same file size): --scale 4
#                                   is the 8M-event corpus of the linearity check
#   --gzip                          also the gzip corpus (gzip -6 -k of the same files, cached): smbhunt
#                                   and DuckDB read the .json.gz files, the reference is parallel gunzip
#   --no-plain                      only the gzip corpus (with --gzip)
#   --threads "1 2"                 the parallelisms / DuckDB threads / scan threads to run
#   --repeat R                      every measurement R times, interleaved; the table shows medians
#   --jfr                           then one more smbhunt run (plain, highest --threads) under Java Flight
#                                   Recorder, and its hot-method summary (OUT/smbhunt.jfr, OUT/profile.txt)
#   --no-duckdb-all                 skip DuckDB's second form (every line's row in the table, not only the
#                                   three event ids the analytics read); the ratio uses the fastest form
#   --fast                          also smbhunt's fast mode (--skip-unused-event-ids: lines skipped on
#                                   their EventID bytes, not validated) in every round: rows "(fast)"
#   --jvm-variant NAME=OPTIONS      also smbhunt (default mode) with these JVM options appended to
#                                   bin/smbhunt's, in every round right after the plain run: rows
#                                   "smbhunt [NAME]", an A/B of JVM options in the same minutes. Repeatable;
#                                   e.g. --jvm-variant "hotspot-inlining=-XX:FreqInlineSize=325 -XX:InlineSmallCode=2500"
#   --no-seed-check                 skip the extra smbhunt run with --profile seed (its counts are checked
#                                   against expected_rows_seed; it is not in the timing rows)
#   --out DIR                       results (default WORK/results-<corpus>-<time>): results.jsonl (one
#                                   line per process), table.txt, table.md, raw/ (logs, time -v, manifests)
#   --work DIR                      corpus cache (default $SMBHUNT_BENCH_WORK or /tmp/smbhunt-bench)
#
# JAVA_HOME, SMBHUNT_JIT_OPTS, SMBHUNT_JAVA_OPTS and SMBHUNT_CDS choose the JVM and its options
# as for bin/smbhunt.
# Smoke size (about a minute): bench/e2e/run.sh --events 200000 --files 4
# Not part of `mvn verify` (minutes of CPU); run it by hand.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/bench/e2e"
GEN="${SMBHUNT_GEN_EVENTS:-$ROOT/../shared/tools/gen_events.py}"

EVENTS=2000000 FILES=8 SEED=42 SCALE=1 GZIP=0 PLAIN=1 REPEAT=1 JFR=0 SEED_CHECK=1 DUCKDB_ALL=1 FAST=0
THREADS="1 2"
OUT=""
VARIANT_NAMES=() VARIANT_OPTS=()
WORK="${SMBHUNT_BENCH_WORK:-/tmp/smbhunt-bench}"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --gzip) GZIP=1; shift ;;
    --no-plain) PLAIN=0; shift ;;
    --threads) THREADS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --fast) FAST=1; shift ;;
    --no-seed-check) SEED_CHECK=0; shift ;;
    --no-duckdb-all) DUCKDB_ALL=0; shift ;;
    --jvm-variant)
      [[ ${2:-} =~ ^([A-Za-z0-9._-]+)=(.+)$ ]] ||
        { echo "run.sh: --jvm-variant takes NAME=OPTIONS (NAME of letters, digits, . _ -), got '${2:-}'" >&2; exit 2; }
      VARIANT_NAMES+=("${BASH_REMATCH[1]}") VARIANT_OPTS+=("${BASH_REMATCH[2]}")
      shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument $1" >&2; usage ;;
  esac
done
for n in "$EVENTS" "$FILES" "$SEED" "$SCALE" "$REPEAT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: not a number: $n" >&2; exit 2; }
done
[[ $PLAIN == 1 || $GZIP == 1 ]] || { echo "run.sh: --no-plain needs --gzip" >&2; exit 2; }
EVENTS=$((EVENTS * SCALE))
FILES=$((FILES * SCALE))
NAME="e${EVENTS}-f${FILES}-s${SEED}"
mkdir -p "$WORK"
OUT="${OUT:-$WORK/results-$NAME-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT/raw"
OUT="$(cd "$OUT" && pwd)"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
T_START=$(date +%s)

# ---- build: the job jar as bin/smbhunt builds it, plus the bench jar with the e2e runners
JAR="$ROOT/job/target/smbhunt-job.jar"
PROVIDED="$ROOT/job/target/provided-classpath.txt"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
E2E_CP="$ROOT/bench/target/e2e-classpath.txt"
stale() {
  [[ ! -f "$JAR" || ! -f "$PROVIDED" || ! -f "$BENCH_JAR" || ! -f "$E2E_CP" ]] && return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/udf/pom.xml" "$ROOT/job/pom.xml" "$ROOT/udf/src/main" \
      "$ROOT/job/src/main" -newer "$JAR" -print -quit)" ]] && return 0
  [[ -n "$(find "$ROOT/bench/pom.xml" "$ROOT/bench/src/main" -newer "$BENCH_JAR" -print -quit)" ]]
}
if stale; then
  log "building the job and bench jars (mvn package -DskipTests) ..."
  mvn -q -B -ntp -f "$ROOT/pom.xml" package -DskipTests -Dspotless.check.skip=true -pl job,bench -am >&2
fi
BENCH_CP="$BENCH_JAR:$(cat "$E2E_CP")"
SMBHUNT_CP="$JAR:$(cat "$PROVIDED")"
# The JVM, options and start-up archive bin/smbhunt uses (bin/jvm.sh: JAVA_HOME or java on the
# PATH; SMBHUNT_JIT_OPTS, SMBHUNT_JAVA_OPTS; SMBHUNT_CDS=0: no archive). The baselines run on
# the same JVM.
CP="$SMBHUNT_CP"
# shellcheck source=../../bin/jvm.sh
source "$ROOT/bin/jvm.sh"
smbhunt_jvm_setup

# ---- corpus: generated once per (events, files, seed), then reused
CORPUS="$WORK/corpus-$NAME"
if [[ ! -f "$CORPUS/ground_truth.json" ]]; then
  log "generating $CORPUS ($EVENTS events, $FILES files, seed $SEED) ..."
  rm -rf "$CORPUS.tmp"
  python3 "$GEN" gen --out "$CORPUS.tmp" --events "$EVENTS" --files "$FILES" --seed "$SEED" \
    --jobs "$(nproc)" >"$OUT/raw/gen.log"
  mv "$CORPUS.tmp" "$CORPUS"
fi
GT="$CORPUS/ground_truth.json"
mapfile -t PLAIN_FILES < <(python3 -c 'import json,sys,os; g=json.load(open(sys.argv[1]))
for f in g["files"]: print(os.path.join(os.path.dirname(sys.argv[1]), f["name"]))' "$GT")
CORPORA=()
[[ $PLAIN == 1 ]] && CORPORA+=(plain)
GZ_FILES=()
if [[ $GZIP == 1 ]]; then
  GZDIR="$CORPUS-gz"
  if [[ ! -f "$GZDIR/.complete" ]]; then
    log "gzip -6 of the corpus into $GZDIR (once) ..."
    mkdir -p "$GZDIR"
    # gzip -k keeps the plain files; -c into the cache directory so the corpus stays as it is
    printf '%s\n' "${PLAIN_FILES[@]}" |
      xargs -P "$(nproc)" -I{} sh -c 'gzip -6 -c "$1" >"$2/$(basename "$1").gz"' _ {} "$GZDIR"
    touch "$GZDIR/.complete"
  fi
  for f in "${PLAIN_FILES[@]}"; do GZ_FILES+=("$GZDIR/$(basename "$f").gz"); done
  CORPORA+=(gzip)
fi
files_of() { if [[ $1 == plain ]]; then printf '%s\n' "${PLAIN_FILES[@]}"; else printf '%s\n' "${GZ_FILES[@]}"; fi; }

log "corpus $CORPUS: $(python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); print("{:,} lines, {:.2f} GB".format(g["lines_total"], g["bytes_total"]/1e9))' "$GT")"
# Every measurement reads its files from the page cache (the issue's figures are from tmpfs), so
# they are read right before each process: a cache warmed once does not last on every machine
# (the reference VM's DAMON reclaim pages out page-cache pages left idle for 30 s).
warm() { files_of "$1" | xargs cat >/dev/null; }

# ---- one measured process: /usr/bin/time -v, /proc/stat before and after (the other load)
measure() { # NAME CMD... ; stdout and stderr to raw/NAME.{out,err}
  local name="$1"
  shift
  cp /proc/stat "$OUT/raw/$name.stat0"
  if ! /usr/bin/time -v -o "$OUT/raw/$name.time" "$@" >"$OUT/raw/$name.out" 2>"$OUT/raw/$name.err"; then
    echo "run.sh: $name failed; see $OUT/raw/$name.err:" >&2
    tail -20 "$OUT/raw/$name.err" >&2
    exit 1
  fi
  cp /proc/stat "$OUT/raw/$name.stat1"
}

smbhunt() { # CORPUS THREADS PROFILE(seed|default|fast) REPEAT [extra JVM options]; VARIANT names them
  local corpus="$1" p="$2" profile="$3" r="$4" name="smbhunt-$1-p$2-$3${VARIANT:+-$VARIANT}-r$4"
  shift 4
  local mode_args=(--profile "$profile")
  [[ $profile == fast ]] && mode_args=(--profile default --skip-unused-event-ids)
  local inputs=()
  while read -r f; do inputs+=(--input "$f"); done < <(files_of "$corpus")
  warm "$corpus"
  measure "$name" "$SMBHUNT_JAVA" "${SMBHUNT_JVM_OPTS[@]}" "$@" \
    -Dlog4j.configurationFile="$E2E/log4j2-bench.properties" -Dsmbhunt.bench.log="$OUT/raw/$name.log" \
    -cp "$SMBHUNT_CP" io.smbhunt.job.SmbHunt "${inputs[@]}" --output "$OUT/raw/$name.output" \
    --overwrite --mode batch --parallelism "$p" "${mode_args[@]}"
  cp "$OUT/raw/$name.output/_manifest.json" "$OUT/raw/$name.manifest.json"
  rm -rf "$OUT/raw/$name.output"
  python3 "$E2E/results.py" record --results "${RESULTS_TO:-$RESULTS}" --run smbhunt --corpus "$corpus" --threads "$p" \
    --repeat "$r" --gt "$GT" --time "$OUT/raw/$name.time" --stat-before "$OUT/raw/$name.stat0" \
    --stat-after "$OUT/raw/$name.stat1" --log "$OUT/raw/$name.log" \
    --manifest "$OUT/raw/$name.manifest.json" --profile "$profile" --variant "${VARIANT:-}"
}

tool() { # RUN(duckdb|duckdb-all|bytescan|gunzip) CORPUS THREADS REPEAT
  local run="$1" corpus="$2" p="$3" r="$4" name="$1-$2-p$3-r$4"
  local files=()
  mapfile -t files < <(files_of "$corpus")
  warm "$corpus"
  case "$run" in
    duckdb) measure "$name" "$SMBHUNT_JAVA" -cp "$BENCH_CP" io.smbhunt.bench.e2e.DuckDbBaseline --threads "$p" \
      --gt "$GT" "${files[@]}" ;;
    duckdb-all) measure "$name" "$SMBHUNT_JAVA" -cp "$BENCH_CP" io.smbhunt.bench.e2e.DuckDbBaseline --threads "$p" \
      --all-events --gt "$GT" "${files[@]}" ;;
    bytescan) measure "$name" "$SMBHUNT_JAVA" -cp "$BENCH_CP" io.smbhunt.bench.e2e.ScanBaseline --mode bytes \
      --threads "$p" "${files[@]}" ;;
    gunzip) measure "$name" "$SMBHUNT_JAVA" -cp "$BENCH_CP" io.smbhunt.bench.e2e.ScanBaseline --mode gunzip \
      --threads "$p" "${files[@]}" ;;
  esac
  python3 "$E2E/results.py" record --results "$RESULTS" --run "$run" --corpus "$corpus" --threads "$p" \
    --repeat "$r" --gt "$GT" --time "$OUT/raw/$name.time" --stat-before "$OUT/raw/$name.stat0" \
    --stat-after "$OUT/raw/$name.stat1" --stdout "$OUT/raw/$name.out"
}

{
  echo "date: $(date -Is)"
  echo "host: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "java: $SMBHUNT_JAVA, $("$SMBHUNT_JAVA" -version 2>&1 | head -1)"
  echo "smbhunt: $(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null || echo '?')$(git -C "$ROOT" status --short -- udf job pom.xml 2>/dev/null | grep -q . && echo ' (+ uncommitted changes in udf/job)')"
  echo "corpus: $CORPUS"
  echo "args: events=$EVENTS files=$FILES seed=$SEED scale=$SCALE gzip=$GZIP threads='$THREADS' repeat=$REPEAT fast=$FAST"
  echo "smbhunt JVM options: ${SMBHUNT_JVM_OPTS[*]}"
  for i in "${!VARIANT_NAMES[@]}"; do echo "variant ${VARIANT_NAMES[$i]}: + ${VARIANT_OPTS[$i]}"; done
  echo "loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/environment.txt"

# ---- the measurements, interleaved so that a burst of other load spreads over all of them
for ((r = 1; r <= REPEAT; r++)); do
  for c in "${CORPORA[@]}"; do
    for p in $THREADS; do
      log "run $r/$REPEAT, $c, threads $p: smbhunt, DuckDB, reference scan"
      smbhunt "$c" "$p" default "$r"
      for i in "${!VARIANT_NAMES[@]}"; do
        # shellcheck disable=SC2086 # the variant's options are a list of flags
        VARIANT="${VARIANT_NAMES[$i]}" smbhunt "$c" "$p" default "$r" ${VARIANT_OPTS[$i]}
      done
      if [[ $FAST == 1 ]]; then smbhunt "$c" "$p" fast "$r"; fi
      tool duckdb "$c" "$p" "$r"
      if [[ $DUCKDB_ALL == 1 ]]; then tool duckdb-all "$c" "$p" "$r"; fi
      if [[ $c == plain ]]; then tool bytescan "$c" "$p" "$r"; else tool gunzip "$c" "$p" "$r"; fi
    done
  done
done

# ---- the seed profile's counts, once (not a timing row of interest: the joins differ)
if [[ $SEED_CHECK == 1 ]]; then
  p_max=$(printf '%s\n' $THREADS | sort -n | tail -1)
  log "smbhunt --profile seed (counts against expected_rows_seed)"
  smbhunt "${CORPORA[0]}" "$p_max" seed 1
fi

python3 "$E2E/results.py" report "$RESULTS" --markdown >"$OUT/table.md" || true
status=0
python3 "$E2E/results.py" report "$RESULTS" | tee "$OUT/table.txt" || status=$?

# ---- optional: one profiled run (not in the table: JFR costs a few percent)
if [[ $JFR == 1 ]]; then
  p_max=$(printf '%s\n' $THREADS | sort -n | tail -1)
  c="${CORPORA[0]}"
  log "smbhunt under JFR ($c, parallelism $p_max) ..."
  # repeat 0 = the profiled run; its row goes to jfr-run.jsonl, not into the table above
  RESULTS_TO="$OUT/jfr-run.jsonl" smbhunt "$c" "$p_max" default 0 \
    "-XX:StartFlightRecording=filename=$OUT/smbhunt.jfr,settings=profile,jdk.ExecutionSample#period=2ms,jdk.ThreadCPULoad#period=1s" \
    -XX:FlightRecorderOptions=stackdepth=96 -Xlog:gc,gc+cpu:file="$OUT/raw/smbhunt-jfr-gc.log"
  "$SMBHUNT_JAVA" -cp "$BENCH_CP" io.smbhunt.bench.e2e.JfrSummary "$OUT/smbhunt.jfr" 25 "$OUT/raw/smbhunt-jfr-gc.log" |
    tee "$OUT/profile.txt"
fi

log "done in $(($(date +%s) - T_START)) s; results in $OUT"
exit "$status"
