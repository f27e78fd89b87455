/**
 * The segment builder (formats/trace/segments.ts) against a plain model of what it must produce:
 * segments pushed in event order, interleaved over goroutines, come out per goroutine (CSR) in push
 * order — across the growth of its columns past their first capacity, reason codes above 255 (the
 * one-byte column widening), and reduced detail (a short latest segment overwritten by the next).
 */
import { describe, expect, it } from 'vitest';
import { SegmentBuilder } from '../src/formats/trace/segments';

interface Seg {
  start: number;
  state: number;
  reason: number;
  stack: number;
  ctx: number;
}

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Pushes `n` random segments over `rows` goroutines; returns what each goroutine must hold. */
function run(b: SegmentBuilder, n: number, rows: number, maxReason: number, seed: number, mergeBelow = 0): Seg[][] {
  const r = rng(seed);
  const want: Seg[][] = Array.from({ length: rows }, () => []);
  let t = 1000;
  for (let i = 0; i < n; i++) {
    // a few busy goroutines and a long tail, as in a real trace
    const g = r() < 0.5 ? Math.floor(r() * 4) : Math.floor(r() * rows);
    t += 1 + Math.floor(r() * 3000);
    const s: Seg = { start: t + 0.25 * (i % 4), state: 1 + Math.floor(r() * 5), reason: Math.floor(r() * (maxReason + 1)), stack: Math.floor(r() * 5000) - 1, ctx: Math.floor(r() * 2 ** 32) };
    b.nextStart = s.start;
    b.push(g, s.state, s.reason, s.stack, s.ctx);
    const mine = want[g];
    const last = mine[mine.length - 1];
    if (mergeBelow > 0 && last && s.start - last.start < mergeBelow) mine[mine.length - 1] = { ...s, start: last.start };
    else mine.push(s);
  }
  return want;
}

function table(b: SegmentBuilder, rows: number, reasons: number) {
  return b.finish(rows, Int32Array.from({ length: reasons }, (_, i) => i), new Float64Array(0));
}

function expectTable(t: ReturnType<typeof table>, want: Seg[][]): void {
  expect(t.count).toBe(want.reduce((a, w) => a + w.length, 0));
  for (const col of [t.start, t.state, t.reason, t.stack, t.ctx]) expect(col.length).toBe(t.count);
  for (let g = 0; g < want.length; g++) {
    const got: Seg[] = [];
    for (let i = t.offset[g]; i < t.offset[g + 1]; i++) got.push({ start: t.start[i], state: t.state[i], reason: t.reason[i], stack: t.stack[i], ctx: t.ctx[i] });
    expect(got).toEqual(want[g]);
  }
}

describe('SegmentBuilder', () => {
  it('keeps every segment, per goroutine in push order, across growth past its first capacity', () => {
    // no size hint: the columns start at 65,536 segments and grow by half several times
    const b = new SegmentBuilder(0);
    const want = run(b, 300_000, 5_000, 40, 7);
    const t = table(b, 5_000, 41);
    expect(t.reason).toBeInstanceOf(Uint8Array);
    expectTable(t, want);
    expect(b.count).toBe(0);
  });

  it('widens the reason column when a code above 255 arrives, and when the table names more than 256 reasons', () => {
    const b = new SegmentBuilder(0);
    const want = run(b, 100_000, 700, 400, 11);
    const t = table(b, 700, 401);
    expect(t.reason).toBeInstanceOf(Uint16Array);
    expectTable(t, want);
    const b2 = new SegmentBuilder(0);
    const want2 = run(b2, 20_000, 50, 200, 12);
    const t2 = table(b2, 50, 300);
    expect(t2.reason).toBeInstanceOf(Uint16Array);
    expectTable(t2, want2);
  });

  it('sized from the input, never grown, gives the same table', () => {
    const b = new SegmentBuilder(10 << 20);
    const want = run(b, 150_000, 20_000, 20, 3);
    expectTable(table(b, 20_000, 21), want);
  });

  it('reduced detail merges a goroutine’s short latest segment into the next one, keeping its start', () => {
    const b = new SegmentBuilder(0);
    b.reduce(2000);
    const want = run(b, 200_000, 3_000, 30, 5, 2000);
    const t = table(b, 3_000, 31);
    expect(t.mergedBelowNs).toBe(2000);
    expect(t.count).toBeLessThan(200_000);
    expectTable(t, want);
  });

  it('goroutines with no segment get an empty run', () => {
    const b = new SegmentBuilder(0);
    const want = run(b, 1_000, 10, 5, 9);
    const t = table(b, 25, 6);
    expectTable(t, [...want, ...Array.from({ length: 15 }, () => [])]);
  });
});
