#!/usr/bin/env python3
"""Times stripwatch replay against a raw zero-copy read, tcpdump and tshark on one file (see ops/bench/run);
with --kafka also the Kafka path against a real broker (kafka_bench below).

Each command runs under /usr/bin/time -v (wall seconds, CPU seconds, peak RSS of the process); the
first run of the raw read warms the page cache and is not counted; the median of --runs is reported.
tshark is slow: --tshark-sample N runs it on the first N packets (editcap) and extrapolates by bytes,
labelled as such in the table.
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchenv import default_corpus, jvm_options, replay_options


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def timed(argv, out_path=None):
    """Runs argv under /usr/bin/time -v; returns (wall, user+sys, max_rss_kib, rc, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        stdout = open(out_path, "w") if out_path else subprocess.PIPE
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + argv, stdout=stdout,
                           stderr=subprocess.PIPE, text=True)
        if out_path:
            stdout.close()
        t = tf.read()
    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", t)
        return m.group(1).strip() if m else "0"
    wall_s = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall_s.split(":")]
    wall = sum(v * 60 ** (len(parts) - 1 - i) for i, v in enumerate(parts))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)"))
    return wall, cpu, rss, p.returncode, (p.stdout or "") + p.stderr


def measure(name, argv, runs, note=""):
    results = []
    for _ in range(runs):
        wall, cpu, rss, rc, out = timed(argv)
        if rc not in (0,):
            print(f"  {name}: exit {rc}: {out[-400:]}", file=sys.stderr)
        results.append((wall, cpu, rss))
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    rss = max(r[2] for r in results)
    spread = f"{min(r[0] for r in results):.2f}-{max(r[0] for r in results):.2f}"
    print(f"  {name:<34} wall {wall:7.2f} s  cpu {cpu:7.2f} s  rss {rss / 1024:7.0f} MiB  (runs {runs}: {spread}) {note}",
          file=sys.stderr)
    return {"name": name, "wall": wall, "cpu": cpu, "rss": rss, "runs": runs, "spread": spread, "note": note}


def warm(name, java, classpath, argv, runs):
    """WarmReplay: the same replay `runs` times in one JVM; the row is the fastest run after the first
    (JIT-compiled, classes loaded), the note gives the first (cold) run."""
    out = subprocess.run(java + ["-cp", classpath, "org.stripwatch.bench.WarmReplay", str(runs)] + argv,
                         capture_output=True, text=True)
    times = [float(m) for m in re.findall(r"run \d+: ([\d.]+) s exit 0", out.stdout)]
    if out.returncode != 0 or len(times) < 2:
        print(f"  {name}: failed: {out.stdout[-300:]} {out.stderr[-300:]}", file=sys.stderr)
        return None
    best = min(times[1:])
    note = f"runs in one JVM: {', '.join(f'{t:.2f}' for t in times)} s (first = cold)"
    print(f"  {name:<34} wall {best:7.2f} s  {note}", file=sys.stderr)
    return {"name": name, "wall": best, "cpu": float("nan"), "rss": 0, "runs": len(times) - 1,
            "spread": f"{min(times[1:]):.2f}-{max(times[1:]):.2f}", "note": note}


# How stripwatch's JVM is started in every row: as ops/stripwatch starts it (set in main).
JAVA = ["java"]


# How stripwatch replay's JVM is started (set in main).
JAVA_REPLAY = ["java"]


# ---------------------------------------------------------------- Kafka path (--kafka)

def kafka_tool(root, cls, args):
    lib = os.path.join(root, "ops/kafka/lib/*")
    return subprocess.run(["java", f"-Dlog4j2.configurationFile={root}/ops/kafka/log4j2.properties", "-cp", lib,
                           f"org.apache.kafka.tools.{cls}"] + args, capture_output=True, text=True)


