/**
 * Line splitting over byte chunks for the text formats. Decodes chunk by chunk (streaming
 * TextDecoder), so no JS string ever holds the whole file; handles \n, \r\n and lone \r, a UTF-8
 * BOM and UTF-16LE with BOM (PowerShell redirection). Line numbers are 1-based; a last line without
 * a newline is still delivered. A "line" longer than MAX_LINE characters is handed on in pieces.
 *
 * Two faces of one splitter: `forEachLineSpan` gives the decoded chunk text and the line's
 * [start, end) in it (a parser that reads lines in place allocates nothing), `forEachLine` gives
 * each line as a string.
 *
 * `forEachRegion` is the byte-level splitter for parsers that scan bytes and decode only what they
 * keep (the traceback parser): it hands on runs of whole lines, undecoded.
 */
import type { Chunks, ParseContext } from './types';

export type LineSink = (line: string, lineNo: number) => void;

export interface SpanSink {
  /** `s.slice(start, end)` is the line (without its newline); `s` is only valid during the call */
  line(s: string, start: number, end: number, lineNo: number): void;
}

export interface LineOptions {
  /** called once at the end: whether the last line was terminated by a newline */
  onEnd?: (endedWithNewline: boolean) => void;
  /** called when a line longer than MAX_LINE characters is split (with its line number) */
  onLongLine?: (lineNo: number) => void;
  /** called with each decoded chunk of text before its lines (a per-chunk scan is cheaper than per line) */
  onText?: (text: string) => void;
}

/** Lines longer than this are split: no parsed format has lines near it (labels, long names: KBs). */
export const MAX_LINE = 1 << 20;

export async function forEachLine(chunks: Chunks, ctx: ParseContext | null, sink: LineSink, opts: LineOptions = {}): Promise<number> {
  return forEachLineSpan(chunks, ctx, { line: (s, start, end, no) => sink(start === 0 && end === s.length ? s : s.slice(start, end), no) }, opts);
}

