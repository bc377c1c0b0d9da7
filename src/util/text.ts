// Text helpers for anything that came off the wire or from a file name.

/**
 * Replaces terminal control characters (C0, DEL, C1, and the escape that starts
 * ANSI sequences) with a visible escape so captured bytes can never drive the
 * terminal. Printable Unicode passes through.
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** sanitize() line by line: newlines and tabs kept (messages on stderr, where no colour is written). */
export function sanitizeLines(text: string): string {
  return text.split('\n').map((l) => l.split('\t').map(sanitize).join('\t')).join('\n');
}

/** ISO-8601 UTC time with microseconds from (seconds, nanoseconds). */
export function isoTime(sec: number, nsec: number): string {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return `@${sec}.${String(nsec).padStart(9, '0')}`;
  const base = d.toISOString().slice(0, 19);
  return `${base}.${String(Math.floor(nsec / 1000)).padStart(6, '0')}Z`;
}

/** Milliseconds with three decimals, trailing zeros trimmed: 1.5, 1000, 0.001. */
export function fmtMs(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Prose wrapped at word boundaries within `width` columns: the first line
 * starts after `first` (already written), the others with `indent`. A word
 * longer than a line stays whole.
 */
export function wrapText(first: string, text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > width && line.trim() !== '' && line !== first && line !== indent) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  out.push(line.trimEnd());
  return out;
}
