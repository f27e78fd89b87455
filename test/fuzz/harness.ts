/**
 * The fuzz harness (issue #15): property-based and mutation fuzzing of every parser with
 * fast-check. Each case is real bytes — random, or a real fixture damaged the ways real files get
 * damaged — parsed through the one load path; the properties every parser must keep:
 *   1. a result or a typed parse error — never another exception, never "internal error";
 *   2. time linear in the input: no input takes more than 2 s per MB (with a floor for tiny inputs);
 *   3. memory bounded by a multiple of the input: goroutine rows, frames and characters of names
 *      grow at most in proportion to the bytes read;
 *   4. a truncated input keeps everything complete before the cut (checked per format).
 * `FUZZ_RUNS` sets the cases per property (CI runs a short fixed-seed slice; `npm run fuzz` a long
 * one); `FUZZ_SEED` the seed. A failing case is printed with its seed and path so it can be kept as
 * a regression test (test/fuzz/regressions/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ModelBuilder } from '../../src/model/model';
import { parseInput } from '../../src/formats/index';
import { bufferChunks } from '../../src/formats/lines';
import { summarize, type InputSummary } from '../../src/analysis/summary';
import { ModelView } from '../../src/model/read';
import { FIXTURES } from '../expect';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** fast-check parameters shared by every property */
export const PARAMS: fc.Parameters<unknown> = { numRuns: RUNS, seed: SEED, endOnFailure: true };

export function fixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, rel)));
}

export interface Outcome {
  error: string | null;
  summary: InputSummary;
  ms: number;
  goroutines: number;
  frames: number;
  chars: number;
}

/** Parses bytes through the one entry point, in chunks of `chunk` bytes. */
export async function parseCase(bytes: Uint8Array, chunk = 1 << 16, name = 'case'): Promise<Outcome> {
  const b = new ModelBuilder();
  const t0 = performance.now();
  const i = await parseInput(b, { name, size: bytes.length, chunks: bufferChunks(bytes, Math.max(1, chunk)) });
  const ms = performance.now() - t0;
  let chars = 0;
  for (const s of b.strings.strings) chars += s.length;
  const view = new ModelView(b.freeze());
  return { error: b.inputs[i].error, summary: summarize(view).inputs[i], ms, goroutines: b.goroutineCount, frames: b.frameFunc.length, chars };
}

/** Properties 1–3 for one case. Returns a message when one is broken, else null. */
export function broken(o: Outcome, bytes: Uint8Array): string | null {
  if (o.error && /internal error/.test(o.error)) return `internal error: ${o.error}`;
  const mb = bytes.length / 1e6;
  const limit = Math.max(1000, 2000 * mb);
  if (o.ms > limit) return `took ${o.ms.toFixed(0)} ms for ${bytes.length} bytes (limit ${limit.toFixed(0)} ms)`;
  // every goroutine row, frame and name comes from bytes of the input (a goroutine header is ≥ 12
  // bytes, a frame line ≥ 3; trace events are ≥ 1 byte each): generous multiples, never unbounded
  if (o.goroutines > bytes.length + 64) return `${o.goroutines} goroutine rows from ${bytes.length} bytes`;
  if (o.frames > bytes.length + 64) return `${o.frames} frames from ${bytes.length} bytes`;
  if (o.chars > 4 * bytes.length + 4096) return `${o.chars} characters of names from ${bytes.length} bytes`;
  return null;
}

// ---- mutations: the ways real files get damaged -----------------------------------------------

export type Mutation =
  | { kind: 'flip'; at: number[]; bit: number[] }
  | { kind: 'set'; at: number[]; value: number[] }
  | { kind: 'cut'; at: number }
  | { kind: 'cutLine'; line: number }
  | { kind: 'splice'; at: number; other: number; otherAt: number }
  | { kind: 'dupLine'; line: number; times: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'crlf' }
  | { kind: 'tabs'; to: 'spaces' | 'none' }
  | { kind: 'varint'; at: number; length: number };

const LOG_PREFIXES = ['2026-12-02T10:11:12.123Z ', 'Dec 02 10:11:12 host app[123]: ', '2026/12/02 10:11:12 ', 'stderr F ', '[pod/x-1/app] ', '\u001b[31m'];

/** Mutations of binary inputs: byte damage, cuts, splices, huge varints (text transforms would only make noise). */
const BINARY = new Set<Mutation['kind']>(['flip', 'set', 'cut', 'splice', 'varint']);

export function mutation(size: number, fileCount: number, binary = false): fc.Arbitrary<Mutation> {
  return textOrBinary(size, fileCount).filter((m) => !binary || BINARY.has(m.kind));
}

