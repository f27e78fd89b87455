/**
 * Chunk seams: a file arrives in chunks of any size (1 MiB from disk, odd sizes from a network or
 * a decompressor), and a line, a CRLF, a UTF-8 sequence or a `#011` can be cut anywhere. Every text
 * fixture — traceback dumps, debug=1 text, schedtrace — must give exactly the same model in chunks
 * of 3, 7, 61 and 4093 bytes (and 1 and 2 up to 24 KiB) as in one piece. parseInput hands the parsers the chunks as they
 * came (the head it joins is for sniffing only), so these seams really reach the line splitters.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixtures, parseBytes } from './expect';
import { describeModel } from './dump-helpers';

const TEXT_FORMATS = ['goroutine-dump', 'goroutine-profile-text', 'schedtrace'];
const text = fixtures((t) => TEXT_FORMATS.includes(t.expect.format));
const SIZES = [1, 2, 3, 7, 61, 4093];
/** 1- and 2-byte chunks cost an await per byte: for the smaller files */
const sizesFor = (n: number) => (n <= 24 << 10 ? SIZES : SIZES.slice(2));

async function model(bytes: Uint8Array, chunk: number) {
  return describeModel(await parseBytes('f.txt', bytes, chunk));
}

describe('every text fixture reads the same whatever the chunk size', () => {
  it('finds the text fixtures', () => {
    expect(text.length).toBeGreaterThanOrEqual(80);
  });
  for (const [rel, truth] of text) {
    it(`${rel} (${truth.expect.format})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
      const whole = await model(bytes, bytes.length);
      expect(whole.inputs[0].error).toBeNull();
      for (const size of sizesFor(bytes.length)) expect({ size, ...(await model(bytes, size)) }).toEqual({ size, ...whole });
    });
  }
});

describe('seams inside what log transports and consoles add', () => {
  const enc = new TextEncoder();
  const dump = readFileSync(join(FIXTURES, 'go1.27/sigquit-all-gomod-current.txt'), 'utf8');
  const d1 = readFileSync(join(FIXTURES, 'go1.27/debug1.txt'), 'utf8');
  const sched = readFileSync(join(FIXTURES, 'go1.27/schedtrace-detail.txt'), 'utf8');
  const lines = (t: string) => t.replace(/\n$/, '').split('\n');
  const cases: [string, string][] = [
    ['dump, CRLF', dump.replace(/\n/g, '\r\n')],
    ['dump, lone CR', dump.replace(/\n/g, '\r')],
    ['dump, journald prefix and #011', lines(dump).map((l) => `Nov 27 06:04:01 host app[42]: ${l.replace(/\t/g, '#011')}`).join('\n')],
    ['dump, Docker JSON', lines(dump).map((l) => JSON.stringify({ log: l + '\n', stream: 'stderr' })).join('\n')],
    ['dump, non-ASCII paths and labels', dump.replaceAll('/tmp/leaky-fixtures-build/', '/home/dév/プロジェクト/').replaceAll('tenant: acme', '"tenant": "ačme"')],
    ['dump, UTF-8 BOM', '\ufeff' + dump],
    ['debug=1, CRLF', d1.replace(/\n/g, '\r\n')],
    ['debug=1, non-ASCII paths', d1.replaceAll('/tmp/leaky-fixtures-build/', '/home/dév/プロジェクト/')],
    ['schedtrace, CRLF', sched.replace(/\n/g, '\r\n')],
  ];
  for (const [name, t] of cases) {
    it(name, async () => {
      const bytes = enc.encode(t);
      const whole = await model(bytes, bytes.length);
      expect(whole.inputs[0].error).toBeNull();
      for (const size of SIZES) expect({ size, ...(await model(bytes, size)) }).toEqual({ size, ...whole });
    });
  }
});
