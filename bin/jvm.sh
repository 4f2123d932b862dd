# shellcheck shell=bash
# Sourced by bin/smbhunt and bench/e2e/run.sh: which JVM runs smbhunt, with which options, and the
# archive recorded once per build that shortens its start-up and warm-up. Expects ROOT, CP (the
# job jar and the provided jars) and JAR; sets SMBHUNT_JAVA and SMBHUNT_JVM_OPTS (an array).
#
# The JVM is $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH (17 or newer).
#   JDK 25+: an AOT cache (JEP 483/515): classes loaded and linked, with what the training run
#            resolved, and its method profiles (a 200k-line run: 8-10 instead of 15-16 CPU s).
#   JDK 17-24: a class-data sharing archive: classes loaded and verified.
# Either is recorded on the bundled sample, which loads what a hunt loads (both profiles'
# operators, the Parquet writers, the flow decoders). SMBHUNT_CDS=0 turns both off.

SMBHUNT_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Smaller C2 inlining: a hunt is short for a JIT. C2 compiles Flink's, Parquet's and smbhunt's hot
# methods while the job runs, on the same cores; with the default budgets each big method (the
# decoder with the whole JSON scanner inlined, the Parquet row writer) took C2 0.3-0.6 s, and C2
# took about a third of a 2.77 GB run's CPU. With these, the job took 10-25% less time on 2 cores
# (JDK 17 and 25, p = 1 and 2, and at 4x the size; one set of JDK 25 p = 1 pairs: the same time
# for 15% less CPU), for a steady-state decoder ~10% slower (BENCHMARKS.md, session 5). SMBHUNT_JIT_OPTS=""
# keeps HotSpot's defaults; SMBHUNT_JAVA_OPTS comes after, so an option given there wins.
# The module openings Flink's own scripts give every JVM (env.java.opts.all of Flink 2.x's
# config.yaml, as in conf/cluster/config.yaml). Without them, for one, Flink cannot add its
# explanation to an OutOfMemoryError (it sets Throwable.detailMessage), and the run fails with an
# InaccessibleObjectException instead of the real cause. They are the same for the run that
# records the start-up archive and the runs that use it, as the archive needs.
SMBHUNT_FLINK_MODULE_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)
# shellcheck disable=SC2206 # both are lists of options
SMBHUNT_JVM_OPTS=("${SMBHUNT_FLINK_MODULE_OPTS[@]}" ${SMBHUNT_JIT_OPTS--XX:FreqInlineSize=50 -XX:InlineSmallCode=500} ${SMBHUNT_JAVA_OPTS:--Xmx2g})

smbhunt_jvm_version() { # the running JVM's version, e.g. 25.0.3+9-LTS
  "$SMBHUNT_JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.vm.version/ {print $2; exit}'
}

smbhunt_record_archive() { # ARCHIVE_FILE RECORDING_OPTION...
  local archive="$1" scratch
  shift
  echo "smbhunt: recording $(basename "$archive") on the bundled sample (once per build) ..." >&2
  rm -f "$archive"
  scratch="$(mktemp -d)"
  if ! "$SMBHUNT_JAVA" "${SMBHUNT_JVM_OPTS[@]}" "$@" \
    -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" io.smbhunt.job.SmbHunt \
    --input "$ROOT/samples/security-datasets" --input "$ROOT/samples/zeek-wrccdc2018/zeek-json" \
    --output "$scratch/out" --parallelism 2 >"$scratch/log" 2>&1 || [[ ! -f "$archive" ]]; then
    echo "smbhunt: could not record the archive (see $scratch/log); running without it" >&2
    rm -f "$archive"
    return
  fi
  rm -rf "$scratch"
}

smbhunt_jvm_setup() {
  local version feature
  if ! command -v "$SMBHUNT_JAVA" >/dev/null; then
    echo "smbhunt: no Java at $SMBHUNT_JAVA (set JAVA_HOME to a JDK 17 or newer, or put java on the PATH)" >&2
    exit 2
  fi
  version="$(smbhunt_jvm_version || true)"
  feature="${version%%[.+-]*}"
  if [[ ! $feature =~ ^[0-9]+$ || $feature -lt 17 ]]; then
    echo "smbhunt: needs Java 17 or newer; $SMBHUNT_JAVA reports '${version:-nothing}'" >&2
    exit 2
  fi
  if ((feature >= 24)); then
    # Flink's RPC (Pekko) uses sun.misc.Unsafe and Netty native access: allowed, without warnings.
    SMBHUNT_JVM_OPTS+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
  fi
  [[ ${SMBHUNT_CDS:-1} == 0 ]] && return
  # One archive per JVM build: another JDK cannot use it. A JVM that cannot use the archive
  # (changed options or jars) warns and runs without it.
  local archive="$ROOT/job/target/smbhunt-${version//[^A-Za-z0-9.]/_}" record use
  if ((feature >= 25)); then
    archive+=.aot
    record=(-XX:AOTCacheOutput="$archive")
    # JDK 25 warns on stdout when it regenerates an adapter the cache holds in another form.
    use=(-XX:AOTCache="$archive" -Xlog:aot*=error)
  else
    archive+=.jsa
    record=(-XX:ArchiveClassesAtExit="$archive")
    use=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
  fi
  if [[ ! -f "$archive" || "$JAR" -nt "$archive" || "${PROVIDED:-$JAR}" -nt "$archive" ]]; then
    smbhunt_record_archive "$archive" "${record[@]}"
  fi
  if [[ -f "$archive" ]]; then
    SMBHUNT_JVM_OPTS+=("${use[@]}")
  fi
}
