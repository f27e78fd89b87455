/**
 * The permalink and `.parkscope` decoders under fuzzing: real snapshots (made from fixtures the
 * way the page makes them) damaged like the other binary inputs, opened through the one load path
 * as a dropped `.parkscope` file; their bodies damaged and re-sealed, so the section readers and
 * their checks are what is hit (past the checksum); and link text damaged before base64url decoding.
 * Properties: a result or a SnapshotError — never another exception — and whatever opens
 * analyses like any model.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeSnapshot, readContent } from '../../src/share/decode';
import { SnapshotError } from '../../src/share/errors';
import { deflateRaw, fromBase64Url, inflateRaw, toBase64Url } from '../../src/share/compress';
import { crc32, HEADER_BYTES, readHeader, writeHeader } from '../../src/share/format';
import { addContent } from '../../src/share/into-builder';
import { ModelBuilder } from '../../src/model/model';
import { ModelView } from '../../src/model/read';
import { analyze } from '../../src/analysis/index';
import { summarize } from '../../src/analysis/summary';
import { sessionWith } from '../session-helpers';
import { snapshotOf } from '../share-helpers';
import { apply, broken, damaged, mutation, parseCase, PARAMS, RUNS } from './harness';

const SOURCES = [['go1.27/debug2.txt'], ['go1.27/trace.out'], ['go1.26/debug2-tracebacklabels.txt'], ['go1.19/schedtrace-detail.txt'], ['go1.27/grow-1.txt', 'go1.27/grow-2.txt']];
const TIMEOUT = Math.max(120_000, RUNS * 2_000);

async function corpus(): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const rels of SOURCES) out.push((await snapshotOf(await sessionWith(rels))).bytes);
  return out;
}

/** Opens re-sealed content like the load path does; only a SnapshotError may come out. */
function openContent(body: Uint8Array, version: number): 'opened' | 'refused' {
  try {
    const c = readContent(body, version);
    const builder = new ModelBuilder();
    const input = builder.addInput('x', 0);
    addContent(builder, input, c, { kind: 'parkscope-snapshot', version: 1, createdMs: 0, leftOut: [], redacted: [] });
    const view = new ModelView(builder.freeze());
    summarize(view);
    for (let s = 0; s < view.model.snapshots.length; s++) analyze(view, { snapshot: s });
    return 'opened';
  } catch (e) {
    if (e instanceof SnapshotError) return 'refused';
    throw e;
  }
}

describe('fuzz: permalinks and .parkscope snapshots', () => {
  let snaps: Uint8Array[] = [];

  it(`${RUNS} damaged .parkscope files through the load path: a snapshot or a typed error`, { timeout: TIMEOUT }, async () => {
    snaps = await corpus();
    await fc.assert(
      fc.asyncProperty(damaged(snaps, true), async (c) => {
        const o = await parseCase(c.bytes, c.chunk, 'shared.parkscope');
        const why = broken(o, c.bytes);
        if (why) throw new Error(`${why} (snapshot of ${SOURCES[c.file].join('+')}, steps ${JSON.stringify(c.steps).slice(0, 400)})`);
      }),
      PARAMS,
    );
  });

  it(`${RUNS} bodies damaged and re-sealed: the section readers refuse with a SnapshotError or open a model that analyses`, { timeout: TIMEOUT }, async () => {
    if (!snaps.length) snaps = await corpus();
    const bodies = await Promise.all(snaps.map(async (b) => ({ head: readHeader(b), body: await inflateRaw(b.subarray(HEADER_BYTES), readHeader(b).bodyLength) })));
    const arb = fc.nat({ max: bodies.length - 1 }).chain((file) => fc.record({ file: fc.constant(file), steps: fc.array(mutation(bodies[file].body.length, bodies.length, true), { minLength: 1, maxLength: 3 }) }));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(arb, async ({ file, steps }) => {
        let body = bodies[file].body;
        for (const s of steps) body = apply(body, s, bodies.map((x) => x.body));
        if (openContent(body, bodies[file].head.version) === 'refused') refused++;
        // and sealed as a real file would be: the whole decoder, header and checksum included
        const packed = await deflateRaw(body);
        const whole = new Uint8Array(HEADER_BYTES + packed.length);
        whole.set(writeHeader({ ...bodies[file].head, bodyLength: body.length, crc: crc32(body) }), 0);
        whole.set(packed, HEADER_BYTES);
        try {
          await decodeSnapshot(whole);
        } catch (e) {
          if (!(e instanceof SnapshotError)) throw e;
        }
      }),
      PARAMS,
    );
    // the damage reaches the checks: most damaged bodies are refused
    expect(refused).toBeGreaterThan(0);
  });

  it(`${RUNS} damaged link texts: base64url and the decoder give a snapshot or a typed error`, { timeout: TIMEOUT }, async () => {
    if (!snaps.length) snaps = await corpus();
    const links = snaps.map(toBase64Url);
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/% #\n';
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), ch: fc.constantFrom(...ALPHABET) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.string({ maxLength: 8 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: links.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), async (file, edits) => {
        let s = links[file];
        for (const e of edits) {
          const at = e.at % (s.length + 1);
          s = e.kind === 'cut' ? s.slice(0, at) : e.kind === 'set' ? s.slice(0, at) + e.ch + s.slice(at + 1) : s.slice(0, at) + e.s + s.slice(at);
        }
        try {
          await decodeSnapshot(fromBase64Url(s));
        } catch (e) {
          if (!(e instanceof SnapshotError)) throw new Error(`${(e as Error).message} (link of ${SOURCES[file].join("+")}, edits ${JSON.stringify(edits)})`, { cause: e });
        }
      }),
      PARAMS,
    );
  });
});
