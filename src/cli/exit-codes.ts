// Exit codes, shared by every command and documented in the README and --help.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_CAPTURE_UNAVAILABLE = 4;

export const EXIT_HELP = `Exit codes:
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage error (bad option, invalid --expect file)
  3  unreadable or unsupported input (missing file, not a capture, truncated or corrupt; what was read is still reported)
  4  live capture unavailable (no libpcap/cap, no permission, no such interface)`;
