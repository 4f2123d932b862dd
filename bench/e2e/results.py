#!/usr/bin/env python3
"""Helper of bench/e2e/run.sh (python3 stdlib only): turns one measured process into one JSON line of
OUT/results.jsonl, and prints the results table from that file.

  results.py record --results OUT/results.jsonl --run smbhunt|duckdb|bytescan|gunzip --corpus plain|gzip
                    --threads P --gt ground_truth.json --time FILE [--stat-before S] [--stat-after S]
                    [--log FILE --manifest FILE --profile P] [--stdout FILE] [--repeat R]
  results.py report OUT/results.jsonl [--markdown]

Every number comes from the process itself:
  wall s     /usr/bin/time -v "Elapsed (wall clock)" of the whole process (JVM start to exit)
  sources s  smbhunt: the archive sources' stage within job s (first source task RUNNING to the last
             FINISHED): reading, line splitting, decoding, the chained per-event analytics
  joins s    smbhunt: the next stage, the keyed joins (their BATCH sort included), measured the same way
  write s    smbhunt: the last stage, the detections' Parquet writers
  job s      smbhunt: JobExecutionResult.getNetRuntime(), i.e. the job from INITIALIZING (the
             Dispatcher's "Submitting job") to FINISHED (the ExecutionGraph's transition), both read
             from the millisecond log of bench/e2e/log4j2-bench.properties; DuckDB: scan + queries
             (connect excluded); byte scan / gunzip: the timed pass
  start-up   wall - job: JVM + MiniCluster (or DuckDB connect) start, manifest, shutdown
  cpu s      user + system CPU of the whole process (/usr/bin/time)
  others     CPU the REST of the machine used during the run, in cores (from /proc/stat minus cpu s):
             the noise indicator, since other work shares the 2 cores
  events/s   ground_truth lines_total / job s;  MB/s  ground_truth bytes_total (uncompressed) / 10^6 / job s
"""
import argparse
import json
import re
import statistics
import sys

USER_HZ = 100  # /proc/stat ticks (sysconf(_SC_CLK_TCK) is 100 on Linux x86-64)


def parse_time_v(path):
    out = {}
    for line in open(path, encoding='utf-8', errors='replace'):
        line = line.strip()
        if line.startswith('Elapsed (wall clock) time'):
            v = line.rsplit(': ', 1)[1]
            parts = [float(p) for p in v.split(':')]
            s = 0.0
            for p in parts:
                s = s * 60 + p
            out['wall_s'] = s
        elif line.startswith('Maximum resident set size'):
            out['rss_mb'] = int(line.rsplit(': ', 1)[1]) / 1024.0
        elif line.startswith('User time'):
            out['user_s'] = float(line.rsplit(': ', 1)[1])
        elif line.startswith('System time'):
            out['sys_s'] = float(line.rsplit(': ', 1)[1])
        elif line.startswith('Exit status'):
            out['exit'] = int(line.rsplit(': ', 1)[1])
    out['cpu_s'] = out.get('user_s', 0.0) + out.get('sys_s', 0.0)
    return out


def busy_ticks(path):
    f = open(path).readline().split()
    v = [int(x) for x in f[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]) - idle


# The job's BATCH stages, one after another: the vertex whose name starts with (or, for the joins,
# holds) this text. Vertex names are the operators' .name()s chained with " -> ".
STAGES = (('sources_s', lambda v: v.startswith('Source: read archives')),
          ('joins_s', lambda v: 'smb_remote_file_2' in v and not v.startswith('Source:')),
          ('write_s', lambda v: v.startswith('count detections')))


