// The record layout of the address and binding tables (tables.ts): byte
// offsets of each field in the fixed-size records, and the flags in them.

/** MACs tracked per address; more is a flood, counted but not stored. */
export const MAX_MACS = 64;
/** Bindings the tables hold per address at most. */
export const BINDINGS_PER_ADDRESS = 2;
/** Largest storage reserved up front (virtual; resident only as used). */
export const RESERVE_LIMIT = 1 << 30;
/** Initial size of the hash indexes. */
export const INITIAL = 1024;
/** Addresses the tables hold before they reserve storage for the cap (a small capture never does). */
export const START = 16384;

// Binding record: 128 bytes, seen as float64 slots (stride BF) and int32 slots
// (stride BI). What a frame on the common path reads and writes (MAC, key,
// flags, claims, request and reply counts, last time and frame) is in the
// first 48 bytes, so a lookup and its update touch one cache line.
export const B_BYTES = 128;
export const BF = 16;
export const BI = 32;
export const BI_MAC_LO = 0; // bytes 0-3: the MAC's low 32 bits (signed), and
export const BI_MAC_HI = 1; // 4-7: its high 16 bits, compared as integers on lookup
export const BF_LAST_US = 1; // 8-15
export const BF_LAST_REF = 2; // 16-23
export const BI_IP = 6; // 24: copies of the address key, so a lookup never leaves the record
export const BI_VLAN = 7; // 28
export const BI_FLAGS = 8; // 32
export const BI_CLAIMS = 9; // 36
export const BI_COUNTS = 10; // 40-71: NCOUNTERS uint32 counters
export const BI_ANSWERED = 18; // 72
export const BI_FIRST_ANSWER = 19; // 76
export const BF_FIRST_US = 10; // 80
export const BF_FIRST_REF = 11; // 88
export const BI_ADDR = 24; // 96
export const BI_NEXT = 25; // 100
export const BI_GARP = 26; // 104
export const BI_REQ_N = 27; // 108: requests sent in the current one-second window
export const BF_REQ_WIN = 14; // 112-119: that window's start
export const BI_WATCH = 30; // 120: 1 + the index of the binding's request watch while it is counted per request (requests.ts), 0 for none
export const BI_SWEEP = 31; // 124: 1 + the index of the binding's request watch, however it is watched
/**
 * The binding is its address's only one. While that holds, the address's
 * owner and last strong claimant can only be this binding, so claims update
 * the binding record alone (one cache line fewer per frame); the address
 * fields are brought up to date when a second MAC appears.
 */
export const F_SOLE = 1;
/** The binding strongly claimed its address while another MAC claimed it too (ownership.ts): a request from it for the address is impersonation. */
export const F_CONTESTED = 2;

// Address record: 32 bytes, int32 slots (stride AI).
export const A_BYTES = 32;
export const AI = A_BYTES / 4;
export const A_VLAN = 0;
export const A_IP = 1;
export const A_HEAD = 2;
export const A_MACS = 3; // low 16 bits: the MAC count; PINNED and TAKEN above them
export const A_OWNER = 4; // binding of the latest claim
export const A_PREV = 5; // binding that owned before
export const A_LAST_STRONG = 6; // binding of the latest reply/GARP claim
export const A_CHANGES = 7;
/** A finding refers to the address: never evicted. */
export const PINNED = 0x10000;
/** A MAC took the address over by gratuitous ARP (a takeover incident): its old owner's frames are judged (hijack.ts). */
export const TAKEN = 0x20000;
