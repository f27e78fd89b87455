/**
 * Line splitting over byte chunks for the text formats. Decodes chunk by chunk (streaming
 * TextDecoder), so no JS string ever holds the whole file; handles \n, \r\n and lone \r, a UTF-8
 * BOM and UTF-16LE with BOM (PowerShell redirection). Line numbers are 1-based; a last line without
 * a newline is still delivered. A "line" longer than MAX_LINE characters is handed on in pieces.
 *
 * Two faces of one splitter: `forEachLineSpan` gives the decoded chunk text and the line's
 * [start, end) in it (a parser that reads lines in place allocates nothing), `forEachLine` gives
 * each line as a string.
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