def end_offsets(root, bootstrap, topic):
    """Sum of the topic's end offsets: records the broker holds (no transactions, so offsets = records)."""
    out = kafka_tool(root, "GetOffsetShell", ["--bootstrap-server", bootstrap, "--topic", topic]).stdout
    return sum(int(line.rsplit(":", 1)[1]) for line in out.splitlines() if line.startswith(topic + ":"))


def create_topic(root, bootstrap, topic, partitions=6):
    r = kafka_tool(root, "TopicCommand", ["--bootstrap-server", bootstrap, "--create", "--if-not-exists", "--topic", topic,
                                          "--partitions", str(partitions), "--replication-factor", "1"])
    if r.returncode != 0:
        raise RuntimeError(f"cannot create {topic}: {r.stderr[-400:]}")


def cpu_seconds(pid):
    """utime + stime of a process (all its threads) from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def analyzer_run(jar, bootstrap, topic, tag, expected, work, extra=()):
    """Runs one `stripwatch analyzer` (fresh group, state and alerts topics) until it processed `expected`
    records; polls its Prometheus counter every 50 ms. Returns (records/s from launch, records/s from the
    first record, records/s over the second half, records per CPU second of the analyzer over the second half:
    the figure a shared machine disturbs least)."""
    log = os.path.join(work, f"analyzer-{tag}.log")
    argv = [*JAVA, "-jar", jar, "analyzer", "--kafka", bootstrap, "--group", f"bench-{tag}", "--sessions-topic", topic,
            "--state-topic", f"bench.state.{tag}", "--alerts-topic", f"bench.alerts.{tag}", "--metrics-port", "0"] + list(extra)
    t_launch = time.monotonic()
    with open(log, "w") as lf:
        p = subprocess.Popen(argv, stdout=lf, stderr=subprocess.STDOUT)
    try:
        url = None
        while url is None and time.monotonic() - t_launch < 60:
            m = re.search(r"metrics on (http://\S+/metrics)", open(log).read())
            url = m.group(1) if m else None
            time.sleep(0.05)
        if url is None:
            raise RuntimeError(f"analyzer did not start: {open(log).read()[-400:]}")
        first = None
        samples = []
        while time.monotonic() - t_launch < 600:
            try:
                body = urllib.request.urlopen(url, timeout=5).read().decode()
            except OSError:
                time.sleep(0.05)
                continue
            m = re.search(r"^stripwatch_analyzer_records_total (\S+)", body, re.M)
            n = int(float(m.group(1))) if m else 0
            now = time.monotonic()
            samples.append((now, n, cpu_seconds(p.pid)))
            if n > 0 and first is None:
                first = (now, n)
            if n >= expected:
                break
            if p.poll() is not None:
                raise RuntimeError(f"analyzer exited: {open(log).read()[-400:]}")
            time.sleep(0.05)
        done = samples[-1]
        if done[1] < expected:
            raise RuntimeError(f"analyzer processed {done[1]} of {expected} in 600 s")
        # Steady rate: the second half of the records (the JIT has compiled the hot paths by then).
        half = next(s for s in samples if s[1] >= expected / 2)
        steady = (done[1] - half[1]) / (done[0] - half[0])
        per_cpu = (done[1] - half[1]) / max(1e-9, done[2] - half[2])
        return expected / (done[0] - t_launch), (done[1] - first[1]) / (done[0] - first[0]), steady, per_cpu
    finally:
        p.terminate()
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()


def kafka_bench(root, corpus, runs, jar, bench, work, publish_n):
    """The Kafka rows: a fresh single-node broker (ops/kafka/start, its own JVM) on this machine; per run
    fresh topics. Returns (rows, ratios, facts)."""
    kwork = os.path.join(work, "kafka")
    env = dict(os.environ, KAFKA_WORK=kwork)
    subprocess.run([os.path.join(root, "ops/kafka/stop"), "--purge"], env=env, capture_output=True)
    start = subprocess.run([os.path.join(root, "ops/kafka/start")], env=env, capture_output=True, text=True)
    if start.returncode != 0:
        raise RuntimeError("ops/kafka/start failed: " + start.stderr[-600:])
    bootstrap = start.stdout.strip().splitlines()[-1]
    subprocess.run([os.path.join(root, "ops/kafka/create-topics"), bootstrap], env=env, check=True, capture_output=True)
    res = {k: [] for k in ("sensor", "sensor_cpu", "publish", "publish_caller", "encode", "pperf", "pperf_none",
                           "an_launch", "an_first", "an_steady", "an_big_steady", "an_big_cpu", "cperf")}
    mean_bytes = 0
    sessions = 0
    try:
        for i in range(1, runs + 1):
            print(f"  kafka run {i}/{runs}", file=sys.stderr)
            topic = f"bench.sessions.{i}"
            create_topic(root, bootstrap, topic)
            # (a) the real sensor replaying the corpus into the broker.
            spool = os.path.join(work, f"kafka-spool-{i}")
            wall, cpu, rss, rc, out = timed([*JAVA, "-jar", jar, "sensor", "-q", "--kafka", bootstrap, "--sensor-id", "bench",
                                             "--spool", spool, "--sessions-topic", topic, "--heartbeat-interval", "3600",
                                             corpus])
            m = re.search(r"acked=(\d+), sendFailures=(\d+), spooled=(\d+)", out)
            if rc != 0 or not m:
                raise RuntimeError(f"sensor failed ({rc}): {out[-600:]}")
            acked = int(m.group(1))
            held = end_offsets(root, bootstrap, topic)
            if held != acked or int(m.group(3)) != 0:
                raise RuntimeError(f"sensor: {acked} acknowledged but the topic holds {held}: {m.group(0)}")
            sessions = acked
            res["sensor"].append(acked / wall)
            res["sensor_cpu"].append(cpu)
            # (a') the publish path alone: those records, decoded, published again (cycled) to a new topic.
            big = f"bench.publish.{i}"
            create_topic(root, bootstrap, big)
            r = subprocess.run(["java", "-cp", bench, "org.stripwatch.bench.PublishPerf", bootstrap, topic, big,
                                str(publish_n)], capture_output=True, text=True)
            enc = re.search(r"^ENCODE .*records_per_s=(\d+) mean_bytes=(\d+)", r.stdout, re.M)
            pub = re.search(r"^PUBLISH .*records_per_s=(\d+) caller_seconds=(\S+) .*acked=(\d+) spooled=(\d+)", r.stdout, re.M)
            if not enc or not pub:
                raise RuntimeError(f"PublishPerf failed: {r.stdout[-300:]} {r.stderr[-600:]}")
            if int(pub.group(3)) != publish_n:
                raise RuntimeError(f"PublishPerf: only {pub.group(3)} of {publish_n} acknowledged")
            res["encode"].append(int(enc.group(1)))
            res["publish"].append(int(pub.group(1)))
            res["publish_caller"].append(publish_n / float(pub.group(2)))
            mean_bytes = int(enc.group(2))
            # Kafka's own producer at the same record size and producer settings (its payload: random letters).
            for key, comp in (("pperf", "zstd"), ("pperf_none", "none")):
                pt = f"bench.pperf.{comp}.{i}"
                create_topic(root, bootstrap, pt)
                r = kafka_tool(root, "ProducerPerformance", [
                    "--topic", pt, "--num-records", str(publish_n), "--record-size", str(mean_bytes), "--throughput", "-1",
                    "--producer-props", f"bootstrap.servers={bootstrap}", "acks=all", "enable.idempotence=true",
                    f"compression.type={comp}", "linger.ms=20", "batch.size=262144"])
                m = re.search(r"^\d+ records sent, ([\d.]+) records/sec", r.stdout.splitlines()[-1] if r.stdout else "")
                if not m:
                    raise RuntimeError(f"ProducerPerformance failed: {r.stdout[-300:]} {r.stderr[-300:]}")
                res[key].append(float(m.group(1)))
            # (b) one analyzer instance: the sensor's topic from the beginning, then the big topic.
            from_launch, from_first, steady, _ = analyzer_run(jar, bootstrap, topic, f"{i}", sessions, work)
            res["an_launch"].append(from_launch)
            res["an_first"].append(from_first)
            res["an_steady"].append(steady)
            _, _, big_steady, big_cpu = analyzer_run(jar, bootstrap, big, f"big-{i}", publish_n + 1, work)
            res["an_big_steady"].append(big_steady)
            res["an_big_cpu"].append(big_cpu)
            # Kafka's own consumer on the big topic.
            r = kafka_tool(root, "ConsumerPerformance", ["--bootstrap-server", bootstrap, "--topic", big, "--num-records",
                                                         str(publish_n), "--group", f"perf-{i}", "--timeout", "120000"])
            line = [l for l in r.stdout.splitlines() if re.match(r"^\d{4}-", l)]
            if not line:
                raise RuntimeError(f"ConsumerPerformance failed: {r.stdout[-300:]} {r.stderr[-300:]}")
            res["cperf"].append(float(line[-1].split(",")[-1]))  # fetch.nMsg.sec: without the group join
    finally:
        subprocess.run([os.path.join(root, "ops/kafka/stop"), "--purge"], env=env, capture_output=True)
    med = {k: statistics.median(v) for k, v in res.items() if v}
    spread = {k: f"{min(v):,.0f}-{max(v):,.0f}" for k, v in res.items() if v}
    n = publish_n
    rows = [
        ("sensor -> broker: `stripwatch sensor --kafka` replaying the corpus", med["sensor"],
         f"{sessions:,} records acknowledged / process wall time (capture and analysis included; CPU {med['sensor_cpu']:.1f} s); runs {spread['sensor']}"),
        ("publish path alone (`PublishPerf`: KafkaPublisher, defaults)", med["publish"],
         f"{n:,} records (the sensor's, cycled), first publish to last broker ack; runs {spread['publish']}"),
        ("  ... of which the calling thread in `publish`", med["publish_caller"],
         "records/s of the caller (Avro encoding + producer send): what a capture thread pays"),
        ("  ... Avro encoding alone (`AvroCodec.encode`, 1 thread)", med["encode"], f"{mean_bytes} bytes/record on average"),
        ("baseline: Kafka `ProducerPerformance`, same size and settings (zstd)", med["pperf"],
         f"random-letter payload of {mean_bytes} bytes (compresses far worse than session records); runs {spread['pperf']}"),
        ("baseline: Kafka `ProducerPerformance`, compression none", med["pperf_none"], f"runs {spread['pperf_none']}"),
        ("broker -> analyzer: `stripwatch analyzer`, the sensor's topic, from launch", med["an_launch"],
         f"{sessions:,} records / (JVM start + group join + JIT warm-up + processing); runs {spread['an_launch']}"),
        ("  ... same, from its first record to lag 0", med["an_first"], f"runs {spread['an_first']}"),
        ("  ... same, second half of the records", med["an_steady"], f"runs {spread['an_steady']}"),
        (f"broker -> analyzer, sustained ({n + 1:,} records), second half", med["an_big_steady"],
         f"runs {spread['an_big_steady']}"),
        ("  ... same, records per CPU second of the analyzer process", med["an_big_cpu"],
         f"all its threads (ingest, JIT, GC, Kafka I/O); less disturbed by other load than wall time; runs {spread['an_big_cpu']}"),
        ("baseline: Kafka `ConsumerPerformance` on that topic (fetch.nMsg.sec)", med["cperf"], f"runs {spread['cperf']}"),
    ]
    ratios = [
        ("publish path / Kafka ProducerPerformance (zstd)", med["publish"] / med["pperf"], ""),
        ("publish path / Kafka ProducerPerformance (none)", med["publish"] / med["pperf_none"], ""),
        ("analyzer sustained / Kafka ConsumerPerformance", med["an_big_steady"] / med["cperf"], ""),
    ]
    return rows, ratios, {"records": sessions, "bytes": mean_bytes}


def file_bench(a, root, work, corpus, size, packets, runs, jar, bench):
    """The file rows: replay against the raw read, tcpdump, tshark and the start-up. Returns (rows, ratios, sessions)."""
    rows = []
    sessions_out = os.path.join(work, "sessions.jsonl")
    rows.append(measure("raw zero-copy read (MappedByteBuffer)",
                        ["java", "-cp", bench, "org.stripwatch.bench.RawRead", corpus], runs))
    # The full analysis, as the issue defines it: sessions, findings and the embedded analyzer (the lab's
    # policies, alerts to a file). A sessions-only row shows what the analyzer adds.
    policies = os.path.join(root, "captures/lab/policies")
    alerts_out = os.path.join(work, "alerts.jsonl")

    def full(out, alerts, *extra):
        return [*JAVA_REPLAY, "-jar", jar, "replay", "-q", *extra, "--sessions", out, "--policies", policies,
                "--alerts", alerts, corpus]

    rows.append(measure("stripwatch replay (1 thread)", full(sessions_out, alerts_out), runs,
                        "full analysis: sessions, findings, embedded analyzer with the lab policies"))
    rows.append(measure("stripwatch replay, sessions only (1 thread)",
                        [*JAVA_REPLAY, "-jar", jar, "replay", "-q", "--sessions", sessions_out + ".only", corpus], runs,
                        "no --policies/--alerts: no analyzer"))
    # "On one core": the same process confined to one CPU (taskset), JIT and GC included; the issue's
    # speed-up is both cores (--workers) against this.
    one_core = None
    if subprocess.run(["sh", "-c", "command -v taskset"], capture_output=True).returncode == 0:
        one_core = measure("stripwatch replay on one core (taskset -c 0)",
                           ["taskset", "-c", "0", *full(sessions_out + ".1c", alerts_out + ".1c")], runs,
                           "full analysis; every thread of the JVM on CPU 0")
        rows.append(one_core)
    help_text = sh(f"java -jar {jar} replay --help")
    identical = None
    if "--workers" in help_text and a.workers > 1:
        rows.append(measure(f"stripwatch replay --workers {a.workers}",
                            full(sessions_out + ".w", alerts_out + ".w", "--workers", str(a.workers)), runs,
                            "full analysis"))
        identical = all(subprocess.run(["cmp", "-s", x, x + ".w"]).returncode == 0 for x in (sessions_out, alerts_out))
    # The same replays on a warm JVM (see WarmReplay): what a long run sees once C2 has compiled the hot paths.
    for w in [1] + ([a.workers] if "--workers" in help_text and a.workers > 1 else []):
        r = warm(f"replay, warm JVM, {w} worker{'s' if w > 1 else ''}", JAVA_REPLAY, jar + os.pathsep + bench,
                 ["replay", "-q", "--workers", str(w), "--sessions", sessions_out + ".warm", "--policies", policies,
                  "--alerts", alerts_out + ".warm", corpus], max(runs, 3))
        if r:
            rows.append(r)
    # Memory against file size: the same full analysis on the first tenth of the file; peak RSS should not
    # follow the file's size (mapped windows are released as the reader leaves them, state is bounded).
    tenth = os.path.join(work, "corpus-tenth.pcap")
    subprocess.run(["editcap", "-r", corpus, tenth, f"1-{max(1, packets // 10)}"], check=True)
    rows.append(measure(f"stripwatch replay, first tenth ({os.path.getsize(tenth) / 1e6:,.0f} MB)",
                        [*JAVA_REPLAY, "-jar", jar, "replay", "-q", "--sessions", os.devnull, "--policies", policies,
                         "--alerts", os.devnull, tenth], runs, "full analysis; compare peak RSS with the whole file"))
    os.remove(tenth)
    rows.append(measure("tcpdump -r F -w /dev/null", ["tcpdump", "-r", corpus, "-w", "/dev/null"], runs))

    # tshark: full, or a prefix of the file, extrapolated by bytes.
    tshark_cmd = ["tshark", "-n", "-r", None, "-Y", "smtp || tls", "-q", "-z", "io,stat,0,smtp,tls"]
    if a.tshark_sample == "full" or int(a.tshark_sample) >= packets:
        argv = list(tshark_cmd)
        argv[3] = corpus
        rows.append(measure("tshark -Y 'smtp || tls' (full file)", argv, 1))
    else:
        n = int(a.tshark_sample)
        prefix = os.path.join(work, f"prefix-{n}.pcap")
        subprocess.run(["editcap", "-r", corpus, prefix, f"1-{n}"], check=True)
        psize = os.path.getsize(prefix)
        argv = list(tshark_cmd)
        argv[3] = prefix
        r = measure(f"tshark on first {n:,} packets", argv, 1)
        scale = size / psize
        rows.append({"name": "tshark -Y 'smtp || tls' (EXTRAPOLATED)", "wall": r["wall"] * scale,
                     "cpu": r["cpu"] * scale, "rss": r["rss"], "runs": 1, "spread": "-",
                     "note": f"measured {r['wall']:.2f} s on the first {n:,} packets ({psize / 1e6:.0f} MB) x {scale:.1f}"})
        os.remove(prefix)

    # Start-up: replay of a small capture.
    small = None
    for cand in [os.path.join(root, "captures/lab/clean-tls13.pcap"),
                 os.path.join(root, "captures/public/zeek-smtp-starttls.pcap"),
                 os.path.join(root, "captures/public/zeek_zeek/smtp-starttls.pcap")]:
        if os.path.exists(cand):
            small = cand
            break
    if small:
        rows.append(measure(f"start-up: replay {os.path.basename(small)}",
                            [*JAVA_REPLAY, "-jar", jar, "replay", "-q", "--sessions", os.devnull, small], max(runs, 3)))

    by = {r["name"]: r for r in rows}
    raw = by["raw zero-copy read (MappedByteBuffer)"]
    sw = by["stripwatch replay (1 thread)"]
    ts = next(r for r in rows if r["name"].startswith("tshark -Y"))
    sw2 = next((r for r in rows if "--workers" in r["name"]), None)
    sessions = int(sh(f"wc -l < {sessions_out}") or 0)
    ratios = [("stripwatch / raw read (wall)", sw["wall"] / raw["wall"], "target <= 2"),
              ("tshark / stripwatch (wall)", ts["wall"] / sw["wall"], "target >= 40"),
              ("tcpdump / stripwatch (wall)", by["tcpdump -r F -w /dev/null"]["wall"] / sw["wall"], "")]
    if sw2:
        ratios.append((f"speed-up with {a.workers} workers (wall)", sw["wall"] / sw2["wall"],
                       "target >= 1.7; sessions and alerts byte-identical to 1 thread: "
                       + ("yes" if identical else "NO")))
        ratios.append((f"stripwatch --workers {a.workers} / raw read (wall)", sw2["wall"] / raw["wall"], ""))
    tenth_row = next((r for r in rows if "first tenth" in r["name"]), None)
    if tenth_row and tenth_row["rss"]:
        ratios.append(("peak RSS: whole file / its first tenth (full analysis)", sw["rss"] / tenth_row["rss"],
                       "independent of file size: about 1"))
    if one_core and sw2:
        ratios.append((f"speed-up, both cores (--workers {a.workers}) / one core (wall)", one_core["wall"] / sw2["wall"],
                       "target >= 1.7"))
    if one_core:
        ratios.append(("one core: stripwatch / raw read (wall)", one_core["wall"] / raw["wall"], "target <= 2"))
    warm1 = by.get("replay, warm JVM, 1 worker")
    warm2 = by.get(f"replay, warm JVM, {a.workers} workers")
    if warm1:
        ratios.append(("warm JVM: stripwatch / raw read (wall)", warm1["wall"] / raw["wall"], "target <= 2"))
        ratios.append(("warm JVM: tshark / stripwatch (wall)", ts["wall"] / warm1["wall"], "target >= 40"))
    if warm1 and warm2:
        ratios.append((f"warm JVM: speed-up with {a.workers} workers (wall)", warm1["wall"] / warm2["wall"],
                       "target >= 1.7"))
    return rows, ratios, sessions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--lab")
    ap.add_argument("--quick", action="store_true", help="a 200 MB / 10,000-session corpus, one run each")
    ap.add_argument("--runs", type=int)
    ap.add_argument("--tshark-sample", default="300000",
                    help="packets of the file's start tshark dissects (extrapolated by bytes), or 'full'")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kafka", action="store_true",
                    help="also measure the Kafka path on a real broker (ops/kafka/start): sensor -> broker -> analyzer")
    ap.add_argument("--kafka-only", action="store_true",
                    help="only the Kafka path (results to work/performance-kafka.md unless --out is given)")
    ap.add_argument("--publish-records", type=int, default=1000000, help="records PublishPerf sends per run")
    ap.add_argument("--live", action="store_true",
                    help="also the live-capture ladder (ops/bench/live: tcpreplay across a veth into stripwatch sensor; root)")
    ap.add_argument("--live-only", action="store_true", help="only the live ladder (results to work/performance-live.md)")
    ap.add_argument("--live-args", default="", help="options passed to ops/bench/live, e.g. \"--rates 100k,500k\"")
    ap.add_argument("--out", help="results file (default ops/docs/performance.md; --quick: work/performance-quick.md)")
    a = ap.parse_args()
    root = a.root
    work = os.path.join(root, "ops/bench/work")
    os.makedirs(work, exist_ok=True)
    runs = a.runs or (1 if a.quick else 3)
    jar = os.path.join(root, "sensor/app/target/stripwatch.jar")
    bench = os.path.join(root, "sensor/bench/target/benchmarks.jar")
    global JAVA
    JAVA = ["java"] + jvm_options(root)  # stripwatch runs as ops/stripwatch starts it
    global JAVA_REPLAY
    JAVA_REPLAY = JAVA + replay_options(root)

    corpus = a.corpus or default_corpus(root, work, a.quick, a.lab)
    size = os.path.getsize(corpus)
    packets = int(re.search(r"packets=(\d+)", sh(f"java -cp {bench} org.stripwatch.bench.RawRead {corpus}")).group(1))
    load_before = os.getloadavg()
    print(f"corpus {corpus}: {size / 1e6:,.0f} MB, {packets:,} packets; load average {load_before[0]:.2f}", file=sys.stderr)

    only = a.kafka_only or a.live_only
    rows, ratios, sessions = ([], [], 0) if only else file_bench(a, root, work, corpus, size, packets, runs, jar, bench)
    kafka = None
    if (a.kafka or a.kafka_only) and not a.live_only:
        kafka = kafka_bench(root, corpus, runs, jar, bench, work, a.publish_records)
    live_text = None
    if a.live or a.live_only:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import live
        la = live.parser().parse_args(["--root", root, "--corpus", corpus] + a.live_args.split())
        live_text, _, _, live_verdict = live.run_locked(la, JAVA, jar, corpus)
        ratios = ratios + [("live: highest rate with zero drops and zero lost sessions (packets/s)",
                            float(re.sub(r"[^\d.]", "", live_verdict.split("**")[1]) or 0) if "**" in live_verdict else 0.0,
                            "target >= 500,000")]
    load_after = os.getloadavg()

    machine = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor(),
        "cores": str(os.cpu_count()),
        "memory": sh("free -g | awk '/Mem:/ {print $2\" GiB\"}'"),
        "kernel": platform.release(),
        "java": sh("java -version 2>&1 | head -1"),
        "stripwatch JVM options": " ".join(JAVA[1:]) + " (replay adds: " + " ".join(JAVA_REPLAY[len(JAVA):]) + ")",
        "tcpdump": sh("tcpdump --version 2>&1 | head -1"),
        "tshark": sh("tshark --version 2>/dev/null | head -1"),
        "load": f"{load_before[0]:.2f} before, {load_after[0]:.2f} after (1-minute load average; the machine is shared)",
    }
    if live_text:
        machine["tcpreplay"] = sh("tcpreplay --version 2>&1 | head -1")
    if kafka:
        machine["kafka"] = ("broker " + " ".join(sorted(f for f in os.listdir(os.path.join(root, "ops/kafka/lib"))
                                                    if f.startswith("kafka_2.13-")))
                            + ", single node KRaft (ops/kafka/start, separate JVM, -Xmx512m), 6 partitions, on the same 2 cores")
    lines = ["# stripwatch performance (ops/bench/run)", ""]
    if rows:
        lines += [f"Corpus: `{os.path.relpath(corpus, root)}`, {size / 1e6:,.0f} MB, {packets:,} packets, "
                  f"{sessions:,} SMTP session records written by replay. Median of {runs} run(s) per command, "
                  "page cache warm; wall and CPU seconds and peak RSS from `/usr/bin/time -v`.", "",
                  "| command | wall s | CPU s | MB/s (wall) | packets/s (wall) | peak RSS MiB | note |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for r in rows:
            is_startup = r["name"].startswith("start-up")
            mbps = "" if is_startup else f"{size / 1e6 / r['wall']:,.0f}"
            pps = "" if is_startup else f"{packets / r['wall'] / 1e3:,.0f} k"
            cpu = "" if r["cpu"] != r["cpu"] else f"{r['cpu']:.2f}"  # NaN: not measured (warm rows)
            rss = f"{r['rss'] / 1024:,.0f}" if r["rss"] else ""
            lines.append(f"| {r['name']} | {r['wall']:.2f} | {cpu} | {mbps} | {pps} | {rss} | "
                         f"{r['note'] or 'runs ' + r['spread']} |")
    if kafka:
        krows, kratios, facts = kafka
        lines += ["", f"Kafka path (`ops/bench/run --kafka`): the same corpus, {facts['records']:,} session records of "
                  f"{facts['bytes']} bytes (Avro) on average; median of {runs} run(s), each on fresh topics; "
                  "target: at least 100,000 records/s from one sensor to the broker and through one analyzer.", "",
                  "| path | records/s | note |", "|---|---:|---|"]
        for name, v, note in krows:
            lines.append(f"| {name} | {v:,.0f} | {note} |")
        ratios = ratios + kratios
    if live_text:
        lines += ["", live_text]
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    for n, v, t in ratios:
        lines.append(f"| {n} | {v:,.0f} | {t} |" if v >= 1000 else f"| {n} | {v:.2f} | {t} |")
    lines += ["", "Machine:", ""] + [f"- {k}: {v}" for k, v in machine.items()] + [""]
    notes = os.path.join(root, "ops/bench/performance-notes.md")
    partial = a.quick or a.kafka_only or a.live_only
    if os.path.exists(notes) and not partial:
        lines += ["", open(notes).read()]
    text = "\n".join(lines)
    print(text)
    default_out = (os.path.join(work, "performance-quick.md") if a.quick
                   else os.path.join(work, "performance-kafka.md") if a.kafka_only
                   else os.path.join(work, "performance-live.md") if a.live_only
                   else os.path.join(root, "ops/docs/performance.md"))
    out = a.out or default_out
    with open(out, "w") as f:
        f.write(text)
    print(f"written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