function textOrBinary(size: number, fileCount: number): fc.Arbitrary<Mutation> {
  const pos = fc.nat({ max: Math.max(0, size - 1) });
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.array(pos, { minLength: 1, maxLength: 16 }), bit: fc.array(fc.nat({ max: 7 }), { minLength: 16, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.array(pos, { minLength: 1, maxLength: 24 }), value: fc.array(fc.nat({ max: 255 }), { minLength: 24, maxLength: 24 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: pos }),
    fc.record({ kind: fc.constant('cutLine' as const), line: fc.nat({ max: 4000 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: pos, other: fc.nat({ max: Math.max(0, fileCount - 1) }), otherAt: fc.nat({ max: 1 << 20 }) }),
    fc.record({ kind: fc.constant('dupLine' as const), line: fc.nat({ max: 4000 }), times: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat({ max: 4000 }) }),
    fc.record({ kind: fc.constant('prefix' as const), prefix: fc.constantFrom(...LOG_PREFIXES) }),
    fc.record({ kind: fc.constant('crlf' as const) }),
    fc.record({ kind: fc.constant('tabs' as const), to: fc.constantFrom('spaces' as const, 'none' as const) }),
    fc.record({ kind: fc.constant('varint' as const), at: pos, length: fc.integer({ min: 5, max: 12 }) }),
  );
}

function lineStarts(b: Uint8Array): number[] {
  const out = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10) out.push(i + 1);
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

/** Applies a mutation; `others` are the other files of the corpus (splices). */
export function apply(b: Uint8Array, m0: Mutation, others: Uint8Array[]): Uint8Array {
  // positions were drawn for the original file: an earlier mutation may have made it shorter
  const clamp = (x: number) => Math.min(x, b.length);
  const m = ('at' in m0 && typeof m0.at === 'number' ? { ...m0, at: clamp(m0.at) } : m0) as Mutation;
  switch (m.kind) {
    case 'flip': {
      const out = b.slice();
      m.at.forEach((a, i) => {
        if (a < out.length) out[a] ^= 1 << m.bit[i % m.bit.length];
      });
      return out;
    }
    case 'set': {
      const out = b.slice();
      m.at.forEach((a, i) => {
        if (a < out.length) out[a] = m.value[i % m.value.length];
      });
      return out;
    }
    case 'cut':
      return b.subarray(0, m.at);
    case 'cutLine': {
      const ls = lineStarts(b);
      return b.subarray(0, ls[m.line % ls.length]);
    }
    case 'splice': {
      const o = others[m.other % Math.max(1, others.length)] ?? b;
      const tail = o.subarray(Math.min(o.length, m.otherAt % Math.max(1, o.length)));
      const out = new Uint8Array(m.at + tail.length);
      out.set(b.subarray(0, m.at));
      out.set(tail, m.at);
      return out;
    }
    case 'dupLine':
    case 'dropLine': {
      const ls = lineStarts(b);
      const k = m.line % ls.length;
      const s = ls[k];
      const e = k + 1 < ls.length ? ls[k + 1] : b.length;
      const line = b.subarray(s, e);
      const times = m.kind === 'dupLine' ? m.times : 0;
      const out = new Uint8Array(b.length - line.length + line.length * (times + 1 - (m.kind === 'dropLine' ? 1 : 0)));
      out.set(b.subarray(0, s));
      let o = s;
      for (let t = 0; t < (m.kind === 'dupLine' ? times + 1 : 0); t++) {
        out.set(line, o);
        o += line.length;
      }
      out.set(b.subarray(e), o);
      return out.subarray(0, o + (b.length - e));
    }
    case 'prefix': {
      const text = dec.decode(b);
      return enc.encode(text.replace(/^/gm, m.prefix));
    }
    case 'crlf':
      return enc.encode(dec.decode(b).replace(/\n/g, '\r\n'));
    case 'tabs':
      return enc.encode(dec.decode(b).replace(/\t/g, m.to === 'spaces' ? '        ' : ''));
    case 'varint': {
      // an over-long or huge LEB128 value (0xff… continuation bytes) where a length or id was
      const out = new Uint8Array(b.length + m.length);
      out.set(b.subarray(0, m.at));
      for (let i = 0; i < m.length; i++) out[m.at + i] = i === m.length - 1 ? 0x7f : 0xff;
      out.set(b.subarray(m.at), m.at + m.length);
      return out;
    }
  }
}

/** Arbitrary: a fixture of the corpus damaged by 1–3 mutations, read in arbitrary chunk sizes. */
export function damaged(corpus: Uint8Array[], binary = false): fc.Arbitrary<{ bytes: Uint8Array; chunk: number; steps: Mutation[]; file: number }> {
  return fc
    .nat({ max: corpus.length - 1 })
    .chain((file) =>
      fc.record({
        file: fc.constant(file),
        steps: fc.array(mutation(corpus[file].length, corpus.length, binary), { minLength: 1, maxLength: 3 }),
        chunk: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 1 << 17 })),
      }),
    )
    .map(({ file, steps, chunk }) => {
      let bytes = corpus[file];
      for (const s of steps) bytes = apply(bytes, s, corpus);
      // byte-sized chunks only for small inputs: the seams are what is tested, not the generator
      return { bytes, chunk: bytes.length > 1 << 16 && chunk < 4096 ? 4096 + chunk : chunk, steps, file };
    });
}
