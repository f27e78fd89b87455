/**
 * Byte-level pieces of the traceback scanner (parse-dump.ts). Every function reads a line that
 * ends with \n or \r inside its buffer (forEachRegion guarantees it), so loops stop at the line end
 * without bounds checks. Each accepts only the plain form of its line and says -1 otherwise: the
 * caller then hands the line to the string path, which owns the full grammar.
 */

/** Bytes that end a plain scan: line ends, and ESC / `#` (the transport scrubs lines holding them). */
export const LINE_STOP = new Uint8Array(256);
LINE_STOP[10] = 1;
LINE_STOP[13] = 1;
LINE_STOP[27] = 1;
LINE_STOP[35] = 1;

/** LINE_STOP plus `(`: the argument list of a frame line must not hold another `(`. */
export const ARGS_STOP = LINE_STOP.slice();
ARGS_STOP[40] = 1;

const HEX = new Uint8Array(256);
for (let c = 48; c <= 57; c++) HEX[c] = 1;
for (let c = 97; c <= 102; c++) HEX[c] = 1;

/** Start of the next line after the line end at `i` (\n, \r\n or a lone \r; `end` bounds the region). */
export function nextLine(buf: Uint8Array, i: number, end: number): number {
  return buf[i] === 13 && i + 1 < end && buf[i + 1] === 10 ? i + 2 : i + 1;
}

const ONES = 0x01010101;
const K10 = 0x0a0a0a0a;
const K13 = 0x0d0d0d0d;
const K27 = 0x1b1b1b1b;
const K35 = 0x23232323;
const K40 = 0x28282828;

/**
 * Index of the first \n, \r, ESC, `#` or `(` at or after `i`. Four bytes at a time while they fit
 * before `end` (a word holds one of them if one of its bytes XOR the value is zero).
 */
export function argsStop(buf: Uint8Array, view: DataView, i: number, end: number): number {
  while (i + 4 <= end) {
    const w = view.getInt32(i, true);
    let x = w ^ K10;
    let m = (x - ONES) & ~x;
    x = w ^ K13;
    m |= (x - ONES) & ~x;
    x = w ^ K27;
    m |= (x - ONES) & ~x;
    x = w ^ K35;
    m |= (x - ONES) & ~x;
    x = w ^ K40;
    m |= (x - ONES) & ~x;
    if ((m & 0x80808080) !== 0) break;
    i += 4;
  }
  while (ARGS_STOP[buf[i]] === 0) i++;
  return i;
}

/** Index of the line end at or after `i`, or -1 if ESC or `#` comes first. */
export function plainLineEnd(buf: Uint8Array, i: number): number {
  let c = buf[i];
  while (LINE_STOP[c] === 0) c = buf[++i];
  return c === 10 || c === 13 ? i : -1;
}

/** Index of the line end at or after `i`, whatever the line holds. */
export function lineEnd(buf: Uint8Array, i: number): number {
  let c = buf[i];
  while (c !== 10 && c !== 13) c = buf[++i];
  return i;
}

/**
 * The end of a file line after its line number, at `i`: nothing, ` +0xOFF`, or ` +0xOFF fp=0x… sp=0x…
 * pc=0x…` (docs §1.4), then the line end. Returns the index of the line end, or -1 for anything else
 * (no offset before fp=, spaces at the end, `pc=` alone: the string path reads those).
 */
export function fileLineTail(buf: Uint8Array, i: number): number {
  let c = buf[i];
  if (c === 10 || c === 13) return i;
  if (c !== 32 || buf[i + 1] !== 43 || buf[i + 2] !== 48 || buf[i + 3] !== 120) return -1;
  i += 4;
  const h0 = i;
  while (HEX[buf[i]] === 1) i++;
  if (i === h0) return -1;
  c = buf[i];
  if (c === 10 || c === 13) return i;
  // fp=0x… sp=0x… pc=0x…
  for (let w = 0; w < 6; w += 2) {
    if (buf[i] !== 32 || buf[i + 1] !== FP_SP_PC[w] || buf[i + 2] !== FP_SP_PC[w + 1] || buf[i + 3] !== 61 || buf[i + 4] !== 48 || buf[i + 5] !== 120) return -1;
    i += 6;
    const s = i;
    while (HEX[buf[i]] === 1) i++;
    if (i === s) return -1;
  }
  c = buf[i];
  return c === 10 || c === 13 ? i : -1;
}
/** the letters of fp=, sp=, pc= */
const FP_SP_PC = [102, 112, 115, 112, 112, 99];

