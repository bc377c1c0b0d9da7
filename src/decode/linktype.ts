// Link-layer header types (https://www.tcpdump.org/linktypes.html) the decoder understands.
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

export function linktypeName(lt: number): string {
  switch (lt) {
    case LINKTYPE_ETHERNET: return 'EN10MB';
    case LINKTYPE_LINUX_SLL: return 'LINUX_SLL';
    case LINKTYPE_LINUX_SLL2: return 'LINUX_SLL2';
    default: return `LINKTYPE_${lt}`;
  }
}

export function linktypeSupported(lt: number): boolean {
  return lt === LINKTYPE_ETHERNET || lt === LINKTYPE_LINUX_SLL || lt === LINKTYPE_LINUX_SLL2;
}
