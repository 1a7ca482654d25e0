#!/usr/bin/python3
"""User-space "netem" for the stripwatch lab (Python 3 stdlib, AF_PACKET).

The lab's kernel has no sch_netem, so the MITM router forwards TCP port 25 itself: nftables drops
those frames in the kernel's forward path, and this process (which sees them at ingress, before
netfilter) re-emits each one on the other link after a random delay (jitter larger than the
inter-packet gap, hence reordering), sometimes twice (duplicates). TTL / hop limit is decremented
like a router would. Combined with a small advertised MSS (route `advmss`), segments are small,
arrive out of order and are duplicated at both vantage points.

Optional: --drop-server-tls drops handshake records from port 25 (used with rst_inject.py).
"""
import argparse
import heapq
import json
import random
import socket
import struct
import threading
import time

ETH_P_ALL = 0x0003


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def csum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def route(frame):
    """Returns (is_tcp25, payload_first_byte, sport, frame with TTL decremented) or None."""
    et = frame[12:14]
    if et == b"\x08\x00" and len(frame) >= 34 and frame[23] == 6:
        ihl = (frame[14] & 0x0F) * 4
        tcp = frame[14 + ihl:]
        ttl = frame[22]
        if ttl <= 1:
            return None
        ip = bytearray(frame[14:14 + ihl])
        ip[8] = ttl - 1
        ip[10:12] = b"\0\0"
        ip[10:12] = struct.pack("!H", csum(bytes(ip)))
        frame = frame[:14] + bytes(ip) + frame[14 + ihl:]
        total = struct.unpack("!H", frame[16:18])[0]
        plen = total - ihl - (tcp[12] >> 4) * 4
    elif et == b"\x86\xdd" and len(frame) >= 54 and frame[20] == 6:
        tcp = frame[54:]
        if frame[21] <= 1:
            return None
        frame = frame[:21] + bytes([frame[21] - 1]) + frame[22:]
        plen = struct.unpack("!H", frame[18:20])[0] - (tcp[12] >> 4) * 4
    else:
        return None
    sport, dport = struct.unpack("!HH", tcp[:4])
    if 25 not in (sport, dport):
        return None
    first = tcp[(tcp[12] >> 4) * 4] if plen > 0 else None
    return sport, first, frame


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a-if", required=True)
    ap.add_argument("--b-if", required=True)
    ap.add_argument("--a-peer-mac", required=True)
    ap.add_argument("--b-peer-mac", required=True)
    ap.add_argument("--delay-ms", type=float, default=2.0)
    ap.add_argument("--jitter-ms", type=float, default=6.0)
    ap.add_argument("--dup", type=float, default=0.08)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--drop-server-tls", action="store_true")
    ap.add_argument("--stats", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rx, tx, own, peer = {}, {}, {}, {}
    for name, pm in ((a.a_if, a.a_peer_mac), (a.b_if, a.b_peer_mac)):
        rx[name] = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        rx[name].bind((name, 0))
        tx[name] = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        tx[name].bind((name, 0))
        own[name] = mac(open("/sys/class/net/%s/address" % name).read().strip())
        peer[name] = mac(pm)
    other = {a.a_if: a.b_if, a.b_if: a.a_if}
    heap, cv, stats, n = [], threading.Condition(), {"forwarded": 0, "duplicated": 0,
                                                       "dropped_server_tls": 0}, [0]

    def sender():
        while True:
            with cv:
                while not heap or heap[0][0] > time.monotonic():
                    cv.wait(None if not heap else max(0.0, heap[0][0] - time.monotonic()))
                _, _, out_if, frame = heapq.heappop(heap)
            tx[out_if].send(frame)

    threading.Thread(target=sender, daemon=True).start()

    def receiver(in_if):
        out_if = other[in_if]
        while True:
            frame, meta = rx[in_if].recvfrom(65535)
            if meta[2] == socket.PACKET_OUTGOING or frame[0:6] != own[in_if]:
                continue
            r = route(frame)
            if r is None:
                continue
            sport, first, frame = r
            if a.drop_server_tls and sport == 25 and first == 0x16:
                stats["dropped_server_tls"] += 1
                continue
            frame = peer[out_if] + own[out_if] + frame[12:]
            with cv:
                copies = 2 if rng.random() < a.dup else 1
                for k in range(copies):
                    t = time.monotonic() + (a.delay_ms + rng.uniform(0, a.jitter_ms)) / 1000.0
                    n[0] += 1
                    heapq.heappush(heap, (t + k * 0.001, n[0], out_if, frame))
                stats["forwarded"] += 1
                stats["duplicated"] += copies - 1
                cv.notify()
            with open(a.stats, "w") as f:
                json.dump(stats, f)

    for i in (a.a_if, a.b_if):
        threading.Thread(target=receiver, args=(i,), daemon=True).start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
