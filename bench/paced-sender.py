#!/usr/bin/env python3
"""Paced ARP sender for bench/live-rate.ts: on IFACE, RATE frames per second
for SECONDS, a mix of who-has requests and their replies among 2,000 hosts
(10.88.0.0/16, locally administered MACs). Runs inside the bench's own
network namespace only. Prints the number of frames sent."""
import socket, struct, sys, time

iface, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)

def mac(h): return bytes([0x02, 0x88, 0, 0, h >> 8, h & 0xff])
def ip(h): return bytes([10, 88, h >> 8, h & 0xff])
def arp(op, sha, spa, tha, tpa, dst):
    body = struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa
    return dst + sha + b'\x08\x06' + body + b'\0' * 18

frames = []
seed = 12345
for i in range(4096):
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    a, b = seed % 2000, (seed >> 11) % 2000
    if a == b: b = (b + 1) % 2000
    frames.append(arp(1, mac(a), ip(a), b'\0' * 6, ip(b), b'\xff' * 6))
    frames.append(arp(2, mac(b), ip(b), mac(a), ip(a), mac(a)))

sent = 0
start = time.monotonic()
end = start + seconds
batch = max(1, int(rate / 2000))  # frames per tick, ~2,000 ticks a second
n = len(frames)
while True:
    now = time.monotonic()
    if now >= end: break
    due = int((now - start) * rate)
    while sent < due:
        for _ in range(min(batch, due - sent)):
            try:
                s.send(frames[sent % n])
                sent += 1
            except (BlockingIOError, OSError):
                time.sleep(0.0002)
                break
    time.sleep(0.0002)
print(sent)
