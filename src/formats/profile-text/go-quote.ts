/**
 * Go `%q` / strconv.Quote string literals, as `# labels: {…}` prints them (docs §3.1).
 * JSON.parse is wrong for these: Go writes `\a`, `\v`, `\xHH` (raw bytes, possibly invalid UTF-8),
 * `\uHHHH`, `\UHHHHHHHH` and octal `\NNN`; printable Unicode is written raw.
 */

export interface Unquoted {
  value: string;
  /** index just past the closing quote */
  end: number;
}

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };

const utf8 = new TextDecoder('utf-8');

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function readHex(s: string, at: number, n: number): number {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const h = hexVal(s.charCodeAt(at + i));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * Decodes the Go double-quoted literal starting at `s[start]` (which must be `"`).
 * Returns null when it is not a well-formed literal (unterminated, bad escape).
 */
export function unquoteGo(s: string, start: number): Unquoted | null {
  if (s.charCodeAt(start) !== 34) return null;
  // fast path: no escape before the closing quote
  const q = s.indexOf('"', start + 1);
  if (q < 0) return null;
  const bs = s.indexOf('\\', start + 1);
  if (bs < 0 || bs > q) return { value: s.slice(start + 1, q), end: q + 1 };
  return unquoteSlow(s, start);
}

function unquoteSlow(s: string, start: number): Unquoted | null {
  let out = '';
  let bytes: number[] | null = null; // a run of \x / octal escapes: raw bytes, decoded together
  const flush = () => {
    if (bytes) {
      out += utf8.decode(new Uint8Array(bytes));
      bytes = null;
    }
  };
  let i = start + 1;
  let runStart = i;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      if (runStart < i) {
        flush();
        out += s.slice(runStart, i);
      }
      flush();
      return { value: out, end: i + 1 };
    }
    if (c !== 92) {
      i++;
      continue;
    }
    if (runStart < i) {
      flush();
      out += s.slice(runStart, i);
    }
    if (i + 1 >= n) return null;
    const e = s[i + 1];
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      flush();
      out += String.fromCharCode(simple);
      i += 2;
    } else if (e === 'x') {
      const v = readHex(s, i + 2, 2);
      if (v < 0) return null;
      (bytes ??= []).push(v);
      i += 4;
    } else if (e >= '0' && e <= '7') {
      if (i + 4 > n) return null;
      let v = 0;
      for (let k = 1; k <= 3; k++) {
        const d = s.charCodeAt(i + k) - 48;
        if (d < 0 || d > 7) return null;
        v = v * 8 + d;
      }
      if (v > 255) return null;
      (bytes ??= []).push(v);
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const v = readHex(s, i + 2, len);
      if (v < 0 || v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
      flush();
      out += String.fromCodePoint(v);
      i += 2 + len;
    } else {
      return null;
    }
    runStart = i;
  }
  return null;
}

/**
 * Parses a label map `{"k":"v", "k2":"v2"}` as debug=1 prints it. Returns null if malformed.
 * Tolerant of spacing around `:` and `,` (hand-edited or re-wrapped logs).
 */
export function parseLabelMap(s: string, start = 0): [string, string][] | null {
  let i = skipSpace(s, start);
  if (s.charCodeAt(i) !== 123) return null; // {
  const pairs: [string, string][] = [];
  i = skipSpace(s, i + 1);
  if (s.charCodeAt(i) === 125) return pairs; // {}
  for (;;) {
    i = skipSpace(s, i);
    const k = unquoteGo(s, i);
    if (!k) return null;
    i = skipSpace(s, k.end);
    if (s.charCodeAt(i) !== 58) return null; // :
    i = skipSpace(s, i + 1);
    const v = unquoteGo(s, i);
    if (!v) return null;
    pairs.push([k.value, v.value]);
    i = skipSpace(s, v.end);
    const c = s.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    if (c === 125) return pairs;
    return null;
  }
}

function skipSpace(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}