export async function forEachLineSpan(chunks: Chunks, ctx: ParseContext | null, sink: SpanSink, opts: LineOptions = {}): Promise<number> {
  let decoder: TextDecoder | null = null;
  let carry = '';
  let lineNo = 0;
  let pendingCR = false;
  let first = true;

  /** Generic path (CR present, or a CR ended the previous text): char by char. */
  const slow = (text: string, final: boolean) => {
    const s = carry + text;
    carry = '';
    let start = 0;
    if (pendingCR && s.charCodeAt(0) === 10) start = 1; // \r\n split across chunks
    pendingCR = false;
    const n = s.length;
    for (let i = start; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 13) {
        sink.line(s, start, i, ++lineNo);
        if (c === 13) {
          if (i + 1 < n) {
            if (s.charCodeAt(i + 1) === 10) i++;
          } else pendingCR = true;
        }
        start = i + 1;
      }
    }
    if (start < n) {
      if (final) sink.line(s, start, n, ++lineNo);
      else carry = s.slice(start);
    }
  };

  /** No CR in the text: newlines by indexOf; the carried partial line is joined with the first line only. */
  const fast = (text: string) => {
    if (pendingCR || text.indexOf('\r') >= 0) return slow(text, false);
    let nl = text.indexOf('\n');
    if (nl < 0) {
      carry += text;
      return;
    }
    let start = 0;
    if (carry.length) {
      const l = carry + text.slice(0, nl);
      carry = '';
      sink.line(l, 0, l.length, ++lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      sink.line(text, start, nl, ++lineNo);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = start < text.length ? text.slice(start) : '';
  };

  for await (const chunk of chunks) {
    ctx?.checkCancelled?.();
    let c = chunk;
    if (first) {
      first = false;
      if (c[0] === 0xff && c[1] === 0xfe) {
        decoder = new TextDecoder('utf-16le');
        c = c.subarray(2);
      } else {
        decoder = new TextDecoder('utf-8', { ignoreBOM: false });
      }
    }
    const text = decoder!.decode(c, { stream: true });
    opts.onText?.(text);
    fast(text);
    if (carry.length > MAX_LINE) {
      // a "line" this long is not text we parse (a binary or one-line file): hand it on in pieces
      // rather than grow one string without bound; the parser reports what it cannot read
      opts.onLongLine?.(lineNo + 1);
      sink.line(carry, 0, carry.length, ++lineNo);
      carry = '';
    }
  }
  const tail = decoder ? decoder.decode() : '';
  const endedWithNewline = carry.length === 0 && tail.length === 0;
  slow(tail, true);
  opts.onEnd?.(endedWithNewline);
  return lineNo;
}

/** Chunks from one in-memory buffer (tests, CLI), sliced to `size` to exercise chunk seams. */
export async function* bufferChunks(buf: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}

export interface RegionSink {
  /**
   * `buf[start..end)` is a run of whole lines, each ended by `\n`, `\r\n` or a lone `\r`, and
   * `buf[end - 1]` is `\n` or `\r` — a scanner may run to the next line end without a bounds check.
   * A `\r\n` cut by a chunk seam arrives as `\r` (the `\n` is dropped). Text is UTF-8 (a BOM is
   * dropped, UTF-16LE transcoded). `buf` is never written to afterwards: views into it stay valid.
   */
  region(buf: Uint8Array, start: number, end: number): void;
}

export interface RegionOptions {
  /** called once at the end: whether the last line was terminated by a newline */
  onEnd?: (endedWithNewline: boolean) => void;
  /** called when a line longer than MAX_LINE bytes is split (with the number of lines before it) */
  onLongLine?: () => void;
}

/**
 * Splits byte chunks into runs of whole lines without decoding them. A chunk's lines are handed on
 * in place (up to its last line end); a line cut by a chunk seam is joined into a small buffer of
 * its own. A line longer than MAX_LINE bytes is handed on in pieces (each piece a line).
 */
export async function forEachRegion(chunks: Chunks, ctx: ParseContext | null, sink: RegionSink, opts: RegionOptions = {}): Promise<void> {
  let carry = new Uint8Array(4096);
  let carryLen = 0;
  /** the last region ended with \r: a \n that starts the next chunk belongs to it */
  let skipLF = false;
  let head: Uint8Array | null = new Uint8Array(0);
  let utf16: TextDecoder | null = null;
  const encoder = new TextEncoder();

  const append = (c: Uint8Array, from: number, to: number) => {
    const n = to - from;
    if (carryLen + n > carry.length) {
      let cap = carry.length * 2;
      while (cap < carryLen + n) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(carry.subarray(0, carryLen));
      carry = next;
    }
    carry.set(c.subarray(from, to), carryLen);
    carryLen += n;
  };
  /** the carried partial line, ended by `\n` if it has no line end of its own, as a region */
  const flushCarry = () => {
    const last = carry[carryLen - 1];
    const own = last === 10 || last === 13;
    const out = new Uint8Array(carryLen + (own ? 0 : 1));
    out.set(carry.subarray(0, carryLen));
    if (!own) out[carryLen] = 10;
    carryLen = 0;
    sink.region(out, 0, out.length);
  };

  const take = (c: Uint8Array) => {
    const n = c.length;
    let p = 0;
    if (skipLF && n > 0) {
      skipLF = false;
      if (c[0] === 10) p = 1;
    }
    if (carryLen > 0 && p < n) {
      // the line cut by the seam: up to the first line end of this chunk
      let t = p;
      while (t < n && c[t] !== 10 && c[t] !== 13) t++;
      if (t === n) {
        append(c, p, n);
        if (carryLen > MAX_LINE) {
          opts.onLongLine?.();
          flushCarry();
        }
        return;
      }
      let after = t + 1;
      if (c[t] === 13) {
        if (after < n) {
          if (c[after] === 10) after++;
        } else skipLF = true;
      }
      append(c, p, after);
      flushCarry();
      p = after;
    }
    if (p >= n) return;
    let end = c.lastIndexOf(10) + 1;
    // a chunk without any \n: lone-CR line ends, or one long line
    if (end <= p) end = c.lastIndexOf(13) + 1;
    if (end > p) {
      sink.region(c, p, end);
      if (c[end - 1] === 13 && end === n) skipLF = true;
      p = end;
    }
    if (p < n) {
      append(c, p, n);
      if (carryLen > MAX_LINE) {
        opts.onLongLine?.();
        flushCarry();
      }
    }
  };

  const start = (c: Uint8Array) => {
    if (c[0] === 0xff && c[1] === 0xfe) {
      utf16 = new TextDecoder('utf-16le');
      c = c.subarray(2);
    } else if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
    return c;
  };

  for await (const chunk of chunks) {
    ctx?.checkCancelled?.();
    let c = chunk;
    if (head) {
      // the first three bytes decide the encoding (a BOM): wait for them
      const joined: Uint8Array = new Uint8Array(head.length + c.length);
      joined.set(head);
      joined.set(c, head.length);
      if (joined.length < 3) {
        head = joined;
        continue;
      }
      head = null;
      c = start(joined);
    }
    if (utf16) c = encoder.encode((utf16 as TextDecoder).decode(c, { stream: true }));
    take(c);
  }
  if (head && head.length) take(start(head));
  if (utf16) take(encoder.encode((utf16 as TextDecoder).decode()));
  const endedWithNewline = carryLen === 0;
  if (carryLen > 0) flushCarry();
  opts.onEnd?.(endedWithNewline);
}
