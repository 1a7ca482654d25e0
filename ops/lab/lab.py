#!/usr/bin/python3
"""stripwatch attack lab: real Postfix MTAs and a man in the middle in three network namespaces.

    sender netns (Postfix, smtp_tls_security_level=may)
        s0 192.0.2.10-12/24, 2001:db8:1::10-12/64
          |  veth  <- vantage A: tcpdump on m0 (NAME.pcap)
        m0 192.0.2.1, 2001:db8:1::1
    MITM netns (IP router; nftables, smtp_mitm.py, rst_inject.py, tc netem)
        m1 203.0.113.1, 2001:db8:3::1
          |  veth  <- vantage B: tcpdump on m1 (NAME.server-side.pcap)
        r0 203.0.113.25-27/24, 2001:db8:3::25-27/64
    receiver netns (Postfix: mx1.lab.example .25 STARTTLS, mx.plain.example .26 no STARTTLS,
                    mx2.lab.example .27 STARTTLS with a shorter capability list)

Usage: lab.py --out captures/lab [SCENARIO...]   (run via ops/lab/run-lab, which installs packages)
Everything created (namespaces, processes, temp dir) is removed on exit, INT and TERM.
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"

S_IF, MA_IF, MB_IF, R_IF = "s0", "m0", "m1", "r0"
MAC = {S_IF: "02:53:57:01:00:10", MA_IF: "02:53:57:01:00:01",
       MB_IF: "02:53:57:03:00:01", R_IF: "02:53:57:03:00:25"}
SENDER_V4 = ["192.0.2.10", "192.0.2.11", "192.0.2.12"]
SENDER_V6 = ["2001:db8:1::10", "2001:db8:1::11", "2001:db8:1::12"]
HELOS = ["mta.sender.example", "out-2.mail.sender.example", "relay.example.org"]
MITM_V4 = {"a": "192.0.2.1", "b": "203.0.113.1"}
MITM_V6 = {"a": "2001:db8:1::1", "b": "2001:db8:3::1"}
# receiver "servers": name -> (v4, v6, hostname, starttls offered)
SERVERS = {
    "mx1": ("203.0.113.25", "2001:db8:3::25", "mx1.lab.example", True),
    "plain": ("203.0.113.26", "2001:db8:3::26", "mx.plain.example", False),
    "mx2": ("203.0.113.27", "2001:db8:3::27", "mx2.lab.example", True),
}
# in the mixed capture the sender's source address decides the TLS version (h1 speaks TLS 1.2)
MIXED_TLS = {SENDER_V4[0]: "1.3", SENDER_V6[0]: "1.3", SENDER_V4[1]: "1.2", SENDER_V6[1]: "1.2",
             SENDER_V4[2]: "1.3", SENDER_V6[2]: "1.3"}
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
FROMS = ["news@sender.example", "billing@sender.example", "noreply@example.org",
         "ops@sender.example"]


def sh(cmd, check=True, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=check, text=True,
                          capture_output=True, **kw)


class Lab:
    def __init__(self, out, seed):
        self.out = os.path.abspath(out)
        self.prefix = "swlab-%d" % os.getpid()
        self.ns = {k: "%s-%s" % (self.prefix, k) for k in ("snd", "mitm", "rcv")}
        self.work = tempfile.mkdtemp(prefix=self.prefix + "-")
        os.chmod(self.work, 0o755)
        self.procs = []
        self.rng = random.Random(seed)
        self.msgno = 0
        self.labels = []
        self.summaries = {}
        self.created_ns = []

    # ---------------------------------------------------------------- lifecycle
    def nsx(self, role, cmd, check=True):
        return sh(["ip", "netns", "exec", self.ns[role]] + cmd, check=check)

    def spawn(self, role, cmd, log):
        p = subprocess.Popen(["ip", "netns", "exec", self.ns[role]] + cmd,
                             stdout=open(log, "w"), stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM):
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        if p in self.procs:
            self.procs.remove(p)

    def cleanup(self):
        for p in list(self.procs):
            self.stop(p)
        for inst in ("sender", "receiver"):
            conf = os.path.join(self.work, inst, "etc")
            if os.path.exists(os.path.join(conf, "main.cf")):
                sh(["postfix", "-c", conf, "stop"], check=False)
        for ns in self.created_ns:
            pids = sh(["ip", "netns", "pids", ns], check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh(["ip", "netns", "del", ns], check=False)
        shutil.rmtree(self.work, ignore_errors=True)

    def reset(self):
        """Back to the idle lab after a failed scenario (its labels were never recorded)."""
        for p in list(self.procs):
            self.stop(p)
        self.nft_flush()
        self.netem(False, forwarder=False)
        for role in ("snd", "rcv"):
            self.nsx(role, ["sysctl", "-qw", "net.ipv4.tcp_retries2=15"], check=False)
        self.nsx("snd", ["postsuper", "-c", self.sconf, "-d", "ALL"], check=False)
        self.install_receiver_cert("mx")
        self.reload(self.rconf, "rcv")

    # ---------------------------------------------------------------- topology
    def build(self):
        for role in ("snd", "mitm", "rcv"):
            sh(["ip", "netns", "add", self.ns[role]])
            self.created_ns.append(self.ns[role])
            self.nsx(role, ["ip", "link", "set", "lo", "up"])
        sh(["ip", "link", "add", S_IF, "netns", self.ns["snd"], "type", "veth", "peer", "name",
            MA_IF, "netns", self.ns["mitm"]])
        sh(["ip", "link", "add", MB_IF, "netns", self.ns["mitm"], "type", "veth", "peer", "name",
            R_IF, "netns", self.ns["rcv"]])
        for role, ifs in (("snd", [S_IF]), ("mitm", [MA_IF, MB_IF]), ("rcv", [R_IF])):
            for i in ifs:
                self.nsx(role, ["ip", "link", "set", i, "address", MAC[i]])
                # software checksums and real 1500-byte frames, as on a physical span port
                self.nsx(role, ["ethtool", "-K", i, "tso", "off", "gso", "off", "gro", "off",
                                "tx", "off", "rx", "off"], check=False)
                self.nsx(role, ["ip", "link", "set", i, "up"])
        for a in SENDER_V4:
            self.nsx("snd", ["ip", "addr", "add", a + "/24", "dev", S_IF])
        for a in SENDER_V6:
            self.nsx("snd", ["ip", "addr", "add", a + "/64", "dev", S_IF, "nodad"])
        for v4, v6, _, _ in SERVERS.values():
            self.nsx("rcv", ["ip", "addr", "add", v4 + "/24", "dev", R_IF])
            self.nsx("rcv", ["ip", "addr", "add", v6 + "/64", "dev", R_IF, "nodad"])
        self.nsx("mitm", ["ip", "addr", "add", MITM_V4["a"] + "/24", "dev", MA_IF])
        self.nsx("mitm", ["ip", "addr", "add", MITM_V6["a"] + "/64", "dev", MA_IF, "nodad"])
        self.nsx("mitm", ["ip", "addr", "add", MITM_V4["b"] + "/24", "dev", MB_IF])
        self.nsx("mitm", ["ip", "addr", "add", MITM_V6["b"] + "/64", "dev", MB_IF, "nodad"])
        self.nsx("mitm", ["sysctl", "-qw", "net.ipv4.ip_forward=1"])
        self.nsx("mitm", ["sysctl", "-qw", "net.ipv6.conf.all.forwarding=1"])
        self.nsx("snd", ["ip", "route", "add", "default", "via", MITM_V4["a"]])
        self.nsx("snd", ["ip", "-6", "route", "add", "default", "via", MITM_V6["a"]])
        self.nsx("rcv", ["ip", "route", "add", "default", "via", MITM_V4["b"]])
        self.nsx("rcv", ["ip", "-6", "route", "add", "default", "via", MITM_V6["b"]])
        for role in ("snd", "rcv"):
            # no router solicitations / MLD chatter needed; captures are filtered to tcp/25 anyway
            self.nsx(role, ["sysctl", "-qw", "net.ipv6.conf.all.accept_ra=0"], check=False)

    # ---------------------------------------------------------------- PKI
    def pki(self):
        d = self.pkidir = os.path.join(self.work, "pki")
        os.makedirs(d)

        def o(*args):
            sh(["openssl"] + list(args), cwd=d)

        def key(name):
            o("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
              name + ".key")

        def ca(name, cn):
            key(name)
            o("req", "-x509", "-new", "-key", name + ".key", "-days", "3650", "-subj",
              "/O=stripwatch lab/CN=" + cn, "-out", name + ".crt",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign")

        def leaf(name, cn, sans, issuer):
            key(name)
            ext = os.path.join(d, name + ".ext")
            with open(ext, "w") as f:
                f.write("subjectAltName=" + ",".join("DNS:" + s for s in sans) + "\n"
                        "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
            o("req", "-new", "-key", name + ".key", "-subj", "/CN=" + cn, "-out", name + ".csr")
            o("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".crt", "-CAkey",
              issuer + ".key", "-CAcreateserial", "-days", "825", "-extfile", ext,
              "-out", name + ".crt")

        ca("labca", "stripwatch lab test CA")
        key("sslsplitleaf")
        ca("rogueca", "Trusted Secure Interception CA")
        names = ["mx1.lab.example", "mx2.lab.example"]
        leaf("mx", "mx1.lab.example", names, "labca")
        leaf("mxnext", "mx1.lab.example", names, "labca")      # key rollover
        leaf("forged", "mx1.lab.example", names, "rogueca")    # right name, rogue CA
        leaf("wrongname", "mx.attacker.test", ["mx.attacker.test"], "labca")
        key("selfsigned")
        o("req", "-x509", "-new", "-key", "selfsigned.key", "-days", "825", "-subj",
          "/CN=mx1.lab.example", "-addext", "subjectAltName=DNS:mx1.lab.example",
          "-out", "selfsigned.crt")
        for n in ("mx", "mxnext", "forged", "wrongname"):
            with open(os.path.join(d, n + ".chain.pem"), "w") as f:
                f.write(open(os.path.join(d, n + ".crt")).read())
                f.write(open(os.path.join(d, ("rogueca" if n == "forged" else "labca")
                                          + ".crt")).read())
        shutil.copy(os.path.join(d, "selfsigned.crt"), os.path.join(d, "selfsigned.chain.pem"))
        os.chmod(d, 0o755)

    def cert_facts(self, name):
        d = self.pkidir
        der = subprocess.run(["openssl", "x509", "-in", os.path.join(d, name + ".crt"),
                              "-outform", "DER"], capture_output=True, check=True).stdout
        spki = subprocess.run(
            "openssl x509 -in %s -pubkey -noout | openssl pkey -pubin -outform DER"
            % os.path.join(d, name + ".crt"), shell=True, capture_output=True, check=True).stdout
        subj = sh(["openssl", "x509", "-in", os.path.join(d, name + ".crt"), "-noout",
                   "-subject", "-issuer", "-nameopt", "RFC2253"]).stdout.splitlines()
        return {"subject": subj[0].split("=", 1)[1].strip(),
                "issuer": subj[1].split("=", 1)[1].strip(),
                "sha256": hashlib.sha256(der).hexdigest(),
                "spki_sha256": hashlib.sha256(spki).hexdigest()}

    # ---------------------------------------------------------------- Postfix
    def postfix(self, inst, role, main, master):
        base = os.path.join(self.work, inst)
        conf = os.path.join(base, "etc")
        for sub in ("etc", "queue", "data"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        os.chmod(base, 0o755)
        shutil.chown(os.path.join(base, "data"), "postfix", "postfix")
        common = {
            "compatibility_level": "3.6",
            "queue_directory": os.path.join(base, "queue"),
            "data_directory": os.path.join(base, "data"),
            "maillog_file": os.path.join(base, "maillog"),
            "maillog_file_prefixes": self.work,
            "mail_owner": "postfix", "setgid_group": "postdrop",
            "inet_protocols": "all", "smtputf8_enable": "no",
            "alias_maps": "", "alias_database": "", "biff": "no",
            "append_dot_mydomain": "no", "mydestination": "",
            "smtp_dns_support_level": "disabled",
        }
        common.update(main)
        with open(os.path.join(conf, "main.cf"), "w") as f:
            for k, v in common.items():
                f.write("%s = %s\n" % (k, v))
        base_master = (
            "pickup unix n - n 60 1 pickup\ncleanup unix n - n - 0 cleanup\n"
            "qmgr unix n - n 300 1 qmgr\ntlsmgr unix - - n 1000? 1 tlsmgr\n"
            "rewrite unix - - n - - trivial-rewrite\nbounce unix - - n - 0 bounce\n"
            "defer unix - - n - 0 bounce\ntrace unix - - n - 0 bounce\n"
            "verify unix - - n - 1 verify\nflush unix n - n 1000? 0 flush\n"
            "proxymap unix - - n - - proxymap\nsmtp unix - - n - - smtp\n"
            "showq unix n - n - - showq\nerror unix - - n - - error\n"
            "retry unix - - n - - error\ndiscard unix - - n - - discard\n"
            "anvil unix - - n - 1 anvil\nscache unix - - n - 1 scache\n"
            "postlog unix-dgram n - n - 1 postlogd\n")
        with open(os.path.join(conf, "master.cf"), "w") as f:
            f.write(base_master + master)
        sh(["ip", "netns", "exec", self.ns[role], "postfix", "-c", conf, "check"], check=False)
        r = sh(["ip", "netns", "exec", self.ns[role], "postfix", "-c", conf, "start"], check=False)
        if r.returncode:
            log = os.path.join(base, "maillog")
            raise RuntimeError("postfix %s failed to start: %s%s%s" % (
                inst, r.stdout, r.stderr, open(log).read()[-2000:] if os.path.exists(log) else ""))
        return conf

    def start_receiver(self):
        d = self.pkidir
        main = {
            "myhostname": "mx1.lab.example", "mydomain": "lab.example",
            "inet_interfaces": "all", "relay_domains": "lab.example, plain.example",
            "default_transport": "discard:", "relay_transport": "discard:",
            "smtpd_relay_restrictions": "permit_auth_destination, reject",
            "smtpd_tls_security_level": "may",
            "smtpd_tls_chain_files": os.path.join(self.work, "receiver", "chain.pem"),
            "smtpd_tls_received_header": "yes", "smtpd_tls_loglevel": "1",
            "smtpd_banner": "$myhostname ESMTP",
            # no DNS in the lab: no PTR lookups (they would stall each banner by 5 s)
            "smtpd_peername_lookup": "no",
            # Postfix at "may" would otherwise negotiate anonymous (aNULL) suites with another
            # Postfix, and no certificate would cross the wire; many MXes exclude aNULL.
            "smtpd_tls_exclude_ciphers": "aNULL",
        }
        os.makedirs(os.path.join(self.work, "receiver"), exist_ok=True)
        self.install_receiver_cert("mx")
        lines = []
        for name, (v4, v6, host, tls) in SERVERS.items():
            opts = "-o myhostname=%s" % host
            if not tls:
                opts += " -o smtpd_tls_security_level=none"
            if name == "mx2":
                opts += " -o smtpd_discard_ehlo_keywords=etrn,vrfy,dsn,chunking,silent-discard"
            for addr in (v4, "[%s]" % v6):
                lines.append("%s:25 inet n - n - - smtpd %s\n" % (addr, opts))
        self.rconf = self.postfix("receiver", "rcv", main, "".join(lines))

    def install_receiver_cert(self, name):
        dst = os.path.join(self.work, "receiver", "chain.pem")
        with open(dst, "w") as f:
            f.write(open(os.path.join(self.pkidir, name + ".key")).read())
            f.write(open(os.path.join(self.pkidir, name + ".chain.pem")).read())
        os.chmod(dst, 0o600)

    def start_sender(self):
        self.tmap = os.path.join(self.work, "sender", "transport")
        os.makedirs(os.path.dirname(self.tmap), exist_ok=True)
        open(self.tmap, "w").close()
        main = {
            "myhostname": "mta.sender.example", "mydomain": "sender.example",
            "inet_interfaces": "loopback-only", "mynetworks": "127.0.0.0/8 [::1]/128",
            "transport_maps": "texthash:" + self.tmap, "recipient_delimiter": "+",
            "default_transport": "error:no route in lab",
            "smtp_tls_security_level": "may", "smtp_tls_loglevel": "1",
            "smtp_connection_cache_on_demand": "no",
            "smtp_tls_session_cache_database": "",
            "minimal_backoff_time": "2s", "maximal_backoff_time": "4s",
            "queue_run_delay": "2s", "smtp_address_preference": "any",
        }
        lines = ["127.0.0.1:25 inet n - n - - smtpd\n"]
        for i, helo in enumerate(HELOS):
            for tls in ("12", "13"):
                opts = ("-o smtp_helo_name=%s -o smtp_bind_address=%s -o smtp_bind_address6=%s"
                        % (helo, SENDER_V4[i], SENDER_V6[i]))
                if tls == "12":
                    opts += " -o smtp_tls_protocols=!TLSv1.3"
                lines.append("h%dt%s unix - - n - - smtp %s\n" % (i, tls, opts))
                # policy-enforcing variant (what DANE/MTA-STS enforce amount to): authenticate
                # the receiver against the lab CA and its MX name, never fall back
                lines.append("e%dt%s unix - - n - - smtp %s -o smtp_tls_security_level=secure "
                             "-o smtp_tls_secure_cert_match=mx1.lab.example "
                             "-o smtp_tls_CAfile=%s\n" % (i, tls, opts,
                                                          os.path.join(self.pkidir, "labca.crt")))
        self.sconf = self.postfix("sender", "snd", main, "".join(lines))

    def reload(self, conf, role):
        self.nsx(role, ["postfix", "-c", conf, "reload"], check=False)
        time.sleep(1.5)

    def queue_empty(self):
        q = os.path.join(self.work, "sender", "queue")
        for sub in ("maildrop", "incoming", "active", "deferred", "hold"):
            for _, _, files in os.walk(os.path.join(q, sub)):
                if files:
                    return False
        return True

    # ---------------------------------------------------------------- traffic
    def plan_messages(self, n, server="mx1", tls="13", fam=None, sizes=(400, 1500, 6000)):
        msgs = []
        for i in range(n):
            self.msgno += 1
            h = self.rng.randrange(len(HELOS))
            v6 = (i % 2 == 1) if fam is None else (fam == 6)
            v4a, v6a, _, _ = SERVERS[server]
            # mx.plain.example serves plain.example, a domain without any policy: delivering
            # lab.example mail there would itself break lab.example's policies (wrong MX).
            domain = "plain.example" if server == "plain" else "lab.example"
            rcpt = "%s+%04d@%s" % (self.rng.choice(USERS), self.msgno, domain)
            nexthop = "[%s]:25" % (v6a if v6 else v4a)
            msgs.append({"rcpt": rcpt, "from": self.rng.choice(FROMS), "size": self.rng.choice(sizes),
                         "transport": "h%dt%s" % (h, tls), "nexthop": nexthop, "server": server,
                         "ip_version": 6 if v6 else 4, "tls_max": "1.2" if tls == "12" else "1.3"})
        return msgs

    def route(self, msgs):
        with open(self.tmap, "w") as f:
            for m in msgs:
                f.write("%s %s:%s\n" % (m["rcpt"], m["transport"], m["nexthop"]))
        self.reload(self.sconf, "snd")

    def send_refused(self, msgs):
        """Submit, let the sender try once (it defers), then drop the deferred mail."""
        maillog = os.path.join(self.work, "sender", "maillog")
        for m in msgs:
            before = open(maillog).read().count("status=deferred")
            self.send([m], wait=0, gap=(0, 0), nowait=True)
            t0 = time.time()
            while open(maillog).read().count("status=deferred") == before:
                if time.time() - t0 > 30:
                    raise RuntimeError("no deferral seen for " + m["rcpt"])
                time.sleep(0.2)
            self.nsx("snd", ["postsuper", "-c", self.sconf, "-d", "ALL"], check=False)
            time.sleep(self.rng.uniform(0.3, 1.0))

    def send(self, msgs, gap=(0.2, 1.2), wait=60, parallel=False, nowait=False):
        for m in msgs:
            body = "\n".join(
                "Line %03d of a lab message for the stripwatch STARTTLS downgrade tests." % k
                for k in range(max(1, m["size"] // 72)))
            r = self.nsx("snd", ["swaks", "--silent", "2", "--server", "127.0.0.1", "--port", "25",
                                 "--helo", "localhost", "--from", m["from"], "--to", m["rcpt"],
                                 "--header", "Subject: lab message %s" % m["rcpt"].split("@")[0],
                                 "--body", body], check=False)
            if r.returncode:
                raise RuntimeError("swaks injection failed: " + r.stdout + r.stderr)
            m["t_submit"] = time.time()
            if nowait:
                continue
            if not parallel:
                self.wait_queue(wait)
                time.sleep(self.rng.uniform(*gap))
        if parallel:
            self.wait_queue(wait)

    def wait_queue(self, wait):
        t0 = time.time()
        time.sleep(0.3)
        while not self.queue_empty():
            if time.time() - t0 > wait:
                raise RuntimeError("sender queue not empty after %ds; see %s" %
                                   (wait, os.path.join(self.work, "sender", "maillog")))
            time.sleep(0.2)

    # ---------------------------------------------------------------- capture
    def capture_start(self, name):
        self.caps = []
        for ifname, suffix in ((MA_IF, ".pcap"), (MB_IF, ".server-side.pcap")):
            path = os.path.join(self.out, name + suffix)
            log = os.path.join(self.work, name + suffix + ".log")
            p = self.spawn("mitm", ["tcpdump", "-i", ifname, "-s", "0", "-U", "-n", "-Z", "root",
                                    "-w", path, "tcp port 25"], log)
            self.caps.append((p, log))
        for p, log in self.caps:
            for _ in range(100):
                if "listening on" in open(log).read():
                    break
                time.sleep(0.05)
        time.sleep(0.2)

    def capture_stop(self):
        time.sleep(1.0)
        for p, _ in self.caps:
            self.stop(p, signal.SIGINT)

    # ---------------------------------------------------------------- MITM helpers
    def nft(self, rules):
        sh(["ip", "netns", "exec", self.ns["mitm"], "nft", "-f", "-"],
           input="table inet swlab {\n%s\n}\n" % rules)

    def nft_flush(self):
        self.nsx("mitm", ["nft", "delete", "table", "inet", "swlab"], check=False)

    def proxy_start(self, mode, **kw):
        log = os.path.join(self.work, "mitm-%d.jsonl" % len(self.procs))
        open(log, "w").close()
        cmd = [PY, os.path.join(HERE, "smtp_mitm.py"), "--mode", mode, "--log", log]
        for k, v in kw.items():
            cmd += ["--" + k.replace("_", "-"), str(v)]
        p = self.spawn("mitm", cmd, log + ".out")
        for _ in range(100):
            if "ready" in open(log + ".out").read():
                break
            time.sleep(0.05)
        self.nft('chain pre { type nat hook prerouting priority dstnat; '
                 'iifname "%s" tcp dport 25 redirect to :10025; }' % MA_IF)
        return p, log

    def proxy_stop(self, handle):
        p, log = handle
        self.nft_flush()
        time.sleep(0.3)
        self.stop(p)
        return [json.loads(l) for l in open(log) if l.strip()]

    def netem(self, on, drop_server_tls=False, forwarder=True):
        """Small MSS, reordering and duplicates (user-space forwarder: no sch_netem here)."""
        if on and forwarder:
            stats = os.path.join(self.work, "impair.json")
            cmd = [PY, os.path.join(HERE, "impair.py"), "--a-if", MA_IF, "--b-if", MB_IF,
                   "--a-peer-mac", MAC[S_IF], "--b-peer-mac", MAC[R_IF], "--stats", stats,
                   "--seed", str(self.rng.randrange(1 << 30))]
            if drop_server_tls:
                cmd.append("--drop-server-tls")
            self.impair = self.spawn("mitm", cmd, stats + ".out")
            for _ in range(100):
                if "ready" in open(stats + ".out").read():
                    break
                time.sleep(0.05)
            self.nft('chain fw { type filter hook forward priority 0; tcp dport 25 drop; '
                     'tcp sport 25 drop; }')
        elif forwarder:
            self.nft_flush()
            self.stop(self.impair)
        mss = ["advmss", "120"] if on else []
        for role, gw4, gw6 in (("snd", MITM_V4["a"], MITM_V6["a"]),
                               ("rcv", MITM_V4["b"], MITM_V6["b"])):
            self.nsx(role, ["ip", "route", "replace", "default", "via", gw4] + mss)
            self.nsx(role, ["ip", "-6", "route", "replace", "default", "via", gw6] + mss)
        if not forwarder:
            # the terminating proxy's own sockets in the MITM namespace get a small MSS too
            for net, dev, src in (("192.0.2.0/24", MA_IF, MITM_V4["a"]),
                                  ("203.0.113.0/24", MB_IF, MITM_V4["b"])):
                self.nsx("mitm", ["ip", "route", "change", net, "dev", dev, "proto", "kernel",
                                  "scope", "link", "src", src, "advmss", "120" if on else "1460"])
            for net, dev in (("2001:db8:1::/64", MA_IF), ("2001:db8:3::/64", MB_IF)):
                self.nsx("mitm", ["ip", "-6", "route", "change", net, "dev", dev, "proto",
                                  "kernel", "metric", "256", "advmss", "120" if on else "1440"])

    # ---------------------------------------------------------------- connections and labels
    def connections(self, pcap):
        """TCP connections in a capture, in start order: one per (4-tuple, client ISN), so SYN
        retransmissions and duplicates collapse while a reused 4-tuple stays separate."""
        out = sh(["tshark", "-r", pcap, "-Y", "tcp.flags.syn==1 && tcp.flags.ack==0", "-T",
                  "fields", "-E", "separator=/t", "-e", "frame.time_epoch", "-e", "ip.src",
                  "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst",
                  "-e", "tcp.dstport", "-e", "tcp.seq_raw"]).stdout
        seen, conns = set(), []
        for line in out.splitlines():
            t, s4, s6, sp, d4, d6, dp, isn = line.split("\t")
            key = (s4 or s6, int(sp), d4 or d6, int(dp), int(isn))
            if key in seen:
                continue
            seen.add(key)
            conns.append({"start_epoch": float(t), "client": key[0], "client_port": key[1],
                          "server": key[2], "server_port": key[3], "client_isn": key[4],
                          "ip_version": 6 if s6 else 4})
        return conns

    @staticmethod
    def nearest(candidates, t, key="t_accept"):
        """The log record closest in time to a connection's SYN (ports may be reused)."""
        return min(candidates, key=lambda r: abs(r[key] - t)) if candidates else None

    @staticmethod
    def injected(events, c):
        """Did the injector act on this connection (same client address and port, within 20 s
        after its SYN)?"""
        return any(e["client"] == [c["client"], c["client_port"]]
                   and 0 <= e["t"] - c["start_epoch"] < 20 for e in events)

    def label(self, name, desc, fn):
        """fn(vantage, conn) -> dict with scenario details and expected_findings (or None)."""
        for vantage, suffix in (("A", ".pcap"), ("B", ".server-side.pcap")):
            for c in self.connections(os.path.join(self.out, name + suffix)):
                extra = fn(vantage, c)
                if extra is None:
                    raise RuntimeError("%s: unexpected connection at %s: %s" % (name, vantage, c))
                self.summaries[name] = desc
                rec = {"capture": name + suffix, "vantage": vantage, "scenario": name}
                rec.update(c)
                rec["start"] = datetime.datetime.fromtimestamp(
                    c["start_epoch"], datetime.timezone.utc).isoformat().replace("+00:00", "Z")
                rec.update(extra)
                rec["expected_findings"] = sorted(rec["expected_findings"])
                self.labels.append(rec)

    def tls_expect(self, version, cert):
        if version is None:
            return None
        facts = self.cert_facts(cert) if cert else None
        return {"version": "TLSv" + version, "server_certificate": facts,
                "certificate_visible": version == "1.2" and facts is not None}

    # ---------------------------------------------------------------- scenarios
    def server_of(self, ip):
        for name, (v4, v6, host, tls) in SERVERS.items():
            if ip in (v4, v6):
                return name, host, tls
        return None, None, None

    def direct(self, name, desc, msgs, findings=(), tls=None, cert="mx"):
        self.route(msgs)
        self.capture_start(name)
        self.send(msgs)
        self.capture_stop()

        def fn(vantage, c):
            srv, host, offers = self.server_of(c["server"])
            if srv is None:
                return None
            f = list(findings) if offers else ["starttls_not_offered", "cleartext_mail_transaction"]
            return {"mitm_action": "none", "server_name": host, "expected_findings": f,
                    "expected_tls": self.tls_expect(tls, cert) if offers else None}
        self.label(name, desc, fn)

    def sc_clean_tls12(self):
        msgs = self.plan_messages(3, tls="12") + self.plan_messages(2, server="mx2", tls="12",
                                                                    sizes=(300, 20000))
        self.direct("clean-tls12", "untampered STARTTLS, TLS 1.2 (certificate visible)", msgs,
                    tls="1.2")

    def sc_clean_tls13(self):
        msgs = self.plan_messages(3, tls="13") + self.plan_messages(2, server="mx2", tls="13",
                                                                    sizes=(300, 20000))
        self.direct("clean-tls13", "untampered STARTTLS, TLS 1.3 (certificate encrypted)", msgs,
                    tls="1.3")

    def sc_no_starttls(self):
        msgs = self.plan_messages(4, server="plain", sizes=(300, 1200, 4000))
        self.direct("no-starttls", "receiver genuinely does not offer STARTTLS (benign, policy "
                    "decides)", msgs)

    # MITM findings per proxy mode: (vantage A, vantage B); README.md defines each finding
    PROXY_FINDINGS = {
        "pass": None,
        "strip": (["starttls_not_offered", "cleartext_mail_transaction"],
                  ["starttls_offered_not_used", "cleartext_mail_transaction"]),
        "garble": (["starttls_capability_garbled", "cleartext_mail_transaction"],
                   ["starttls_offered_not_used", "cleartext_mail_transaction"]),
        "inject454": (["starttls_rejected", "cleartext_mail_transaction"],
                      ["starttls_offered_not_used", "cleartext_mail_transaction"]),
        "garblecmd": (["starttls_rejected", "cleartext_mail_transaction"],
                      ["starttls_command_garbled", "starttls_offered_not_used",
                       "cleartext_mail_transaction"]),
        "ehloerror": (["ehlo_downgraded_to_helo", "cleartext_mail_transaction"],
                      ["ehlo_downgraded_to_helo", "starttls_offered_not_used",
                       "cleartext_mail_transaction"]),
        "certswap": ([], []),
        "tlsblock": (["tls_handshake_incomplete"], ["tls_not_started_after_220"]),
    }

    def proxied(self, name, desc, phases, smallmss=False):
        """phases: list of (msgs, proxy kwargs, tls version, substituted cert name)."""
        self.capture_start(name)
        if smallmss:
            self.netem(True, forwarder=False)
        records = []
        try:
            for msgs, kw, tls, cert in phases:
                self.route(msgs)
                kw = dict(kw)
                gap = kw.pop("gap", (0.2, 1.2))
                refused = kw.pop("refused", False)
                batch = kw.pop("batch", 0)
                h = self.proxy_start(**kw)
                try:
                    if refused:
                        self.send_refused(msgs)
                    elif batch:
                        # overlapping sessions: submit a batch, Postfix delivers it in parallel
                        for i in range(0, len(msgs), batch):
                            self.send(msgs[i:i + batch], nowait=True)
                            self.wait_queue(120)
                            time.sleep(self.rng.uniform(*gap))
                    else:
                        self.send(msgs, gap=gap)
                finally:
                    recs = self.proxy_stop(h)
                for r in recs:
                    r["_tls"], r["_cert"] = tls, cert
                records += recs
        finally:
            if smallmss:
                self.netem(False, forwarder=False)
        self.capture_stop()
        by_a, by_b = defaultdict(list), defaultdict(list)
        for r in records:
            by_a[(r["client"][0], r["client"][1])].append(r)
            if "upstream_local" in r:
                by_b[(r["upstream_local"][0], r["upstream_local"][1])].append(r)

        def fn(vantage, c):
            r = self.nearest((by_a if vantage == "A" else by_b).get(
                (c["client"], c["client_port"]), []), c["start_epoch"])
            if r is None:
                return None
            srv, host, offers = self.server_of(c["server"])
            mode = r["mode"] if r["actions"] else "pass"
            tls = r["_tls"]
            if tls == "by-source":
                tls = MIXED_TLS[r["client"][0]]
            if not offers:
                f = ["starttls_not_offered", "cleartext_mail_transaction"]
                tls = None
            elif mode == "pass" and r["mode"] == "tlsblock":
                # the sender's later attempt without STARTTLS after the blocked handshake
                f = ["starttls_offered_not_used", "cleartext_mail_transaction"]
                tls = None
            elif mode == "pass":
                f = []
            else:
                f = self.PROXY_FINDINGS[mode][0 if vantage == "A" else 1]
                if mode != "certswap":
                    tls = None
            cert = r["_cert"] if (vantage == "A" and mode == "certswap") else "mx"
            return {"mitm_action": mode, "mitm_log": r["actions"], "server_name": host,
                    "mitm_connection_index": r["index"], "expected_findings": f,
                    "expected_tls": self.tls_expect(tls, cert)}
        self.label(name, desc, fn)

    def sc_strip(self):
        msgs = self.plan_messages(4, tls="13", sizes=(500, 3000)) + \
            self.plan_messages(1, server="mx2", tls="12")
        self.proxied("strip", "STARTTLS line removed from the EHLO reply by the MITM",
                     [(msgs, {"mode": "strip"}, None, None)])

    def sc_garble(self):
        msgs = self.plan_messages(4, tls="13", sizes=(500, 3000)) + \
            self.plan_messages(1, server="mx2", tls="12")
        self.proxied("garble", "STARTTLS capability overwritten in place with same-length garbage "
                     "(XXXXXXXA as Cisco ASA ESMTP inspection, then others)",
                     [(msgs, {"mode": "garble", "tokens": "XXXXXXXA,XXXXXXXX,STARXXXX,QZJWKVPA"},
                       None, None)])

    def sc_inject454(self):
        msgs = self.plan_messages(4, tls="13", sizes=(500, 3000))
        self.proxied("inject454", "MITM answers STARTTLS with 454 itself; the receiver never sees "
                     "the command", [(msgs, {"mode": "inject454"}, None, None)])

    def sc_garblecmd(self):
        msgs = self.plan_messages(4, tls="12", sizes=(500, 3000))
        self.proxied("garblecmd", "client's STARTTLS overwritten with same-length garbage; the "
                     "receiver answers 502 and the sender continues in cleartext",
                     [(msgs, {"mode": "garblecmd", "tokens": "XXXXXXXX,STARTTLX,XXXXXXXA"},
                       None, None)])

    def sc_ehloerror(self):
        msgs = self.plan_messages(4, tls="13", sizes=(500, 3000))
        self.proxied("ehloerror", "EHLO reply replaced with 502 by the MITM; the sender falls back "
                     "to HELO (no extensions, so no STARTTLS)",
                     [(msgs, {"mode": "ehloerror"}, None, None)])

    def sc_certswap(self, tls):
        phases = []
        for cert in ("selfsigned", "wrongname", "forged"):
            msgs = self.plan_messages(2, tls=tls.replace(".", ""), sizes=(400, 2500))
            pd = self.pkidir
            phases.append((msgs, {"mode": "certswap", "cert": os.path.join(pd, cert + ".chain.pem"),
                                  "key": os.path.join(pd, cert + ".key"), "cert_label": cert,
                                  "tls_max": tls}, tls, cert))
        self.proxied("certswap-tls" + tls.replace(".", ""),
                     "MITM terminates TLS with a substituted certificate (self-signed, wrong name, "
                     "right name from a rogue CA), TLS " + tls, phases)

    def sslsplit_phase(self, msgs, cert):
        """One batch of sessions through sslsplit (autossl: STARTTLS-aware TLS interception)."""
        d = os.path.join(self.work, "sslsplit-" + cert)
        gen = os.path.join(d, "gen")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(gen)
        pd = self.pkidir
        # -K: sslsplit 0.5.5 cannot generate its own leaf key under OpenSSL 3 ("error generating
        # key id"), so it gets one from the lab PKI
        args = ["sslsplit", "-D", "-u", "root", "-l", os.path.join(d, "conn.log"), "-W", gen,
                "-r", "tls12", "-K", os.path.join(pd, "sslsplitleaf.key")]
        if cert == "forged":
            # forge on the fly: copy the receiver's names into a leaf signed by the rogue CA
            args += ["-k", os.path.join(pd, "rogueca.key"), "-c", os.path.join(pd, "rogueca.crt")]
        else:
            pem = os.path.join(d, "leaf.pem")
            with open(pem, "w") as f:
                f.write(open(os.path.join(pd, cert + ".chain.pem")).read())
                f.write(open(os.path.join(pd, cert + ".key")).read())
            args += ["-A", pem]
        # sslsplit's IPv6 listener is dual-stack, so IPv6 gets its own port
        args += ["autossl", "0.0.0.0", "10025", "autossl", "::", "10026"]
        self.route(msgs)
        p = self.spawn("mitm", args, os.path.join(d, "sslsplit.out"))
        time.sleep(1.0)
        if p.poll() is not None:
            raise RuntimeError("sslsplit exited: " + open(os.path.join(d, "sslsplit.out")).read())
        self.nft('chain pre { type nat hook prerouting priority dstnat; '
                 'iifname "%s" meta nfproto ipv4 tcp dport 25 redirect to :10025; '
                 'iifname "%s" meta nfproto ipv6 tcp dport 25 redirect to :10026; }'
                 % (MA_IF, MA_IF))
        t0 = time.time()
        try:
            self.send(msgs)
        finally:
            self.nft_flush()
            time.sleep(0.3)
            self.stop(p)
        log = open(os.path.join(d, "conn.log")).read().splitlines()
        return t0, time.time(), d, log

    def cert_facts_file(self, path):
        der = subprocess.run(["openssl", "x509", "-in", path, "-outform", "DER"],
                             capture_output=True, check=True).stdout
        spki = subprocess.run("openssl x509 -in %s -pubkey -noout | openssl pkey -pubin "
                              "-outform DER" % path, shell=True, capture_output=True,
                              check=True).stdout
        subj = sh(["openssl", "x509", "-in", path, "-noout", "-subject", "-issuer", "-nameopt",
                   "RFC2253"]).stdout.splitlines()
        return {"subject": subj[0].split("=", 1)[1].strip(),
                "issuer": subj[1].split("=", 1)[1].strip(),
                "sha256": hashlib.sha256(der).hexdigest(),
                "spki_sha256": hashlib.sha256(spki).hexdigest()}

    def sc_certswap_sslsplit(self):
        name = "certswap-sslsplit"
        self.capture_start(name)
        windows = []
        for cert in ("selfsigned", "wrongname", "forged"):
            msgs = self.plan_messages(2, tls="12", sizes=(400, 2500))
            t0, t1, d, log = self.sslsplit_phase(msgs, cert)
            if cert == "forged":
                gen = [os.path.join(d, "gen", f) for f in sorted(os.listdir(os.path.join(d, "gen")))
                       if f.endswith(".crt") or f.endswith(".pem")]
                forged = [g for g in gen if "Interception" in sh(
                    ["openssl", "x509", "-in", g, "-noout", "-issuer"], check=False).stdout]
                if not forged:
                    raise RuntimeError("sslsplit wrote no forged certificate in %s" % gen)
                facts = self.cert_facts_file(forged[0])
            else:
                facts = self.cert_facts(cert)
            windows.append((t0, t1, cert, facts, log))
        self.capture_stop()
        conns = {v: sorted(self.connections(os.path.join(self.out, name + sfx)),
                           key=lambda c: c["start_epoch"])
                 for v, sfx in (("A", ".pcap"), ("B", ".server-side.pcap"))}
        assign, index = {}, 0
        for t0, t1, cert, facts, log in windows:
            pa = [c for c in conns["A"] if t0 <= c["start_epoch"] <= t1]
            pb = [c for c in conns["B"] if t0 <= c["start_epoch"] <= t1]
            if len(pa) != len(pb):
                raise RuntimeError("sslsplit phase %s: %d connections at A, %d at B" %
                                   (cert, len(pa), len(pb)))
            for ca, cb in zip(pa, pb):
                assign[("A", ca["client"], ca["client_port"])] = (index, cert, facts, log)
                assign[("B", cb["client"], cb["client_port"])] = (index, cert, None, log)
                index += 1
        legit = self.tls_expect("1.2", "mx")

        def fn(vantage, c):
            a = assign.get((vantage, c["client"], c["client_port"]))
            if a is None:
                return None
            idx, cert, facts, log = a
            srv, host, _ = self.server_of(c["server"])
            tls = legit if facts is None else {"version": "TLSv1.2", "server_certificate": facts,
                                               "certificate_visible": True}
            return {"mitm_action": "certswap", "mitm_tool": "sslsplit 0.5.5 autossl",
                    "mitm_log": ["sslsplit substituted certificate: " + cert],
                    "server_name": host, "mitm_connection_index": idx,
                    "expected_findings": [], "expected_tls": tls}
        self.label(name, "sslsplit intercepts TLS 1.2 after STARTTLS with a substituted "
                   "certificate: self-signed, wrong name (valid CA), right name forged on the fly "
                   "by a rogue CA", fn)

    def sc_certswap_enforced(self):
        phases = []
        for tls in ("12", "13"):
            msgs = self.plan_messages(2, tls=tls, sizes=(400,))
            for m in msgs:
                m["transport"] = "e" + m["transport"][1:]
            pd = self.pkidir
            phases.append((msgs, {"mode": "certswap", "cert": os.path.join(pd, "forged.chain.pem"),
                                  "key": os.path.join(pd, "forged.key"), "cert_label": "forged",
                                  "tls_max": tls[0] + "." + tls[1], "refused": True},
                           tls[0] + "." + tls[1], "forged"))
        self.proxied("certswap-enforced", "rogue-CA certificate substitution against a sender that "
                     "enforces authenticated TLS (as under DANE or MTA-STS enforce): it completes "
                     "the handshake, finds the certificate untrusted, sends QUIT inside TLS and "
                     "defers; no mail crosses the intercepted channel", phases)

    def sc_certswap_tls12(self):
        self.sc_certswap("1.2")

    def sc_certswap_tls13(self):
        self.sc_certswap("1.3")

    def sc_rst(self, name="rst-after-clienthello", netem=False):
        msgs = self.plan_messages(4, tls="12", sizes=(500, 3000)) + \
            self.plan_messages(2, tls="13", sizes=(800,))
        self.route(msgs)
        log = os.path.join(self.work, "rst.jsonl")
        open(log, "w").close()
        self.capture_start(name)
        # drop the receiver's answering handshake records at the router so the forged RST wins
        if netem:
            self.netem(True, drop_server_tls=True)
        else:
            self.nft('chain fw { type filter hook forward priority 0; iifname "%s" tcp sport 25 '
                     '@ih,0,8 0x16 drop; }' % MB_IF)
        p = self.spawn("mitm", [PY, os.path.join(HERE, "rst_inject.py"), "--sender-if", MA_IF,
                                "--receiver-if", MB_IF, "--receiver-mac", MAC[R_IF], "--log", log],
                       log + ".out")
        for _ in range(100):
            if "ready" in open(log + ".out").read():
                break
            time.sleep(0.05)
        try:
            self.send(msgs, wait=90)
        finally:
            self.stop(p)
            if netem:
                self.netem(False)
            self.nft_flush()
        self.capture_stop()
        resets = [json.loads(l) for l in open(log) if l.strip()]

        def fn(vantage, c):
            srv, host, _ = self.server_of(c["server"])
            if self.injected(resets, c):
                return {"mitm_action": "rst_injected_after_clienthello" +
                        (" (over netem)" if netem else ""), "server_name": host,
                        "expected_findings": ["tls_handshake_reset"], "expected_tls": None}
            return {"mitm_action": "none (sender's cleartext retry)", "server_name": host,
                    "expected_findings": ["starttls_offered_not_used",
                                          "cleartext_mail_transaction"], "expected_tls": None}
        self.label(name, "RST forged to both ends right after the ClientHello; the sender "
                   "retries the delivery in cleartext", fn)

    def sc_race454(self):
        """On-path (not inline) injection: a forged 454 races the genuine 220."""
        name = "race454"
        msgs = self.plan_messages(3, tls="13", sizes=(500, 1500))
        self.route(msgs)
        log = os.path.join(self.work, "race.jsonl")
        open(log, "w").close()
        # the first genuine "220 2.0.0" of each connection is dropped once at the router, so the
        # forgery always wins; TCP retransmits the genuine reply ~200 ms later (RTO)
        self.nft('chain fw { type filter hook forward priority 0; iifname "%s" tcp sport 25 '
                 '@ih,0,40 0x3232302032 ct mark != 0x1 ct mark set 0x1 drop; }' % MB_IF)
        # the desynchronised connection dies after a few retransmissions instead of ~15 minutes
        for role in ("snd", "rcv"):
            self.nsx(role, ["sysctl", "-qw", "net.ipv4.tcp_retries2=3"])
        self.capture_start(name)
        p = self.spawn("mitm", [PY, os.path.join(HERE, "rst_inject.py"), "--mode", "race454",
                                "--every", "2", "--sender-if", MA_IF, "--receiver-if", MB_IF,
                                "--receiver-mac", MAC[R_IF], "--log", log], log + ".out")
        for _ in range(100):
            if "ready" in open(log + ".out").read():
                break
            time.sleep(0.05)
        try:
            self.send(msgs, wait=120)
        finally:
            self.stop(p)
            self.nft_flush()
            for role in ("snd", "rcv"):
                self.nsx(role, ["sysctl", "-qw", "net.ipv4.tcp_retries2=15"])
        self.capture_stop()
        raced = [json.loads(l) for l in open(log) if l.strip()]

        def fn(vantage, c):
            srv, host, _ = self.server_of(c["server"])
            if self.injected(raced, c):
                f = (["segment_overlap_conflict", "starttls_rejected", "cleartext_mail_transaction"]
                     if vantage == "A" else ["tls_not_started_after_220"])
                return {"mitm_action": "race454_injected", "server_name": host,
                        "expected_findings": f, "expected_tls": None}
            return {"mitm_action": "none (sender's retry; the genuine 220 was delayed once)",
                    "server_name": host, "expected_findings": [],
                    "expected_tls": self.tls_expect("1.3", "mx")}
        self.label(name, "an on-path injector races a forged 454 against the genuine 220; the "
                   "sender continues in cleartext on a desynchronised connection that dies, and "
                   "the retry (not raced) uses TLS", fn)

    def sc_rollover(self):
        msgs1 = self.plan_messages(3, tls="12", sizes=(500, 2000))
        msgs2 = self.plan_messages(3, tls="12", sizes=(500, 2000))
        self.route(msgs1 + msgs2)
        self.capture_start("key-rollover")
        try:
            self.send(msgs1)
            switch = time.time()
            self.install_receiver_cert("mxnext")
            self.reload(self.rconf, "rcv")
            self.send(msgs2)
        finally:
            self.install_receiver_cert("mx")
            self.reload(self.rconf, "rcv")
        self.capture_stop()

        def fn(vantage, c):
            srv, host, _ = self.server_of(c["server"])
            cert = "mx" if c["start_epoch"] < switch else "mxnext"
            return {"mitm_action": "none", "server_name": host, "expected_findings": [],
                    "certificate_generation": "current" if cert == "mx" else "next (rolled over)",
                    "expected_tls": self.tls_expect("1.2", cert)}
        self.label("key-rollover", "benign contrast: the receiver's legitimate certificate and "
                   "key change between sessions (same name, same CA)", fn)

    def sc_netem_clean(self):
        msgs = self.plan_messages(3, tls="12", sizes=(3000, 9000))
        self.route(msgs)
        self.capture_start("netem-clean")
        self.netem(True)
        try:
            self.send(msgs)
        finally:
            self.netem(False)
        self.capture_stop()

        def fn(vantage, c):
            srv, host, _ = self.server_of(c["server"])
            return {"mitm_action": "none (tc netem: MSS 120, delay/reorder/duplicate)",
                    "server_name": host, "expected_findings": [],
                    "expected_tls": self.tls_expect("1.2", "mx")}
        self.label("netem-clean", "clean TLS 1.2 over small MSS with reordered and duplicated "
                   "segments", fn)

    def sc_tlsblock(self):
        msgs = self.plan_messages(3, tls="12", sizes=(500, 2000)) + \
            self.plan_messages(1, tls="13", sizes=(800,))
        self.proxied("tlsblock", "MITM lets STARTTLS/220 through, swallows the ClientHello and "
                     "closes both connections with FIN; the sender defers and retries in "
                     "cleartext", [(msgs, {"mode": "tlsblock"}, None, None)])

    def sc_smallmss_strip(self):
        msgs = self.plan_messages(3, tls="13", sizes=(3000, 9000))
        self.proxied("smallmss-strip", "STARTTLS stripping with a 120-byte MSS on both legs "
                     "(the proxy terminates TCP, so no reordering here; see netem-rst)",
                     [(msgs, {"mode": "strip"}, None, None)], smallmss=True)

    def sc_netem_rst(self):
        self.sc_rst("netem-rst", netem=True)

    def sc_mixed(self):
        n = 200
        msgs = []
        for i in range(n):
            srv = "plain" if i % 17 == 5 else ("mx2" if i % 5 == 3 else "mx1")
            msgs += self.plan_messages(1, server=srv, tls=self.rng.choice(["12", "13"]),
                                       fam=6 if i % 3 == 2 else 4, sizes=(200, 300, 600))
            h = int(msgs[-1]["transport"][1])
            msgs[-1]["transport"] = "h%dt%s" % (h, "12" if h == 1 else "13")
        # indices count connections to STARTTLS-offering receivers only (--plan-skip)
        plan = {"23": "strip", "61": "garble", "97": "inject454", "131": "garblecmd",
                "164": "ehloerror"}
        self.proxied("mixed", "%d sessions, delivered in overlapping batches of 8, through a "
                     "transparent MITM that tampers with a known few (by index among connections "
                     "to STARTTLS-offering receivers: %s)" % (n, plan),
                     [(msgs, {"mode": "pass", "plan": json.dumps(plan), "gap": (0.0, 0.3),
                              "batch": 8, "tokens": "XXXXXXXA",
                              "plan_skip": ",".join(SERVERS["plain"][:2])},
                       "by-source", None)])


