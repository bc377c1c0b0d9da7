#!/usr/bin/env python3
"""Userspace VLAN shim for tests (the kernel here has no 802.1Q module):
answers ARP who-has for IP on VLAN VID only, with a tagged reply, for
SECONDS. The kernel strips the tag on receive, so it comes from PACKET_AUXDATA.
usage: vlan-responder.py IFACE VID IP SECONDS"""
import socket, struct, sys, time

iface, vid, ip, seconds = sys.argv[1], int(sys.argv[2]), socket.inet_aton(sys.argv[3]), float(sys.argv[4])
SOL_PACKET, PACKET_AUXDATA, TP_STATUS_VLAN_VALID = 263, 8, 1 << 4
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
s.bind((iface, 0))
s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
s.settimeout(0.2)
mac = open(f'/sys/class/net/{iface}/address').read().strip()
me = bytes(int(x, 16) for x in mac.split(':'))
print('ready', flush=True)
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        data, anc, _, _ = s.recvmsg(2048, socket.CMSG_SPACE(32))
    except socket.timeout:
        continue
    tagged = None
    for level, kind, cdata in anc:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(cdata) >= 20:
            status, _, _, _, _, tci, _ = struct.unpack('IIIHHHH', cdata[:20])
            if status & TP_STATUS_VLAN_VALID:
                tagged = tci & 0x0fff
    off = 14
    etype = struct.unpack('!H', data[12:14])[0]
    if etype == 0x8100:  # tag still in the data (no offload): read it there
        tagged, etype, off = struct.unpack('!H', data[14:16])[0] & 0x0fff, struct.unpack('!H', data[16:18])[0], 18
    if tagged != vid or etype != 0x0806 or len(data) < off + 28:
        continue
    arp = data[off:off + 28]
    op, sha, spa, tpa = struct.unpack('!H', arp[6:8])[0], arp[8:14], arp[14:18], arp[24:28]
    if op != 1 or tpa != ip or sha == me:
        continue
    reply = sha + me + struct.pack('!HH', 0x8100, vid) + b'\x08\x06' + struct.pack('!HHBBH', 1, 0x0800, 6, 4, 2) + me + ip + sha + spa
    s.send(reply + b'\0' * max(0, 64 - len(reply)))
