/**
 * A broken, cut or altered snapshot fails with a SnapshotError that says what is wrong, never
 * with another exception: every cut length, random byte flips, and — past the checksum — bodies
 * altered and re-sealed, so the section readers and checks themselves are what is tested.
 */
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, readContent } from '../src/share/decode';
import { SnapshotError } from '../src/share/errors';
import { fromBase64Url, inflateRaw, deflateRaw, toBase64Url } from '../src/share/compress';
import { crc32, HEADER_BYTES, readHeader, writeHeader } from '../src/share/format';
import { addContent } from '../src/share/into-builder';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { analyze } from '../src/analysis/index';
import { summarize } from '../src/analysis/summary';
import { sessionWith } from './session-helpers';
import { snapshotOf } from './share-helpers';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function outcome(bytes: Uint8Array): Promise<'ok' | string> {
  try {
    await decodeSnapshot(bytes);
    return 'ok';
  } catch (e) {
    if (e instanceof SnapshotError) return e.code;
    throw e;
  }
}

const inputs = ['go1.27/debug2.txt', 'go1.27/trace.out', 'go1.26/debug2-tracebacklabels.txt', 'go1.19/schedtrace-detail.txt'];

describe('tampered snapshots give a typed error', () => {
  for (const rel of inputs) {
    it(`${rel}: every cut gives "truncated", "corrupt" or "not-a-snapshot"`, async () => {
      const { bytes } = await snapshotOf(await sessionWith([rel]));
      for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 400))) expect(['truncated', 'corrupt', 'not-a-snapshot']).toContain(await outcome(bytes.subarray(0, n)));
    });

    it(`${rel}: flipped bytes are caught`, async () => {
      const { bytes } = await snapshotOf(await sessionWith([rel]));
      const rand = rng(7);
      for (let i = 0; i < 300; i++) {
        const b = bytes.slice();
        const at = Math.floor(rand() * b.length);
        b[at] ^= 1 + Math.floor(rand() * 255);
        const r = await outcome(b);
        // byte 5 holds display flags only; everything else is covered by the magic, version, length or
        // checksum — except the few bits of the deflate stream that inflate ignores (the padding after
        // its last block): a flip there opens the very same content, which is right
        if (at !== 5 && r === 'ok') expect((await decodeSnapshot(b)).content).toEqual((await decodeSnapshot(bytes)).content);
      }
    });

    it(`${rel}: bodies altered and re-sealed never escape as another exception`, async () => {
      const { bytes } = await snapshotOf(await sessionWith([rel]));
      const head = readHeader(bytes);
      const body = await inflateRaw(bytes.subarray(HEADER_BYTES), head.bodyLength);
      const rand = rng(11);
      let opened = 0;
      for (let i = 0; i < 250; i++) {
        const b = body.slice();
        const flips = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < flips; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
        try {
          const c = readContent(b, head.version);
          // what passes the checks opens and analyses like any model
          const builder = new ModelBuilder();
          const input = builder.addInput('x', 0);
          addContent(builder, input, c, { kind: 'parkscope-snapshot', version: 1, createdMs: 0, leftOut: [], redacted: [] });
          const view = new ModelView(builder.freeze());
          summarize(view);
          for (let s = 0; s < view.model.snapshots.length; s++) analyze(view, { snapshot: s });
          opened++;
        } catch (e) {
          if (!(e instanceof SnapshotError)) throw e;
        }
      }
      expect(opened).toBeLessThan(250);
    });
  }

  it('a snapshot from a newer Parkscope says so', async () => {
    const { bytes } = await snapshotOf(await sessionWith(['go1.27/debug2.txt']));
    const b = bytes.slice();
    b[4] = 200;
    expect(await outcome(b)).toBe('newer-version');
  });

  it('a body whose length is not the one declared is refused', async () => {
    const { bytes } = await snapshotOf(await sessionWith(['go1.27/debug2.txt']));
    const head = readHeader(bytes);
    const body = await inflateRaw(bytes.subarray(HEADER_BYTES), head.bodyLength);
    const longer = new Uint8Array(body.length + 10);
    longer.set(body);
    const packed = await deflateRaw(longer);
    const b = new Uint8Array(HEADER_BYTES + packed.length);
    b.set(writeHeader({ ...head, crc: crc32(longer) }), 0);
    b.set(packed, HEADER_BYTES);
    expect(await outcome(b)).toBe('corrupt');
  });

  it('a link parameter that is not base64url is not a snapshot', () => {
    expect(() => fromBase64Url('abc$def')).toThrow(SnapshotError);
    expect(() => fromBase64Url('abcde')).toThrow(SnapshotError);
    const b = new Uint8Array(256).map((_, i) => i);
    expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    expect(fromBase64Url(toBase64Url(b.subarray(0, 255)))).toEqual(b.subarray(0, 255));
    expect(fromBase64Url(toBase64Url(b.subarray(0, 254)))).toEqual(b.subarray(0, 254));
  });

  it('text and other formats are not snapshots', async () => {
    expect(await outcome(new TextEncoder().encode('goroutine 1 [running]:\n'))).toBe('not-a-snapshot');
    expect(await outcome(new Uint8Array(0))).toBe('not-a-snapshot');
  });
});