export interface FileLineSpan {
  /** the path: [fileStart, fileEnd) */
  fileStart: number;
  fileEnd: number;
  line: number;
}

/**
 * A plain file line `\t` path `:` line [tail] at `s` (just after the TAB) ending at `eol`, read from
 * the right (paths may hold `:`). Fills `out` and returns true; false if the line is not of that
 * form (the string path decides) — also for paths with spaces, where the string path's reading
 * from the right (` +0x`, ` fp=0x` searched in the whole line) could differ.
 */
export function plainFileLine(buf: Uint8Array, s: number, eol: number, out: FileLineSpan): boolean {
  // the tail: from the last ' +0x' (the tail grammar has no other)
  let k = eol - 1;
  let colonEnd = eol;
  while (k > s && buf[k] !== 58) {
    if (buf[k] === 43 && buf[k - 1] === 32) colonEnd = k - 1;
    k--;
  }
  // k: the last ':' — the line number is between it and the tail
  if (k <= s || fileLineTail(buf, colonEnd) !== eol) return false;
  const d = colonEnd - (k + 1);
  if (d < 1 || d > 9) return false;
  let line = 0;
  for (let i = k + 1; i < colonEnd; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return false;
    line = line * 10 + (c - 48);
  }
  if (buf[s] === 9 || buf[k - 1] === 41 /* ) */) return false;
  for (let i = s; i < k; i++) if (buf[i] === 32) return false;
  out.fileStart = s;
  out.fileEnd = k;
  out.line = line;
  return true;
}

/** The 10 bytes `goroutine ` at `i`. */
export function isGoroutineWord(buf: Uint8Array, i: number): boolean {
  return buf[i] === 103 && buf[i + 1] === 111 && buf[i + 2] === 114 && buf[i + 3] === 111 && buf[i + 4] === 117 && buf[i + 5] === 116 && buf[i + 6] === 105 && buf[i + 7] === 110 && buf[i + 8] === 101 && buf[i + 9] === 32;
}

const ORIGINATING = Array.from('[originating from goroutine ', (c) => c.charCodeAt(0));

/** `[originating from goroutine ` (28 bytes) at `i`. */
export function isOriginating(buf: Uint8Array, i: number): boolean {
  for (let k = 0; k < 28; k++) if (buf[i + k] !== ORIGINATING[k]) return false;
  return true;
}

const CREATED_BY = [99, 114, 101, 97, 116, 101, 100, 32, 98, 121, 32];
const IN_GOROUTINE = [32, 105, 110, 32, 103, 111, 114, 111, 117, 116, 105, 110, 101, 32];

/** `created by ` at `i`. */
export function isCreatedBy(buf: Uint8Array, i: number): boolean {
  for (let k = 0; k < 11; k++) if (buf[i + k] !== CREATED_BY[k]) return false;
  return true;
}

/** ` in goroutine ` ends just before `at`. */
export function endsWithInGoroutine(buf: Uint8Array, from: number, at: number): boolean {
  if (at - 14 < from) return false;
  for (let k = 0; k < 14; k++) if (buf[at - 14 + k] !== IN_GOROUTINE[k]) return false;
  return true;
}

/**
 * The closing `]` of a header's state at or after `i`, skipping quoted text (as header.ts
 * closingBracket), or -1 at the line end, ESC or `#`.
 */
export function closingBracketAt(buf: Uint8Array, i: number): number {
  let inQ = false;
  for (;; i++) {
    const c = buf[i];
    if (LINE_STOP[c] === 1) return -1;
    if (inQ) {
      if (c === 92) {
        if (LINE_STOP[buf[i + 1]] === 1) return -1;
        i++;
      } else if (c === 34) inQ = false;
    } else if (c === 34) inQ = true;
    else if (c === 93) return i;
  }
}

/** Decimal digits at `[s, e)` as a number (exact to 15 digits; longer ones via the string). */
export function digitsValue(buf: Uint8Array, s: number, e: number): number {
  if (e - s > 15) return Number(String.fromCharCode(...buf.subarray(s, e)));
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (buf[i] - 48);
  return v;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** `buf[s..e)` as text (invalid UTF-8 becomes U+FFFD, as the streaming decode did). */
export function decode(buf: Uint8Array, s: number, e: number): string {
  if (e - s < 24) {
    let ascii = true;
    for (let i = s; i < e; i++)
      if (buf[i] > 127) {
        ascii = false;
        break;
      }
    if (ascii) return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
  }
  return decoder.decode(buf.subarray(s, e));
}