SCENARIOS = ["clean-tls12", "clean-tls13", "no-starttls", "strip", "garble", "inject454",
             "garblecmd", "ehloerror", "rst", "race454", "tlsblock", "certswap-tls12", "certswap-tls13", "certswap-enforced", "rollover",
             "netem-clean", "smallmss-strip", "netem-rst", "mixed"]
# not in the default run: sslsplit 0.5.5 aborts now and then in autossl mode with Postfix
# ("readcb called when other end not connected"), which would make regeneration flaky
OPTIONAL = ["certswap-sslsplit"]


def remove_stale():
    """Remove namespaces and temp dirs of earlier lab runs whose process is gone (e.g. SIGKILL)."""
    import glob
    import re
    for line in sh(["ip", "netns", "list"], check=False).stdout.splitlines():
        m = re.match(r"(swlab-(\d+)-(snd|mitm|rcv))\b", line)
        if m and not os.path.exists("/proc/%s" % m.group(2)):
            for pid in sh(["ip", "netns", "pids", m.group(1)], check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh(["ip", "netns", "del", m.group(1)], check=False)
    for d in glob.glob(os.path.join(tempfile.gettempdir(), "swlab-*-*")):
        m = re.match(r"swlab-(\d+)-", os.path.basename(d))
        if m and not os.path.exists("/proc/%s" % m.group(1)):
            shutil.rmtree(d, ignore_errors=True)


def versions():
    out = {}
    for pkg in ("postfix", "swaks", "openssl", "tcpdump", "tshark", "nftables", "iproute2",
                "python3", "sslsplit"):
        r = sh(["dpkg-query", "-W", "-f=${Version}", pkg], check=False)
        out[pkg] = r.stdout.strip() or "not installed"
    out["kernel"] = os.uname().release
    return out


def write_policies(lab, out):
    d = os.path.join(out, "policies")
    shutil.rmtree(d, ignore_errors=True)  # generated output: no stale files from older layouts
    os.makedirs(d, exist_ok=True)
    cur, nxt = lab.cert_facts("mx"), lab.cert_facts("mxnext")
    # File names follow stripwatch's policy loader (analyzer/policy/README.md): <domain>.mta-sts.txt,
    # <domain>.mta-sts-txt, *.zone, tls_policy, *.json. Certificates go beside, in certs/.
    with open(os.path.join(d, "lab.example.mta-sts.txt"), "w") as f:
        f.write("version: STSv1\nmode: enforce\nmx: mx1.lab.example\nmx: mx2.lab.example\n"
                "max_age: 604800\n")
    with open(os.path.join(d, "lab.example.mta-sts-txt"), "w") as f:
        f.write('v=STSv1; id=20261123T000000;\n')
    with open(os.path.join(d, "lab.example.tlsa.zone"), "w") as f:
        f.write("; DANE-EE SPKI SHA-256 (3 1 1) of the lab receiver's legitimate key\n"
                "; second record: the next key, published before the rollover (benign contrast)\n")
        for host in ("mx1", "mx2"):
            f.write("_25._tcp.%s.lab.example. 3600 IN TLSA 3 1 1 %s\n" % (host, cur["spki_sha256"]))
            f.write("_25._tcp.%s.lab.example. 3600 IN TLSA 3 1 1 %s\n" % (host, nxt["spki_sha256"]))
    with open(os.path.join(d, "tls_policy"), "w") as f:
        f.write("# smtp_tls_policy_maps entry for the lab domain (trust anchor: smtp_tls_CAfile =\n"
                "# labca.crt); with DNSSEC the equivalent would be 'lab.example dane-only'\n"
                "lab.example  secure match=mx1.lab.example:mx2.lab.example\n")
    eff = {"timestamp": "2026-11-23T00:00:00Z", "expires": "2027-11-23T00:00:00Z",
           "version": "0.1",
           "policy-aliases": {},
           "policies": {"lab.example": {"mode": "enforce",
                                        "mxs": ["mx1.lab.example", "mx2.lab.example"]}}}
    with open(os.path.join(d, "starttls-everywhere.json"), "w") as f:
        json.dump(eff, f, indent=2)
        f.write("\n")
    certs = os.path.join(out, "certs")
    os.makedirs(certs, exist_ok=True)
    for n in ("labca", "rogueca"):
        shutil.copy(os.path.join(lab.pkidir, n + ".crt"), os.path.join(certs, n + ".crt"))
    shutil.copy(os.path.join(lab.pkidir, "mx.chain.pem"), os.path.join(certs, "mx1.lab.example.pem"))


def dump_labels(doc, path):
    """labels.json with one connection per line: small, and diffs stay readable."""
    head = {k: v for k, v in doc.items() if k != "connections"}
    text = json.dumps(head, indent=1)[:-2] + ',\n "connections": [\n'
    text += ",\n".join("  " + json.dumps(c, sort_keys=True) for c in doc["connections"])
    with open(path, "w") as f:
        f.write(text + "\n ]\n}\n")


def write_provenance(out, started, vers, chosen):
    readme = os.path.join(out, "README.md")
    if not os.path.exists(readme):
        return
    text = open(readme).read()
    begin, end = "<!-- provenance:begin -->", "<!-- provenance:end -->"
    if begin not in text or end not in text:
        return
    block = ["## Provenance", "",
             "Generated by `ops/lab/run-lab` on %s (UTC) with scenarios: %s." % (
                 started.strftime("%Y-%m-%d %H:%M"), ", ".join(chosen)), "",
             "| package | version |", "|---|---|"]
    block += ["| %s | %s |" % kv for kv in vers.items()]
    new = text[:text.index(begin) + len(begin)] + "\n" + "\n".join(block) + "\n" + \
        text[text.index(end):]
    with open(readme, "w") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser(description="stripwatch attack lab")
    ap.add_argument("--out", default=None, help="output directory (default: captures/lab for a "
                    "full run, /tmp/swlab-out for a subset)")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("scenarios", nargs="*")
    a = ap.parse_args()
    if a.list:
        print("\n".join(SCENARIOS + [o + " (optional)" for o in OPTIONAL]))
        return 0
    chosen = a.scenarios or SCENARIOS
    for s in chosen:
        if s not in SCENARIOS + OPTIONAL:
            ap.error("unknown scenario %s (try --list)" % s)
    repo = os.path.abspath(os.path.join(HERE, "..", ".."))
    out = a.out or (os.path.join(repo, "captures", "lab") if not a.scenarios else "/tmp/swlab-out")
    os.makedirs(out, exist_ok=True)
    if not a.scenarios:
        # a full run replaces every capture: no stale files from renamed scenarios survive
        for f in os.listdir(out):
            if f.endswith(".pcap"):
                os.remove(os.path.join(out, f))

    def on_signal(sig, frame):
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    remove_stale()
    lab = Lab(out, a.seed)
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        lab.build()
        lab.pki()
        lab.start_receiver()
        lab.start_sender()
        for s in chosen:
            for attempt in (1, 2):
                t0 = time.time()
                print("scenario %s ..." % s, end=" ", flush=True)
                try:
                    getattr(lab, "sc_" + s.replace("-", "_"))()
                    print("%.1fs" % (time.time() - t0), flush=True)
                    break
                except (RuntimeError, subprocess.CalledProcessError) as exc:
                    # e.g. sslsplit 0.5.5 occasionally aborts ("readcb called when other end
                    # not connected") under load: reset the lab and run the scenario once more
                    print("failed (%s)" % str(exc).splitlines()[0][:200], flush=True)
                    if attempt == 2:
                        raise
                    lab.reset()
        write_policies(lab, out)
        lab.labels.sort(key=lambda r: (r["capture"], r["start_epoch"]))
        doc = {"generated_by": "ops/lab/run-lab", "generated_at": started.isoformat(),
               "package_versions": versions(), "scenarios": chosen,
               "scenario_summaries": lab.summaries,
               "finding_types": ["starttls_not_offered", "starttls_capability_garbled",
                                 "starttls_command_garbled", "starttls_rejected",
                                 "starttls_offered_not_used", "ehlo_downgraded_to_helo",
                                 "tls_not_started_after_220", "tls_handshake_reset",
                                 "tls_handshake_incomplete", "cleartext_mail_transaction",
                                 "segment_overlap_conflict"],
               "connections": lab.labels}
        dump_labels(doc, os.path.join(out, "labels.json"))
        write_provenance(out, started, doc["package_versions"], chosen)
        print("wrote %d labelled connections to %s" % (len(lab.labels), out))
    except BaseException:
        for i in ("sender", "receiver"):
            p = os.path.join(lab.work, i, "maillog")
            if os.path.exists(p):
                sys.stderr.write("---- %s maillog (tail)\n%s\n" % (i, open(p).read()[-3000:]))
        raise
    finally:
        lab.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
