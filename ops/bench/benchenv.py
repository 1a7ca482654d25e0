"""What the benchmarks share (harness.py, live.py): how stripwatch's JVM is started, and the corpus."""
import os
import subprocess
import sys


def jvm_options(root):
    """The launcher's JVM options (ops/stripwatch): STRIPWATCH_JAVA_OPTS, else ops/config/jvm.options."""
    if "STRIPWATCH_JAVA_OPTS" in os.environ:
        return os.environ["STRIPWATCH_JAVA_OPTS"].split()
    with open(os.path.join(root, "ops/config/jvm.options")) as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def replay_options(root):
    """What the launcher adds for `replay` (ops/config/jvm-replay.options), unless STRIPWATCH_JAVA_OPTS is set."""
    if "STRIPWATCH_JAVA_OPTS" in os.environ:
        return []
    path = os.path.join(root, "ops/config/jvm-replay.options")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def default_corpus(root, work, quick, lab=None):
    """ops/bench/work/corpus.pcap (--quick: corpus-quick.pcap), generated from captures/lab if absent (into a
    temporary name first, so an interrupted generation never passes for a corpus)."""
    lab = lab or os.path.join(root, "captures/lab")
    corpus = os.path.join(work, "corpus-quick.pcap" if quick else "corpus.pcap")
    if not os.path.exists(corpus):
        size, sessions = ("200", "10000") if quick else ("1100", "100000")
        print(f"generating {corpus} from {lab} ...", file=sys.stderr)
        subprocess.run(["java", os.path.join(root, "ops/bench/CorpusGen.java"), "--lab", lab, "--out", corpus + ".tmp",
                        "--size-mb", size, "--min-sessions", sessions, "--seed", "1"], check=True)
        os.replace(corpus + ".tmp", corpus)
    return corpus
