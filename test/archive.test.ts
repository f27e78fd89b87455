import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { expandArchive } from '../src/formats/archive';
import { bufferChunks } from '../src/formats/lines';
import { parseInput } from '../src/formats/index';
import { ModelBuilder } from '../src/model/model';
import { FIXTURES } from './expect';

const fx = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));

describe('zip archives', () => {
  it('open as one input per entry, in natural name order', async () => {
    const zip = zipSync({ 'dumps/dump-10.txt': fx('go1.27/grow-2.txt'), 'dumps/dump-2.txt': fx('go1.27/grow-1.txt'), 'dumps/': new Uint8Array(0), '__MACOSX/._x': new Uint8Array(3) });
    const srcs = await expandArchive({ name: 'series.zip', size: zip.length, chunks: bufferChunks(zip, 100) });
    expect(Array.isArray(srcs)).toBe(true);
    const list = srcs as Parameters<typeof parseInput>[1][];
    expect(list.map((s) => s.name)).toEqual(['series.zip/dumps/dump-2.txt', 'series.zip/dumps/dump-10.txt']);
    const b = new ModelBuilder();
    for (const s of list) await parseInput(b, s);
    expect(b.snapshots.map((s) => s.rowEnd - s.rowStart)).toEqual([53, 66]);
  });

  it('a damaged archive is a clear error', async () => {
    const zip = zipSync({ 'a.txt': fx('go1.27/debug2.txt') });
    const res = await expandArchive({ name: 'bad.zip', size: 100, chunks: bufferChunks(zip.subarray(0, 100)) });
    expect(Array.isArray(res)).toBe(false);
    expect((res as { error: string }).error).toMatch(/^zip archive is damaged/);
  });

  it('anything else passes through unchanged', async () => {
    const bytes = fx('go1.27/debug2.txt');
    const res = await expandArchive({ name: 'd.txt', size: bytes.length, chunks: bufferChunks(bytes, 3) });
    expect(Array.isArray(res) && res.length).toBe(1);
  });
});
