#!/usr/bin/env python3
"""Raw-socket ARP flooder for the live tests: random sender MACs and IPs,
broadcast who-has requests, on IFACE for SECONDS (inside a test namespace
only). Prints the number of frames sent."""
import os, random, socket, struct, sys, time

iface, seconds = sys.argv[1], float(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
rnd = random.Random(7)
frames = []
for _ in range(4096):
    mac = bytes([0x02]) + rnd.randbytes(5)
    sip = bytes([10, 99]) + rnd.randbytes(2)
    tip = bytes([10, 99]) + rnd.randbytes(2)
    arp = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 1) + mac + sip + b'\0' * 6 + tip
    frames.append(b'\xff' * 6 + mac + b'\x08\x06' + arp + b'\0' * 18)
sent = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    for f in frames[:512]:
        try:
            s.send(f)
            sent += 1
        except BlockingIOError:
            pass
        except OSError:
            time.sleep(0.0005)
    frames.append(frames.pop(0))
print(sent)
