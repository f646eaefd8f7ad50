#!/usr/bin/env python3
"""List the TCP and UDP sockets of the given processes (from /proc) and
fail when one is bound or connected outside 127.0.0.1."""
import os
import socket
import struct
import sys


def addr(hexaddr):
    ip, port = hexaddr.split(":")
    if len(ip) == 8:
        a = socket.inet_ntop(socket.AF_INET, struct.pack("<I", int(ip, 16)))
    else:
        raw = bytes.fromhex(ip)
        a = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
    return a, int(port, 16)


inodes = set()
for pid in sys.argv[1:]:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        continue  # gone already
    for fd in fds:
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
bad = 0
for proto in ["tcp", "tcp6", "udp", "udp6"]:
    with open(f"/proc/net/{proto}") as f:
        next(f)
        for line in f:
            p = line.split()
            if p[9] not in inodes:
                continue
            (la, lp), (ra, rp) = addr(p[1]), addr(p[2])
            ok = la in ("127.0.0.1", "::ffff:127.0.0.1") and ra in ("127.0.0.1", "::ffff:127.0.0.1", "0.0.0.0", "::")
            print(f"{proto:5} {la}:{lp} -> {ra}:{rp}{'' if ok else '   NOT LOOPBACK'}")
            bad += not ok
sys.exit(1 if bad else 0)
