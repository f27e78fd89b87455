/**
 * Line splitting over byte chunks for the text formats. Decodes chunk by chunk (streaming
 * TextDecoder), so no JS string ever holds the whole file; handles \n, \r\n and lone \r, a UTF-8
 * BOM and UTF-16LE with BOM (PowerShell redirection). Line numbers are 1-based.
 */
import type { Chunks, ParseContext } from './types';

/** Lines longer than this are split: no parsed format has lines near it (labels, long names: KBs). */
export const MAX_LINE = 1 << 20;

export type LineSink = (line: string, lineNo: number) => void;

export interface LineOptions {
  /** called once at the end: whether the last line was terminated by a newline */
  onEnd?: (endedWithNewline: boolean) => void;
  /** called when a line longer than MAX_LINE characters is split (with its line number) */
  onLongLine?: (lineNo: number) => void;
  /** called with each decoded chunk of text before its lines (a per-chunk scan is cheaper than per line) */
  onText?: (text: string) => void;
}

export async function forEachLine(chunks: Chunks, ctx: ParseContext | null, sink: LineSink, opts: LineOptions = {}): Promise<number> {
  let decoder: TextDecoder | null = null;
  let carry = '';
  let lineNo = 0;
  let pendingCR = false;
  let first = true;

  const emitText = (text: string, final: boolean) => {
    let s = carry + text;
    let start = 0;
    if (pendingCR && s.charCodeAt(0) === 10) start = 1; // \r\n split across chunks
    pendingCR = false;
    const n = s.length;
    let i = start;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 13) {
        sink(s.slice(start, i), ++lineNo);
        if (c === 13) {
          if (i + 1 < n) {
            if (s.charCodeAt(i + 1) === 10) i++;
          } else pendingCR = true;
        }
        start = i + 1;
      }
      i++;
    }
    carry = start < n ? s.slice(start) : '';
    if (final && carry.length) {
      sink(carry, ++lineNo);
      carry = '';
    }
    s = '';
  };

  // Speed: find newlines with indexOf instead of a char loop when there is no CR in the chunk.
  const emitFast = (text: string) => {
    if (text.indexOf('\r') >= 0 || pendingCR) return emitText(text, false);
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      carry += text;
      return;
    }
    sink(carry + text.slice(0, nl), ++lineNo);
    carry = '';
    start = nl + 1;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      sink(text.slice(start, nl), ++lineNo);
      start = nl + 1;
    }
    carry = text.slice(start);
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
    emitFast(text);
    if (carry.length > MAX_LINE) {
      // a "line" this long is not text we parse (a binary or one-line file): hand it on in pieces
      // rather than grow one string without bound; the parser reports what it cannot read
      opts.onLongLine?.(lineNo + 1);
      sink(carry, ++lineNo);
      carry = '';
    }
  }
  const tail = decoder ? decoder.decode() : '';
  const endedWithNewline = carry.length === 0 && tail.length === 0;
  emitText(tail, true);
  opts.onEnd?.(endedWithNewline);
  return lineNo;
}

/** Chunks from one in-memory buffer (tests, CLI), sliced to `size` to exercise chunk seams. */
export async function* bufferChunks(buf: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}
