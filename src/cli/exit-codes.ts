// Exit codes, shared by every command and documented in the README and --help.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_CAPTURE_UNAVAILABLE = 4;
/** probe: some IP got no answer at all. */
export const EXIT_NO_ANSWER = 5;
/** A bug: bin/arpaudit.js prints one line (the stack with ARPAUDIT_DEBUG=1); EX_SOFTWARE of sysexits.h. */
export const EXIT_INTERNAL = 70;

export const EXIT_HELP = `Exit codes:
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage error (bad option, invalid --expect file)
  3  unreadable or unsupported input (missing file, not a capture, truncated or corrupt; what was read is still reported)
  4  live capture unavailable (no libpcap/cap, no permission, no such interface, no address to probe from)
  5  probe: an IP got no answer (1 wins when another IP was answered by several MACs)
  70 internal error (a bug): one line on stderr; ARPAUDIT_DEBUG=1 adds the stack
  70 internal error (a bug): one line on stderr; ARPAUDIT_DEBUG=1 adds the stack
  host: 0 every VIP right for the role, 1 the host will answer for or leak a VIP it must not (or a director will not answer), 2 usage`;
