#!/usr/bin/env python3
"""Times stripwatch replay against a raw zero-copy read, tcpdump and tshark on one file (see ops/bench/run).

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


def jvm_options(root):
    """The launcher's JVM options (ops/stripwatch): STRIPWATCH_JAVA_OPTS, else ops/config/jvm.options."""
    if "STRIPWATCH_JAVA_OPTS" in os.environ:
        return os.environ["STRIPWATCH_JAVA_OPTS"].split()
    with open(os.path.join(root, "ops/config/jvm.options")) as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


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
    ap.add_argument("--out", help="results file (default ops/bench/performance.md; --quick: work/performance-quick.md)")
    a = ap.parse_args()
    root = a.root
    work = os.path.join(root, "ops/bench/work")
    os.makedirs(work, exist_ok=True)
    runs = a.runs or (1 if a.quick else 3)
    jar = os.path.join(root, "sensor/app/target/stripwatch.jar")
    java = ["java"] + jvm_options(root)  # stripwatch runs as ops/stripwatch starts it
    bench = os.path.join(root, "sensor/bench/target/benchmarks.jar")

    corpus = a.corpus
    if not corpus:
        lab = a.lab or os.path.join(root, "captures/lab")
        name = "corpus-quick.pcap" if a.quick else "corpus.pcap"
        corpus = os.path.join(work, name)
        if not os.path.exists(corpus):
            size, sessions = ("200", "10000") if a.quick else ("1100", "100000")
            print(f"generating {corpus} from {lab} ...", file=sys.stderr)
            subprocess.run(["java", os.path.join(root, "ops/bench/CorpusGen.java"), "--lab", lab, "--out", corpus,
                            "--size-mb", size, "--min-sessions", sessions, "--seed", "1"], check=True)
    size = os.path.getsize(corpus)
    packets = int(re.search(r"packets=(\d+)", sh(f"java -cp {bench} org.stripwatch.bench.RawRead {corpus}")).group(1))
    load_before = os.getloadavg()
    print(f"corpus {corpus}: {size / 1e6:,.0f} MB, {packets:,} packets; load average {load_before[0]:.2f}", file=sys.stderr)

    rows = []
    sessions_out = os.path.join(work, "sessions.jsonl")
    rows.append(measure("raw zero-copy read (MappedByteBuffer)",
                        ["java", "-cp", bench, "org.stripwatch.bench.RawRead", corpus], runs))
    rows.append(measure("stripwatch replay (1 thread)",
                        java + ["-jar", jar, "replay", "-q", "--sessions", sessions_out, corpus], runs))
    help_text = sh(f"java -jar {jar} replay --help")
    if "--workers" in help_text and a.workers > 1:
        rows.append(measure(f"stripwatch replay --workers {a.workers}",
                            java + ["-jar", jar, "replay", "-q", "--workers", str(a.workers), "--sessions",
                             sessions_out + ".w", corpus], runs))
    # The same replays on a warm JVM (see WarmReplay): what a long run sees once C2 has compiled the hot paths.
    classpath = jar + os.pathsep + bench
    for w in [1] + ([a.workers] if "--workers" in help_text and a.workers > 1 else []):
        r = warm(f"replay, warm JVM, {w} worker{'s' if w > 1 else ''}", java, classpath,
                 ["replay", "-q", "--workers", str(w), "--sessions", sessions_out + ".warm", corpus], max(runs, 3))
        if r:
            rows.append(r)
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
                            java + ["-jar", jar, "replay", "-q", "--sessions", os.devnull, small], max(runs, 3)))
    load_after = os.getloadavg()

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
        ratios.append((f"speed-up with {a.workers} workers (wall)", sw["wall"] / sw2["wall"], "target >= 1.7"))
        ratios.append((f"stripwatch --workers {a.workers} / raw read (wall)", sw2["wall"] / raw["wall"], ""))

    warm1 = by.get("replay, warm JVM, 1 worker")
    warm2 = by.get(f"replay, warm JVM, {a.workers} workers")
    if warm1:
        ratios.append(("warm JVM: stripwatch / raw read (wall)", warm1["wall"] / raw["wall"], "target <= 2"))
        ratios.append(("warm JVM: tshark / stripwatch (wall)", ts["wall"] / warm1["wall"], "target >= 40"))
    if warm1 and warm2:
        ratios.append((f"warm JVM: speed-up with {a.workers} workers (wall)", warm1["wall"] / warm2["wall"],
                       "target >= 1.7"))

    machine = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor(),
        "cores": str(os.cpu_count()),
        "memory": sh("free -g | awk '/Mem:/ {print $2\" GiB\"}'"),
        "kernel": platform.release(),
        "java": sh("java -version 2>&1 | head -1"),
        "stripwatch JVM options": " ".join(java[1:]),
        "tcpdump": sh("tcpdump --version 2>&1 | head -1"),
        "tshark": sh("tshark --version 2>/dev/null | head -1"),
        "load": f"{load_before[0]:.2f} before, {load_after[0]:.2f} after (1-minute load average; the machine is shared)",
    }
    lines = ["# stripwatch performance (ops/bench/run)", "",
             f"Corpus: `{os.path.relpath(corpus, root)}`, {size / 1e6:,.0f} MB, {packets:,} packets, "
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
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    for n, v, t in ratios:
        lines.append(f"| {n} | {v:.2f} | {t} |")
    lines += ["", "Machine:", ""] + [f"- {k}: {v}" for k, v in machine.items()] + [""]
    notes = os.path.join(root, "ops/bench/performance-notes.md")
    if os.path.exists(notes) and not a.quick:
        lines += ["", open(notes).read()]
    text = "\n".join(lines)
    print(text)
    out = a.out or (os.path.join(work, "performance-quick.md") if a.quick else os.path.join(root, "ops/bench/performance.md"))
    with open(out, "w") as f:
        f.write(text)
    print(f"written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
