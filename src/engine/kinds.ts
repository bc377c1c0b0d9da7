// What an ARP frame is, once classified (see classify in arp.ts), and the
// per-binding counters that count them.

export const K_REQUEST = 0;
export const K_REPLY = 1;
export const K_UNSOLICITED = 2;
export const K_GARP_REQUEST = 3;
export const K_GARP_REPLY = 4;
export const K_PROBE = 5;
export const K_ANNOUNCE = 6;
export const NKINDS = 7;
/** Extra counter per binding: claims learned from a reply's target fields that no request explains. */
export const C_TARGET = 7;
/** Counters per binding: the kinds and C_TARGET. */
export const NCOUNTERS = 8;

export const KIND_NAMES = ['request', 'reply', 'unsolicitedReply', 'garpRequest', 'garpReply', 'probe', 'announcement'] as const;
export const COUNT_NAMES = [...KIND_NAMES, 'replyTarget'] as const;

/** Kinds that answer for the sender's address: replies, gratuitous ARP, announcements. */
export function isAnswer(kind: number): boolean {
  return kind === K_REPLY || kind === K_UNSOLICITED || kind === K_GARP_REQUEST || kind === K_GARP_REPLY || kind === K_ANNOUNCE;
}

export function isGratuitous(kind: number): boolean {
  return kind === K_GARP_REQUEST || kind === K_GARP_REPLY || kind === K_ANNOUNCE;
}
