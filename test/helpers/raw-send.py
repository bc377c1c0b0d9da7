#!/usr/bin/env python3
"""Sends Ethernet frames given as hex on IFACE through a raw socket (inside a
test namespace only), GAP seconds apart: raw-send.py IFACE GAP HEX [HEX...].
The frames are built by the test with arpaudit's own encoder. Prints the
number of frames sent."""
import socket, sys, time

iface, gap = sys.argv[1], float(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
sent = 0
for h in sys.argv[3:]:
    s.send(bytes.fromhex(h))
    sent += 1
    time.sleep(gap)
print(sent)
