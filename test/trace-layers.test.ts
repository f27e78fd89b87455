/**
 * The v2 reader's layers on their own (src/formats/trace/v2-batches.ts, v2-generation.ts): the
 * batch cutter groups the same batches per generation whatever the chunking, and a generation's
 * tables decode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { BatchCutter, type GenerationBatches } from '../src/formats/trace/v2-batches';
import { GenerationTables } from '../src/formats/trace/v2-generation';
import { FIXTURES } from './expect';

/** What the cutter reports for `bytes` (after the header) fed in `chunk`-byte slices. */
function cut(bytes: Uint8Array, version: number, chunk: number) {
  const gens: { gen: number; threads: number[]; batches: number; events: number[][]; strings: number; stacks: number; sync: number; data: Uint8Array }[] = [];
  const problems: string[] = [];
  const cutter = new BatchCutter(version, {
    generation(g: GenerationBatches) {
      // the data is reused for the next generation: copy what the test looks at
      const events = g.threadBatches.map((b) => {
        const out: number[] = [];
        for (let i = 0; i < b.length; i += 3) out.push(...g.data.subarray(b[i], b[i] + b[i + 1]));
        return out;
      });
      gens.push({ gen: g.gen, threads: [...g.threads], batches: g.batchCount, events, strings: g.strings.length / 2, stacks: g.stacks.length / 2, sync: g.sync.length / 3, data: g.data.slice() });
    },
    lose: (m) => problems.push(m),
    problem: (m) => problems.push(m),
  });
  for (let o = 16; o < bytes.length; o += chunk) cutter.push(bytes.subarray(o, Math.min(bytes.length, o + chunk)));
  cutter.end();
  return { gens, problems };
}

describe('v2 batches', () => {
  for (const [rel, version] of [
    ['extra-traces/go1.27-multigen.trace', 26],
    ['extra-traces/go1.22-multigen.trace', 22],
  ] as const) {
    it(`${rel}: the same generations and per-thread event bytes in 1-, 7-byte and 64 KiB chunks`, () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
      const whole = cut(bytes, version, 1 << 16);
      expect(whole.problems).toEqual([]);
      expect(whole.gens.length).toBeGreaterThanOrEqual(3);
      for (const g of whole.gens) {
        expect(g.sync).toBe(1);
        expect(g.strings).toBeGreaterThan(0);
        expect(g.threads.length).toBeGreaterThan(0);
      }
      expect(whole.gens.map((g) => g.gen)).toEqual(whole.gens.map((_, i) => whole.gens[0].gen + i));
      for (const chunk of [1, 7]) {
        const c = cut(bytes, version, chunk);
        expect(c.gens.map(({ data: _, ...g }) => g)).toEqual(whole.gens.map(({ data: _, ...g }) => g));
      }
    });
  }
  it('a file cut inside a batch: the generations before it, and the cut one reported lost', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'extra-traces/go1.27-multigen.trace')));
    const c = cut(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 26, 4096);
    expect(c.gens.length).toBeGreaterThan(0);
    expect(c.problems.join()).toMatch(/truncated/);
  });
});

describe('v2 generation tables', () => {
  it('decode the frequency, strings and stacks of every generation, and map ids to the model', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'extra-traces/go1.27-multigen.trace')));
    const b = new ModelBuilder();
    const tables = new GenerationTables(b);
    let n = 0;
    const cutter = new BatchCutter(26, {
      generation(g) {
        tables.load(g, 26);
        n++;
        expect(tables.freqMul).toBe(64); // Linux: nanotime()/64
        expect(tables.wallStartUnixNs).toBeGreaterThan(1.7e18);
        expect(tables.str(0)).toBe(0);
        expect(tables.stk(0)).toBe(-1);
        expect(() => tables.stk(1 << 23)).toThrow(/invalid stack ID/);
        expect(tables.cpuSamples(g).every((t, i, a) => i === 0 || a[i - 1] <= t)).toBe(true);
      },
      lose: (m) => {
        throw new Error(m);
      },
      problem: (m) => {
        throw new Error(m);
      },
    });
    cutter.push(bytes.subarray(16));
    cutter.end();
    expect(n).toBeGreaterThanOrEqual(3);
    // strings are interned in the model only when an event uses them
    expect(b.strings.size).toBe(1);
  });
});