def job_runtime_s(log):
    """From the bench log: job s, Submitting job (INITIALIZING) -> the ExecutionGraph's RUNNING to
    FINISHED; and each of STAGES, its first task RUNNING to its last FINISHED, in s (sources: reading,
    splitting, decoding and the chained per-event analytics; joins: the keyed joins with their BATCH
    sort; write: the detections' Parquet writers)."""
    start = end = None
    running, finished = {}, {}
    for line in open(log, encoding='utf-8', errors='replace'):
        m = re.match(r'(\d{13}) (\S+) - (.*)', line)
        if not m:
            continue
        ms, logger, msg = int(m.group(1)), m.group(2), m.group(3)
        if start is None and logger.endswith('Dispatcher') and msg.startswith('Submitting job'):
            start = ms
        task = re.match(r'(.*) \(\d+/\d+\) \(\S+\) switched from (\w+) to (\w+)', msg)
        if logger == 'ExecutionGraph' and task:
            vertex, to = task.group(1), task.group(3)
            if to == 'RUNNING':
                running.setdefault(vertex, ms)
            if to == 'FINISHED':
                finished[vertex] = ms
        if logger == 'ExecutionGraph' and msg.startswith('Job ') and 'switched from state RUNNING to' in msg:
            end = ms
            state = msg.rsplit(' ', 1)[1].rstrip('.')
            if state != 'FINISHED':
                raise SystemExit('job ended ' + state + ' (' + log + ')')
    if start is None or end is None:
        raise SystemExit('no job state transitions in ' + log)
    phases = {'job_s': (end - start) / 1000.0}
    for key, is_stage in STAGES:
        vertices = [v for v in running if is_stage(v) and v in finished]
        phases[key] = (max(finished[v] for v in vertices) - min(running[v] for v in vertices)) / 1000.0 \
            if vertices else None
    return phases


SMBHUNT_IDS = {'I': 'smb_remote_file_1', 'II': 'smb_remote_file_2', 'III': 'smb_remote_file_3',
               'IV': 'smb_remote_file_4', 'V': 'smb_remote_file_5'}


def record(a):
    gt = json.load(open(a.gt))
    rec = {'run': a.run, 'corpus': a.corpus, 'threads': a.threads, 'repeat': a.repeat,
           'lines_total': gt['lines_total'], 'bytes_total': gt['bytes_total']}
    rec.update(parse_time_v(a.time))
    if rec.get('exit', 0) != 0:
        raise SystemExit('%s exited with %s (see %s)' % (a.run, rec.get('exit'), a.time))
    if a.stat_before and a.stat_after:
        busy = (busy_ticks(a.stat_after) - busy_ticks(a.stat_before)) / USER_HZ
        rec['others_cores'] = max(0.0, busy - rec['cpu_s']) / rec['wall_s']
    if a.run == 'smbhunt':
        rec['profile'] = a.profile
        if a.variant:
            rec['variant'] = a.variant
        rec.update(job_runtime_s(a.log))
        man = json.load(open(a.manifest))
        rec['manifest_duration_s'] = man['duration_ms'] / 1000.0
        rec['lines_read'] = man['counts']['lines_read']
        rec['quarantined'] = man['counts']['quarantined']
        rec['reconciled'] = man['reconciled']
        rec['state_at_end'] = sum(man.get('join_state_entries_at_end', {}).values())
        counts = {k: man['detections'][v] for k, v in SMBHUNT_IDS.items()}
        # 'fast' is the default profile with --skip-unused-event-ids: the same rows are expected
        expected = gt['expected_rows_' + ('default' if a.profile == 'fast' else a.profile)]
        rec['counts'] = counts
        rec['expected'] = {k: expected[k] for k in SMBHUNT_IDS}
        rec['match'] = counts == rec['expected'] and man['reconciled']
    else:
        line = [l for l in open(a.stdout) if l.startswith('RESULT ')][-1]
        res = json.loads(line[len('RESULT '):])
        if a.run.startswith('duckdb'):
            rec['job_s'] = res['total_s']
            rec['scan_s'] = res['scan_s']
            rec['queries_s'] = res['queries_s']
            rec['connect_s'] = res['connect_s']
            rec['duckdb_version'] = res['duckdb_version']
            rec['rows_loaded'] = res['rows_loaded']
            rec['counts'] = res['counts']
            rec['expected'] = res.get('expected')
            rec['match'] = res.get('match')
        else:
            rec['job_s'] = res['seconds']
            rec['newlines'] = res['newlines']
            rec['bytes_out'] = res['bytes_out']
            # a scan has no counts; it must at least see every line and byte of the corpus
            rec['match'] = res['newlines'] == gt['lines_total'] and res['bytes_out'] == gt['bytes_total']
    rec['startup_s'] = rec['wall_s'] - rec['job_s']
    with open(a.results, 'a') as f:
        f.write(json.dumps(rec, sort_keys=True) + '\n')
    print(summary_line(rec), file=sys.stderr)


