/**
 * Line splitting for the debug=1 parser without a string per line: the sink gets the decoded
 * chunk text and the line's [start, end) in it, so lines the parser can read in place (a record's
 * `COUNT @ …` line, the empty line that ends it) cost no allocation. Same line semantics as
 * ../lines.ts (`forEachLine`): \n, \r\n and lone \r, a UTF-8 BOM dropped, UTF-16LE with BOM,
 * 1-based line numbers, a last line without a newline still delivered; never one string of the
 * whole file (a chunk's text at a time).
 */
import type { Chunks, ParseContext } from '../types';

export interface SpanSink {
  /** `s.slice(start, end)` is the line (without its newline); `s` is only valid during the call */
  line(s: string, start: number, end: number, lineNo: number): void;
}

export async function forEachLineSpan(chunks: Chunks, ctx: ParseContext | null, sink: SpanSink): Promise<number> {
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
    fast(decoder!.decode(c, { stream: true }));
  }
  const tail = decoder ? decoder.decode() : '';
  slow(tail, true);
  return lineNo;
}