def summary_line(r):
    s = '  %-8s %-5s p=%d  wall %6.1f s  job %6.2f s  %6.0f MB/s  rss %5.0f MB  others %.1f cores' % (
        r['run'], r['corpus'], r['threads'], r['wall_s'], r['job_s'],
        r['bytes_total'] / 1e6 / r['job_s'], r['rss_mb'], r.get('others_cores', 0))
    if r['run'] in ('smbhunt', 'duckdb', 'duckdb-all'):
        s += '  counts %s %s' % (' '.join('%s=%d' % kv for kv in r['counts'].items()),
                                 'match' if r['match'] else 'MISMATCH (expected %s)' % r['expected'])
    return s


def median(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def report(a):
    rows = [json.loads(l) for l in open(a.results) if l.strip()]
    if not rows:
        raise SystemExit('no results in ' + a.results)
    groups = {}
    for r in rows:
        key = (r['run'], r['corpus'], r['threads'], r.get('profile', 'default'), r.get('variant', ''))
        groups.setdefault(key, []).append(r)
    order = {'smbhunt': 0, 'duckdb': 1, 'duckdb-all': 2, 'bytescan': 3, 'gunzip': 4}
    agg = {}
    for key, rs in groups.items():
        m = {k: median(rs, k) for k in ('wall_s', 'job_s', 'sources_s', 'joins_s', 'write_s', 'startup_s',
                                        'cpu_s', 'rss_mb', 'others_cores')}
        m['n'] = len(rs)
        m['match'] = all(r.get('match') for r in rs)
        m['lines_total'] = rs[0]['lines_total']
        m['bytes_total'] = rs[0]['bytes_total']
        m['job_min'] = min(r['job_s'] for r in rs)
        m['job_max'] = max(r['job_s'] for r in rs)
        m['state_at_end'] = max((r.get('state_at_end', 0) for r in rs), default=0)
        agg[key] = m

    def ref(run, corpus, threads):
        return agg.get((run, corpus, threads, 'default', ''))

    hdr = ['run', 'corpus', 'threads', 'n', 'wall s', 'job s', 'sources s', 'joins s', 'write s', 'start-up s', 'cpu s', 'others (cores)',
           'events/s', 'MB/s', 'peak RSS MB', 'smbhunt/DuckDB', 'of byte scan', 'counts']
    out = []
    for key in sorted(agg, key=lambda k: (k[1] != 'plain', order.get(k[0], 9), k[3] != 'default', k[4], k[2])):
        run, corpus, threads, profile, variant = key
        m = agg[key]
        job = m['job_s']
        ratio = scan = ''
        if run == 'smbhunt':
            d = ref('duckdb', corpus, threads)
            if d:
                ratio = '%.2f' % (d['job_s'] / job)
            b = ref('bytescan' if corpus == 'plain' else 'gunzip', corpus, threads)
            if b:
                # rate / reference rate at the same thread count; for gzip the inverse is "x decompression"
                scan = ('%.2f' % (b['job_s'] / job)) if corpus == 'plain' else ('%.2fx gunzip' % (job / b['job_s']))
        counts = '' if run in ('bytescan', 'gunzip') else ('match' if m['match'] else 'MISMATCH')
        if run in ('bytescan', 'gunzip'):
            counts = 'all lines' if m['match'] else 'LINES DIFFER'
        if run == 'smbhunt':
            counts += ', state %d' % m['state_at_end']
        spread = ''
        if m['n'] > 1:
            spread = ' (%.2f-%.2f)' % (m['job_min'], m['job_max'])
        label = {'duckdb': 'duckdb (3 event ids)', 'duckdb-all': 'duckdb (all rows)'}.get(run, run)
        label += ('' if profile == 'default' else ' (' + profile + ')') + (' [' + variant + ']' if variant else '')
        out.append([label, corpus, str(threads), str(m['n']),
                    '%.1f' % m['wall_s'], '%.2f%s' % (job, spread),
                    *('' if m[k] is None else '%.2f' % m[k] for k in ('sources_s', 'joins_s', 'write_s')),
                    '%.1f' % m['startup_s'], '%.1f' % m['cpu_s'],
                    '%.1f' % (m['others_cores'] or 0), '{:,.0f}'.format(m['lines_total'] / job),
                    '%.0f' % (m['bytes_total'] / 1e6 / job), '%.0f' % m['rss_mb'], ratio, scan, counts])
    if a.markdown:
        print('| ' + ' | '.join(hdr) + ' |')
        print('|' + '|'.join('---' if i < 2 else '---:' for i in range(len(hdr) - 1)) + '|---|')
        for row in out:
            print('| ' + ' | '.join(row) + ' |')
    else:
        w = [max(len(h), *(len(r[i]) for r in out)) for i, h in enumerate(hdr)]
        print('  '.join(h.ljust(w[i]) if i < 2 else h.rjust(w[i]) for i, h in enumerate(hdr)))
        for row in out:
            print('  '.join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(row)))
    first = rows[0]
    print('\ncorpus: %s lines, %.2f GB uncompressed; n = runs per row (job s = median, min-max in brackets).'
          % ('{:,}'.format(first['lines_total']), first['bytes_total'] / 1e9))
    print('smbhunt/DuckDB = DuckDB (scan + queries) s / smbhunt job s at the same threads and corpus, DuckDB '
          'in its fastest form (3 event ids) (> 1: smbhunt faster; target >= 2).')
    print('state = join state entries left at the end of the smbhunt run (manifest; target 0).')
    print('sources, joins, write s = smbhunt\'s BATCH stages inside job s, one after another: the archive sources '
          '(read, split, decode, per-event analytics), the keyed joins (with their sort), the detections\' Parquet '
          'writers; the rest of job s is scheduling, deployment and commits.')
    print('of byte scan = smbhunt rate / plain byte-scan rate at the same threads (target >= 0.5); '
          'gzip: smbhunt job s / parallel gunzip s (target <= 1.2).')
    print('others = CPU used by other processes during the run, in cores (2 cores in all): the noise.')
    bad = [k for k, m in agg.items() if not m['match']]
    if bad:
        print('COUNTS OR LINES DID NOT MATCH: %s' % bad)
        return 1
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('record')
    r.add_argument('--results', required=True)
    r.add_argument('--run', required=True, choices=['smbhunt', 'duckdb', 'duckdb-all', 'bytescan', 'gunzip'])
    r.add_argument('--corpus', required=True)
    r.add_argument('--threads', type=int, required=True)
    r.add_argument('--repeat', type=int, default=1)
    r.add_argument('--gt', required=True)
    r.add_argument('--time', required=True)
    r.add_argument('--stat-before')
    r.add_argument('--stat-after')
    r.add_argument('--log')
    r.add_argument('--manifest')
    r.add_argument('--profile', default='default')
    r.add_argument('--variant', default='', help='name of the extra JVM options the run had (--jvm-variant)')
    r.add_argument('--stdout')
    q = sub.add_parser('report')
    q.add_argument('results')
    q.add_argument('--markdown', action='store_true')
    a = p.parse_args()
    if a.cmd == 'record':
        record(a)
        return 0
    return report(a)


if __name__ == '__main__':
    sys.exit(main())
