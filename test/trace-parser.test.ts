/**
 * Unit tests of the execution-trace parser: varints, streaming seams (parseTrace fed directly,
 * 1..7-byte chunks), truncated traces, unknown versions, non-trace bytes, the model tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { GoState, TraceGFlag, goroutineFirstSegment, goroutineSegmentCount, segmentEnd, type TraceModel } from '../src/model/trace';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { ParseError, type ParseContext } from '../src/formats/types';
import { parseTrace, type TraceParseOptions } from '../src/formats/trace/parse-trace';
import { readUvarint, uvarintHot, varintEnd } from '../src/formats/varint';
import { Column } from '../src/model/columns';
import { FIXTURES, fixtures, type Truth } from './expect';

const read = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));
const truthOf = (rel: string) => JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as Truth;
/** The fields of a summary that a truth file gives (go1.* truths predate atEndLastKnown, detail, segments). */
const fieldsOf = (got: unknown, want: Record<string, unknown>) => Object.fromEntries(Object.keys(want).map((k) => [k, (got as Record<string, unknown>)[k]]));
/** What reduced detail may change: the segments and the detail level. */
const exactPart = (t: Record<string, unknown>) => Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'segments' && k !== 'detail'));

/** Feeds `bytes` straight into parseTrace in `chunk`-byte slices (no 1 MiB head join). */
async function direct(bytes: Uint8Array, chunk: number, opts: TraceParseOptions = {}): Promise<{ b: ModelBuilder; trace: TraceModel; warnings: string[] }> {
  const b = new ModelBuilder();
  const input = b.addInput('t', bytes.length);
  const ctx: ParseContext = { builder: b, input, fileName: 't', totalBytes: bytes.length };
  const version = Number(/^go 1\.(\d+) trace/.exec(String.fromCharCode(...bytes.subarray(0, 16)))![1]);
  await parseTrace(ctx, bufferChunks(bytes, chunk), version, opts);
  return { b, trace: b.traces[b.inputs[input].trace], warnings: b.inputs[input].warnings };
}

async function viaInput(bytes: Uint8Array, name = 'x') {
  const b = new ModelBuilder();
  const i = await parseInput(b, { name, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) });
  return { b, input: b.inputs[i], trace: b.inputs[i].trace >= 0 ? b.traces[b.inputs[i].trace] : null };
}

function header(n: number): Uint8Array {
  const h = new Uint8Array(16);
  const s = `go 1.${n} trace`;
  for (let i = 0; i < s.length; i++) h[i] = s.charCodeAt(i);
  return h;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('varints', () => {
  it('decodes one- and multi-byte values', () => {
    expect(readUvarint(Uint8Array.of(0), 0)).toEqual([0, 1]);
    expect(readUvarint(Uint8Array.of(0x7f), 0)).toEqual([127, 1]);
    expect(readUvarint(Uint8Array.of(0x80, 0x01), 0)).toEqual([128, 2]);
    expect(readUvarint(Uint8Array.of(0xe5, 0x61), 0)).toEqual([0x65 + (0x61 << 7), 2]);
    expect(readUvarint(Uint8Array.of(9, 0xa8, 0xd6, 0xb9, 0x07), 1)).toEqual([15_625_000, 5]);
  });
  it('accepts the padded 10-byte batch size encoding', () => {
    expect(readUvarint(Uint8Array.of(0x8d, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), 0)).toEqual([13, 10]);
  });
  it('maps 2^64−1 to −1 and keeps 2^53−1 exact', () => {
    expect(readUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 0)).toEqual([-1, 10]);
    expect(readUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f), 0)).toEqual([2 ** 53 - 1, 8]);
  });
  it('rejects cut and over-long varints', () => {
    expect(readUvarint(Uint8Array.of(0x80, 0x80), 0)).toBeNull();
    expect(readUvarint(new Uint8Array(11).fill(0x80), 0)).toBeNull();
    expect(readUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02), 0)).toBeNull();
    expect(readUvarint(Uint8Array.of(0x80, 0x80, 0x01), 0, 2)).toBeNull(); // cut by `end`
  });
  it('the hot-loop variant reads the same values and turns a cut value into NaN', () => {
    for (const bytes of [[0], [0x7f], [0x80, 0x01], [0xe5, 0x61], [0x8d, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]]) {
      const b = Uint8Array.from(bytes);
      const v = uvarintHot(b, 0);
      expect([v, varintEnd]).toEqual(readUvarint(b, 0));
    }
    expect(uvarintHot(Uint8Array.of(0x80, 0x80), 0)).toBeNaN();
    expect(uvarintHot(new Uint8Array(11).fill(0x80), 0)).toBeNaN();
  });
});

describe('streaming: chunk seams', () => {
  const all = fixtures((t) => t.expect.format === 'execution-trace');
  for (const chunk of [1, 2, 3, 4, 5, 6, 7, 4096]) {
    it(`every trace fixture gives its truth when fed in ${chunk}-byte chunks`, async () => {
      for (const [rel, truth] of all) {
        const { trace } = await direct(read(rel), chunk);
        expect(fieldsOf(trace.summary, truth.expect.trace!), `${rel} @${chunk}`).toEqual(truth.expect.trace);
      }
    });
  }
});

describe('truncated traces', () => {
  it('go 1.26 format: keeps the complete generations, drops the cut one and warns', async () => {
    const rel = 'extra-traces/go1.27-multigen.trace';
    const bytes = read(rel);
    const full = await direct(bytes, 1 << 16);
    expect(full.trace.generations).toBeGreaterThanOrEqual(3);
    for (const frac of [0.5, 0.77, 0.999]) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * frac));
      const r = await direct(cut, 1000);
      expect(r.trace.incomplete).toBe(true);
      expect(r.trace.generations).toBeLessThan(full.trace.generations);
      expect(r.trace.droppedGenerations).toBe(1);
      expect(r.warnings.join('\n')).toMatch(/truncated/);
      expect(r.trace.summary.events).toBeLessThan(full.trace.summary.events);
      // counts of the kept generations are a prefix: never more than the whole file's
      for (const [k, v] of Object.entries(r.trace.summary.transitions)) expect(v).toBeLessThanOrEqual(full.trace.summary.transitions[k] ?? 0);
    }
  });
  it('cut inside the first generation: no complete generation, a clear error', async () => {
    const r = await viaInput(read('extra-traces/go1.27-multigen.trace').subarray(0, 2000));
    expect(r.input.error).toMatch(/no readable generation: .*truncated/);
  });
  it('go 1.22 format (no end marker): a cut inside a batch drops the last generation', async () => {
    const bytes = read('extra-traces/go1.22-multigen.trace');
    const full = await direct(bytes, 1 << 16);
    const r = await direct(bytes.subarray(0, bytes.length - 5), 333);
    expect(r.trace.generations).toBe(full.trace.generations - 1);
    expect(r.warnings.join('\n')).toMatch(/ends inside the batch at byte \d+.*truncated/);
  });
  it('a file of only the header is an empty trace with a warning, not an error', async () => {
    const r = await viaInput(header(26));
    expect(r.input.error).toBeNull();
    expect(r.trace!.summary.events).toBe(1);
    expect(r.input.warnings.join()).toMatch(/no complete generation/);
  });
  it('old format cut short: a clear error (it cannot be read without its end)', async () => {
    const bytes = read('go1.21/trace.out');
    const r = await viaInput(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r.input.error).toMatch(/old-format trace \(go 1\.21\): .*(truncated|not stopped cleanly)/);
  });
});

describe('versions and non-trace input', () => {
  it('unknown versions get a clear message', async () => {
    for (const n of [24, 27, 30, 99]) {
      const r = await viaInput(cat(header(n), new Uint8Array(100)));
      expect(r.input.format).toBe('execution-trace');
      expect(r.input.error).toMatch(new RegExp(`unknown or unsupported trace version go 1\\.${n}\\b`));
    }
  });
  it('too-old versions say so', async () => {
    for (const n of [5, 8, 10]) {
      const r = await viaInput(cat(header(n), new Uint8Array(100)));
      expect(r.input.error).toMatch(new RegExp(`go 1\\.${n}.*too old`));
    }
  });
  it('a malformed header is refused', async () => {
    const h = header(26);
    h[15] = 0x41;
    const r = await viaInput(cat(h, new Uint8Array(40)));
    expect(r.input.error).toMatch(/not a Go execution trace|header/);
  });
  it('a pprof profile after a trace header: an error with the byte offset, not a crash', async () => {
    const pb = gunzipSync(read('go1.27/goroutine.pb.gz'));
    for (const n of [22, 26]) {
      const r = await viaInput(cat(header(n), new Uint8Array(pb)));
      expect(r.input.error).toMatch(/byte \d+/);
      expect(r.input.error).not.toMatch(/internal error/);
    }
    const r1 = await viaInput(cat(header(21), new Uint8Array(pb)));
    expect(r1.input.error).toMatch(/old-format trace/);
  });
  it('random bytes: rejected by the sniffer, and after a trace header an error, never an internal error', async () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const junk = Uint8Array.from({ length: 5000 }, rnd);
    const r = await viaInput(junk);
    expect(r.input.error).toBeTruthy();
    for (const n of [11, 19, 21, 22, 23, 25, 26]) {
      const t = await viaInput(cat(header(n), junk));
      expect(t.input.error).toBeTruthy();
      expect(t.input.error).not.toMatch(/internal error/);
    }
  });
  it('damaged fixtures (bytes flipped) never give an internal error', async () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (const rel of ['go1.19/trace.out', 'go1.21/trace.out', 'go1.22/trace.out', 'go1.23/trace.out', 'go1.27/trace.out']) {
      const base = read(rel);
      for (let k = 0; k < 60; k++) {
        const b = base.slice();
        for (let j = 0; j < 1 + (k % 4); j++) b[16 + rnd(b.length - 16)] = rnd(256);
        const r = await viaInput(b);
        expect(r.input.error ?? '', rel).not.toMatch(/internal error/);
      }
    }
  });
});

describe('the trace model', () => {
  it('goroutine table, segments and end states agree with the summary', async () => {
    const { b, trace } = await direct(read('go1.27/trace.out'), 1 << 16);
    const g = trace.goroutines;
    const s = trace.summary;
    expect(g.count).toBe(s.goroutines);
    let created = 0;
    let ended = 0;
    let alive = 0;
    for (let r = 0; r < g.count; r++) {
      if (g.flags[r] & TraceGFlag.Created) created++;
      if (g.flags[r] & TraceGFlag.Ended) ended++;
      if (g.lastState[r] !== GoState.NotExist) alive++;
      // the goroutine's segments: consecutive, in time order, the last one in its last state
      const first = goroutineFirstSegment(trace, r);
      const n = goroutineSegmentCount(trace, r);
      expect(n).toBeGreaterThan(0);
      let t = -Infinity;
      for (let seg = first; seg < first + n; seg++) {
        expect(trace.segments.start[seg]).toBeGreaterThanOrEqual(t);
        expect(segmentEnd(trace, seg)).toBeGreaterThanOrEqual(trace.segments.start[seg]);
        expect(segmentEnd(trace, seg, r)).toBe(segmentEnd(trace, seg));
        t = trace.segments.start[seg];
      }
      if (g.lastState[r] !== GoState.NotExist) expect(trace.segments.state[first + n - 1]).toBe(g.lastState[r]);
    }
    expect(created).toBe(s.created);
    expect(ended).toBe(s.destroyed);
    expect(alive).toBe(s.aliveAtEnd);
    let sites = 0;
    for (let i = 0; i < trace.atEnd.count; i++) sites += trace.atEnd.goroutines[i];
    expect(sites).toBe(s.aliveAtEnd);
    // the worker pool (main.poolWorker) ends; the leaked chan_send producers are blocked at the end
    const str = (id: number) => b.strings.get(id);
    const pool = [...Array(g.count).keys()].filter((r) => str(g.startFunc[r]) === 'main.poolWorker');
    expect(pool.length).toBe(20);
    expect(pool.every((r) => g.flags[r] & TraceGFlag.Ended)).toBe(true);
    const produce = [...Array(g.count).keys()].filter((r) => str(g.startFunc[r]) === 'main.(*Pipeline).produce');
    expect(produce.length).toBe(7);
    for (const r of produce) {
      expect(g.lastState[r]).toBe(GoState.Waiting);
      expect(str(g.lastReason[r])).toBe('chan send');
      expect(g.lastStack[r]).toBeGreaterThanOrEqual(0);
    }
    // state-flow matrix totals equal the summary's transitions
    const total = Object.values(s.transitions).reduce((a, x) => a + x, 0);
    expect(trace.goroutineFlow.transitions.reduce((a, x) => a + x, 0)).toBe(total);
    expect(trace.durationNs).toBeGreaterThan(100e6); // the program idles 100 ms before Stop
    expect(trace.stw.count).toBeGreaterThan(0);
    expect(trace.detail.full).toBe(true);
  });
  it('old-format traces get the same tables', async () => {
    const { trace } = await direct(read('go1.19/trace.out'), 1 << 16);
    expect(trace.family).toBe('v1');
    expect(trace.goroutines.count).toBe(trace.summary.goroutines);
    expect(trace.segments.count).toBeGreaterThan(trace.summary.created);
  });
  it('above the detail limit: reduced detail (short segments merged), the same exact counts, and a message', async () => {
    const rel = 'extra-traces/go1.26-multigen.trace';
    const truth = truthOf(rel).expect.trace!;
    const { trace } = await direct(read(rel), 1 << 16, { detailLimitBytes: 1000 });
    expect(trace.detail.full).toBe(false);
    expect(trace.detail.level).toBe('reduced');
    expect(trace.detail.message).toMatch(/merged/);
    expect(trace.summary.detail).toBe('reduced');
    expect(trace.segments.mergedBelowNs).toBeGreaterThan(0);
    expect(trace.summary.segments).toBe(trace.segments.count);
    expect(trace.segments.count).toBeGreaterThan(0);
    expect(trace.segments.count).toBeLessThan(truth.segments as number);
    expect(exactPart(trace.summary as unknown as Record<string, unknown>)).toEqual(exactPart(truth));
    expect(trace.goroutines.count).toBe(trace.summary.goroutines);
    // every goroutine keeps a timeline, and the table's times stay exact
    const full = (await direct(read(rel), 1 << 16)).trace;
    for (let r = 0; r < trace.goroutines.count; r++) {
      expect(goroutineSegmentCount(trace, r)).toBeGreaterThan(0);
      expect(trace.goroutines.waitingNs[r]).toBe(full.goroutines.waitingNs[r]);
    }
    expect(trace.procSegments.count).toBe(full.procSegments.count);
  });
  it('too many segments for memory: detail reduced during the parse, the same counts, and a message', async () => {
    const rel = 'extra-traces/go1.26-multigen.trace';
    const { trace } = await direct(read(rel), 1 << 16, { maxDetailSegments: 1000 });
    expect(trace.detail.full).toBe(false);
    expect(trace.detail.message).toMatch(/state changes/);
    expect(trace.segments.count).toBeGreaterThan(1000);
    expect(exactPart(trace.summary as unknown as Record<string, unknown>)).toEqual(exactPart(truthOf(rel).expect.trace!));
    const v1 = await direct(read('extra-traces/go1.19-multigen.trace'), 1 << 16, { maxDetailSegments: 1000 });
    expect(v1.trace.detail.full).toBe(false);
    expect(exactPart(v1.trace.summary as unknown as Record<string, unknown>)).toEqual(exactPart(truthOf('extra-traces/go1.19-multigen.trace').expect.trace!));
  });
  it('is plain data (no Map/Set/class instances)', async () => {
    const { trace } = await direct(read('go1.23/trace.out'), 1 << 16);
    const visit = (v: unknown): void => {
      if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return;
      expect(Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype).toBe(true);
      for (const x of Object.values(v as object)) visit(x);
    };
    visit(trace);
    expect(() => structuredClone(trace)).not.toThrow();
  });
  it('parse errors are ParseErrors', async () => {
    const b = new ModelBuilder();
    const input = b.addInput('t', 20);
    const ctx: ParseContext = { builder: b, input, fileName: 't', totalBytes: 20 };
    await expect(parseTrace(ctx, bufferChunks(cat(header(24), new Uint8Array(4)), 3), 24)).rejects.toBeInstanceOf(ParseError);
  });
});

describe('growable columns', () => {
  it('grow by doubling, give exactly `length` items, and stop at maxItems', () => {
    const c = new Column(Float64Array, 16);
    for (let i = 0; i < 9000; i++) c.push(i * 1.5);
    c.data[3] = -1;
    expect(c.trimmed().length).toBe(9000);
    const a = c.take();
    expect(a.length).toBe(9000);
    expect(a[3]).toBe(-1);
    expect(a[8999]).toBe(8999 * 1.5);
    expect(c.length).toBe(0);
    const d = new Column(Int32Array, 4, 5000);
    for (let i = 0; i < 5000; i++) d.push(i);
    expect(() => d.push(1)).toThrow(RangeError);
    expect(d.take()).toHaveLength(5000);
    d.clear();
    d.push(7);
    expect(Array.from(d.take())).toEqual([7]);
  });
});

/**
 * A Go 1.21 trace (bench/tracegen-like program: blocking nanosleep and pipe reads next to busy
 * goroutines, 300 ms) where 71 GoSysExits carry an earlier exit time and 31 of them move before
 * other events: the old-format reader's second ordering pass must put them where Go's stable sort
 * does. Expected summary: `go tool trace -d=parsed` (Go 1.27) through derive-expect.py.
 */
const SYSCALLS_21_GZ_B64 = [
  'H4sICJg/CWsCA3N5cy0yMS50cmFjZQCFegl4FFW2f6p673TSSXV1dfVWWUgjYUkgIPIc5CFD0PHNUycNSWBKIUIa8wkJE/A57/++976wL0JYhQRFAZESGBEU',
  'ZJNFguBClEU2JT5UQFkVQVBQ/P/OvV2ZOH//Dh8nt+rWveeee+7Zb4+sye5WUNQte1xtxfDKlJSUe1OeXjnt/HJbsU2sbycJ+kDPwK8yvPXfW/2CHpK0pX3s',
  'tuKDFku92yfoLknbF2mxin4xJeH066mSdqRni9Xiw6vFp1slbVeUvlpTEqJft0va4qhdKM4Q7GeE4pfXCdZ6VRZ0SdIudrdbizcIYosr3WdtWDUDqydsPsJ+',
  'IwfoZKCzynqapO3uAXQ+O8PukLTlWotVkAm7TNi3EfZNgqXF5fDbT73D0Fj8NG9xEAN9TqBh896kgR7B/q61ePM5wdbi6ijbj7w3i8ZjHUXS5hSCoAYiyOV3',
  'zvpsVhITpr6S1WK1ysBkYUvuuZP252b7s0nabNqu7GYE4fVsBOtsJoKcPve+WxyNj+ZNANcEvwcEMawfR+xi8UYwJBQGkxXtEyfh8bBtgwsrfLRtvDp8eoak',
  'XQhjdJpgnycWXxlgr1cUQVclfeYgSW8ErAd8M1DSPxwoaafzcFgbBEu9GhD0oKR91QXUK2CnTSH6TnUAdwN4tQfo7PZng9xvLbb6VFXQPZK21oFlFbDXotBZ',
  'vtcRrwG8WgNE1Du0VxWTRZWdhYcG283B+zvRYHoN0H5nayB5qSDWpwUFPU3RVgnYv2plk4HrC7YSuCoyum50IbqcbDJQz9BoJcKlEq6dYI6guNlgUL2tgAa7',
  '2WDMfSditxeHBPsHtuL38x31/pAQvyvQ4hrjT594eS47YSYRa7rihGcLFqNrKCWRFtJlVZtrAaIgiW5QtypaJRYNgUIhFHcAQbqcvmTaPEKAs02XtKZcOsEM',
  'doIkCN3pxDJMuWgBcyx+CZz10/52k8A9I9gMDas5Q7pHjT8OnJm+9LeXzEtKhSxpVUAZJKYEdYuifRQglBJDiY09FwULd9rsRgFwZIT0dDV+yAIkquK5dLCR',
  'IVFo6e9FnHHQzrDYFO1zP8kOCLMx0f/cb7cULxQcRghYUkO6Q42PAZKw6jx1jCHBgeD4amhpmckx3h7HWxDHITDGrMyhw0rHztlJPxMkjaetsgW2k6rJCpuK',
  '1xcsdNBudtAWSXsZR2lRQI3AaJ0cJOJkRhxe50VpsIcdNOZ+ZiEqVJOK10J07hKTMPBjRYjWVUydbiQJiwoVF5x1u4baz4jFb3mcRgCbdId0pxr/LzrCgOfC',
  'Vb5JJu+1xG63yahxRJmckuTibcY2WpvZsY/uAvY5YFsmMDpCuk2NDwPGDL989KdnGUZ2zk8QRg9jlF3RRpAKgE8CE8x9IrFNMcnfo9ICwCawrS/MYhJiMXz8',
  'XEDyE1jAJYcWfvB8UupAx3/TAunmSSxS8BoAN0WmZK8JZIwUZowwdjPpmKKaGrmY9NUXYTsCv84QN+WIydybIZpLg5k4v0+sD0hMqfB1ukjMCTG7gblXA2RO',
  'NdPIv0nCLuPVJutOKCSRESbDECYubPURkTIjEoOXE2Z/iBEJgWggE+7LZqhgeI8yqrJNqr4gYfJHTPNaTkQpjKH4uImkxZfLNgSSt9CrnGs6g3fDYGiaUHHN',
  'XldXYf/JVvy0222Esa49pNu5PITV9MkfMuZC3iAPZ0RiWIQJJ/BPEsiwqMze4eti2lYwg4lL8nB9eez4sI2FOAmHnMcMNghd3ou+tjelh3iraKZ1u4d2EWL8',
  'wMxnSCzUDKYgoqQdprFye3MXDSTVi5PqmhnSvWr8r4F6JVcsefNCt6DxP+jNDul5anwk9tPfr9WdWU77gdWBRzg0WNL3AObBI7wOuDpE0psBF0olfTtgJfou',
  'A5aT5yiT9G+pRf9NPJ8CbC2X9J8B36B/G+A7fFsLuFHOvx9D31S8H8X7MbTT0TcX7S30f/KApO98RNIn/VnSx6M9MISveZxwoZ0MaMbzF+Sx8HwS7T7g+RE4',
  'fnxC0qcMk/RdeG7At3fRvpyc+wz28xXgY13Sl42U9NeA95Uy/m0D5h8YlKQDsB9z9gK+Q99R0LEedJzFmDWAtwdL2pQ8u7t4szvF2CaAj+Uh/R41flsAIx9S',
  'sk/PW0GMdCgUn7wFIbWFYZjdYd2jaC12WFh/NtMVt6St6klONTfpVPUzYyX9owR2gx2cfxQUg5IZ2NFqUP0CcRmUvF4GB+JusdrDsNOesK4o2hZSMX9uSjLO',
  'eLW7PbX4aYvLeBykFYb0Tmp8EpF2lyqdms9Is6mkMOczaPE8ZowhL9+5CEsewwLBO94ZXu6EzWbcBSxqSE9T48VAIgelqTPXMWcY1DMVPV8BBbqs6Hco2otk',
  'zpX2bDfY3FU7IWzP3BwQru4JhIsElxHkZsqtxo+IZAgDkQOzOMaA7pW08STVQZn5UpeizZRIAzowKmEhjlrJBnQwqfzyTlI0jYUhzHfCRW21Ow2JW284ukW0',
  '9bCvw/r6dUlvGcDxMYVUTPu9Cm7JGsCp2Ji6ft2NrENH00ZNa4cjDOSyNWCof8rCPuYJKYbK9xFQ45+IgYSaW3Lkdk7QeBC9Ucb0xwP1ao5YsmdHOMiOIiek',
  'h9X4UyAnV+64bfe0C6Rtst5O0p+FRJ6BZL0B2Epah/Yw4FU8f1nOtWQpnjeWcSncO5iPXYV2NuAb9N+AtO7A82U8HyUpxvdP0M4iPPh2GzAV71+j/QFwGTAb',
  'cAgSfgOwOPn+Kmh5FuPG01y8XwFcKOcatR9wBM9NaG/pXCa/wfsltHsBzYCfk+0C0jS01/F9Ep6X4/kAnn8AfIfnL5Jzjpdzmmi9bwFLAGtBzybAEvR/WCpp',
  'n2bZXcUbrS7jddK2QSH9ATV+jc61vyovWDD3AhdpBKlGjGxp5xTiK4RlWVcykDhmG4v+FlMwKBcwS4tj/pwiqz12q6FwYUE8c9IOpO3CznnPryKkAumsfp+i',
  'Fyja1FQKMFSGC0JxieHqyhwXUK8kY7tethlu8nQh3arGo4GEO7fk1Mwgt7X9QnpPJo2JTjklt07HQsZj6O0Q0nPVeJ0QqC/MtpS8e7goZMylPeaH9Jga3+oC',
  'Ob8Lu99+Zc1F2iNpu17O1E1SdB9TvTxF+26yze4ovmmxGj0wVQ7pmWp8cCARzCn59DZkrz6JEMtvIKYNUO4+2vwFIXQreiGkaISkn4N9Ow/422OSvmIobCb6',
  'fsAJH0XfRtjJ7wEz8HwbFmgnwMDzyzjVW3hePETSPnm0xZoa9jAz51S04wKZlt5JpdUXYfR+2LOLsGvPAd4E5pPAuA0YGoHhbBX3MNMx7iu8P4P2hM5XO4Hn',
  'U3g+hfk38H4O7QeYtzoph/MhI2cgK0/j+WP0zQScB0wHXEXfNcBqjPlxkKSd621PK55mFY13iSUlIb1MjTeQDSoNdD579AyxBDqONOkjL9HfJ4WMOORoCUV0',
  'YcROlrDuULSGfDI6BcxcwCBMYWavLzN7EIXDlHGFKWpmrPgkn2xLVxYKwDi/o0JQZmU6jVyePEDoiigS9/X++BgjACEpbOfiTjBkK6w2w8OjfsR0+Rjmicrz',
  'P2bDxKgeZbIA0bwYppChDwtnESTcugsGql4QjQzM9bC5dwTqfbn2kpmNnYLGZNr770J6kRpfbQ0kuuSUfHj4zqDxJy46PdT4Tkhj9yxbybYvY0HjX7n1b8/D',
  'hByl39vNOy+RLCp6LkQDB3MCDP4KzH6unBueD9FuQ7sdsAPPc3FY0wFz8Px9OXdm53Fgpwfxg5uDw7kI2A24hvcPACsw92opDw0+KuXG6dNBXFgoHFiG75vR',
  'txTtLrTXAfsAE4D/vXLu6t9ICgIZrS8BP2De+xQClHHB2IJvBwGXAfPJ6KBtQbse7Um0MzH29cFcSMcP5oZ0OeEu5wZxJ+BvgPpyPodaCkMuYu6rZPTgqF++',
  '0+4rPqekGI3E9H8L6Q+r8Y9hAkpzSi7dVIPGIPQWMO6WgbvRoHZ2/qrL5KWCul/RuzEdz1K0H3pAGvYiB6TYz8VOtB6HpGTbS2429Qpy7F1Delc1PpU0/AFf',
  'yZHxP1/mpZAgbCnI2QL2LQJpe4g8wByy8WDZAmI/cv4rg/ixXRzE7f4tsuNoXwIcRN9JapPR1kyK3AbxsdeTR0nsP0eRVCn3N8tKuc2fNoxHfgcAxiBu2z/F',
  'el+VIIos5TWHPXhfl1yXbP7PyeMmkWgAjrfRHibfh76tFMkl6fkUsCVJ18vkkwZz6zQb8DxZLbyvh71YieeJGPMK3nf8mfuZlYA6ohHwv/Ax5yPwMSutKcY+',
  'YmbPkD5IjV8nZlYF/vj5BM7MAGXa3+RR8jiQklavh6mxh5I6vTbi3eZscWXJj2+axIaLsjcdaVg4smAOfw/raUxlf6doK+4gq/AgDEzAm27PKb7XBqRhxDHW',
  'MAKSI9YegjXq/VRM2IU/XVO1e4WXFlBdrdlqFUSh2eoXLcJQUWy2GYLFKgy1WJpt9YLVhj5rs22ukGkXhgqZxZRGCTHB/WDNuOynamqfqKyNien3/T67w4jK',
  'EVXDK8ZVjsiPWbzUkaitGD6uqqa6YlR+zOqinqoRoyrzH3uorq5OnNRedFTsttfteqTZNk+QnK5ma3+fO7XZtsYqu1MrpLq6R5utT/jRY81U6K8rQH9TVRqz',
  'zxZMSwdNcigjs9n2rhDGmzUjkpFZMVGo24WJj0epx6vR53nOLJ/cbM3Npr+pOfQ3I9cnV6TX1Q2Nj/Mn+uaWfHUtEEzcFYkPCCRWClHdrWgTOsGL+4QKva5u',
  'WMW3trpdw+yLrMW3010GJX9ShJRlMuIzWYtriNKyStbPh0eeKURSjCzwO6Tp/6LGP8eAO7NLNm8Kh4yFDnR31PTfq/ELUNW7c0p+nFwUNP6AXq+ma2r8vkAi',
  'HNElfKYaiiR3mDWPh5aynilpK4pgfQ9YLMa/aSmGBBIyI7rMjGqifVbJxi+zQ8gZ0N05Qh7+E4kcclRcdamJ5QxRPUPRH1X0dop25X3R7iz+Ot1qxDDcE9Ez',
  '1Hi/QCIru2TyHhjmv6AzGqH8bQpQ52l6RI0/S76si7/jus/mUfji8Os+5PKUckSRgTij5LyWlSFE8ndmRdcMnjTtL+fWcC3U4z2oyj5Y9e1DeBh6nkIyqNAV',
  'qM12wAJ8u0nJUjJE3JEM3d4u49bvIIWNZXwM1EpfiOdDgDfKuCpT2Edjvk6aonWk1hh3ntS5jJsOMkvH8fwapT/lLATUD5XyNT4r5QHKjjJuzkjtb5ZyK0/m',
  '6zRZ8CRtL5RzL7SsnFv3Q0nTR+8vlnFvQ2Hz5CTNS5OhMYW86NfOKPDVu11OowrCQklGpgZ+az9SsS+K7CsjSpWUpZRLaAh9RC2eCv5nKR2/PMP4j+AHadb0',
  'AmDZ47AZfmBwaVT/GY1h3qD69ZQFF7ixRzTXiUVzOQrVacQoFTCjVMnbyKpenVklBnHBFJL2pQ6HQSUUu6ZbVG03rR+lWlSUcpkKhKmaxKixszph58Nz+TKs',
  'TjixHeErMJO+k/nAdyxNNFTgc2ukLBPI6HkDebPrlrBpAUpjZ1JBKOphi2DP1ZQgFbAahQVI8rDD8QjPCUmqRpndp1Co9KySn/dDUv8HvZ2Ic/GlkNR2ET2k',
  'xp+3YpEO/oJNFyeyyNavh5Ge6NzLktydSLqPFjLPyQiDvPmzkMV1g3lKQeNPob1B0QaFkoDvMGYxyR5gQxmPCJaRJy/lbvAz9E0EvFfGTT+5mZcAE0p5kWJP',
  'KXdpO4bzlGdaGU+jSJZOlPPI41opDzO34HlKGY8WrgDm0TeSM8CmMi77TRi7ikLUMl5kGE/pUilP5a5BxybhfXcZL1S8QzhA61GiFXAKdMxDewLtbISvizrZ',
  'M4uvO6zGMJiWdtD/SETPV+MGHVjHYKjl7UmMl0FYD3IzEKds5M9UJ/Uj/nT5KZT9iILDkzbR0DDfyYxKZ0rC1dDhv02+yOtZSJAXUonRX8SK0B5kO9kIQK6L',
  'DqM3ZgUiul+ND6SARS4yDvBZMoXNTZhlUTHEyoqw+1lFoQdDQoFxd7r/6MHSL7y+SJVAkhisiKj1Warj+3uaRYzddP8xUXQaUaBzRaju1hEratH0149OTgbA',
  '0JqHFG1RgEqIPVmtGxv8lmJ1NZsVxYD2dboO8fcya+0fU572vc1ihIE2PULhN6FNV7quPsbRKrpf0rZLhLOXWZb8jEJ6Ndck9VgaFXHuZqTi9atsqv0VmTW6',
  '6T6aezfLQbGRCVTDVPPMu455qTS3t1ksvUq3Ny+JKew4QI9LjfcKJDwadER7i+kcFbyZzg0nM0MVRi1uZYrdte4WJ9lHtxL3U5mkR+uFi0xE9DZL6WsyaQPt',
  'oeJsA8956GD6mLXRa6y8W2TWOyZaaT89TVQtJEByHzPTXZNG++lg8mIuZUr+vuZt1Ld0pefrYVYvZ5NtUnq1soYSFRmDBVaivZFOVHU0xWWRl46qn3nhtz1M',
  '1w2imyTAIJ/s0EgKpgmsHN/+ON+8wGKyhYxVEjNPMJrDiIieZoF1ukK86GcWhmel0aqdTQFZR0ft728e5l66Ggh0MC+fKsnQ9TIxrWb092esAKaNqYSpwMTU',
  'QJUq/wCzNHWMseJulpXhdQcrCXc0a7cXI0TUAPPSZwlJv9rVRPUuQ3U/4yqs/vQsSMkBSC25EKdGsccTgfrMXFvJ9tmIWEajN6zp7dT4Jlsg0TmrZHJ9XsiY',
  'IqL7CY3yvKbUQGJghGKXJeQT7pHvf/YblkViHyFkR7CpGwBNCNW/QDse7XtDeUq+BrAB8BOgfjAvDB9MZnJL8Hzxz7wERdnfMbR1Q3gJqImyKcDzgNOwYd+T',
  'T03GDqxIjLENvJjK7CplUCvKJW1nIba62uUy/gIbR6ZEieg5avwtEvl2/gemzjp7kV/EwdysVcigPGBq/mvdYDJ2eRxGENNSI+Rot1NA5FOLGn+4eJFfUEG5',
  '69ldxx+ZnImS1kgKKv+RiQcO5lx38rC2FCPCDaRV1Sa7SUQQrAtMRKrpqHqYR1WKtwgV8yNxZ6BezbaWGMuzQsZBEdP3OiL6aDU+n6joHYycuX2dlRiCsMv6',
  'fyiU4gVYJQf/eyv67h89inbjc9XuLX7P4jR0IOgY0e9Q4y/xAC+qxteT8MfC0idHeBIeJhx3sXDx6Xvs9uI1FpuRA3VJ5XLioYixxRUJFJ2dtusSz2DCkvZp',
  'ETTrdUTIfTEsoFF4WknJvfzgzVl7L7XeZDdkkMRio84ACeGhbLut+DWnwwhzXbSq8VzMSlV7TpnDZsEgeJEeRehQHjat/HgotT0AXXSx0urFbLifGV4LQ+Jk',
  'SNpR+cP/8JtzGRKcSTpmsTveXinJK8U3mDUrMe/GV6YTTnz1BGjwWxpwfm2xGncCp0/TfWr8wQCF3TZV28sulGRWuXEq2iN0WJ3ZYdmomO3re2sB37GPopyX',
  'yC6qdzODBNpHkZyUmNdNn5NOygOZtIGmsxl0F3M3q+uAJoPVYPoxw4fXRpU20JttAKK5k1XoBzIJwtyRhKnUlLgd5MACvc27qSaGqT+zOcC0iS6jjrjdRgQK',
  '4YRMuCMIsLT1VCUPK+ymDBbvv4Ai0pVtzA3/kV2y6rlYyJhNicaLmNCFX1GLYRVHF9ZTFW0aMSZCUhyJZwbq78x1lCy+2i1ovEBTHojo3WBM7Mh+ND1bjT8M',
  'XnWNKse+n0R5rJUlKf3MMmQm+9+ZWV0b3ZK52N3d1RlBSNlxi2j8GQIZ5pKGjOcAiXC2XH5jyfTLPHCARP5YBNnaj7A2xGNkuMF7yMcF+mzewIZZWRT6HhX/',
  'o9iDnTwidIbZdqs8hFlkiNceim6uixaGh/uLGbSe3zfg+n6OyEci8yFd1wX6mhf/dF8fDTFH61K0zezyXGcSDPtwi0R2img1NOD0sOj2FUr8gv7SrcYzl/nP',
  'OyD4H5KBp2jFyuLwFiYf/cwL1hfpvHz3myHzPJI0+VHTqR6mH6f4y1MoEAY99SRqvgdMh7yFUdvfFJAzFFbJw9hcF/2SBfRdoB8I8Ogbe15E9Mlqn0mrOH0s',
  'pKN7FUtUM/OEpZkkkkPMQGQrI3eAedXaQEv6/mheMX/sJpY8ZirgTXJtal8WA2DwBfKZft0MJy6QW/c9aG71a+b47mfU47WZvsojzJ8m/ETXtGo/M5y4RcLv',
  'f9S8h24gLxl4wLwHn0uo5AQ7GSrvkwz7HjYXejNM2tufVejxtYXihy80lxHksgCl2cdSpWx2RIioEhRR9WURlTOQkFmpYJk1UO/LspecW5ATJPto0D13WoRu',
  'bkYEElpuyfFVnYLGy6QlXSJ6YTIe6a70//7ED5d5XTQP2etgHsHvLefZNdUo95XxyJ4yXaptLkhG/JTZbkV7G7AqmaFS3ZNqqYeTdVQqWK0t4xky1UpbhvD6',
  'IxXBzpXyTGRhMquh/rXJTJkyGiqUU8Y7lWqv8NYzBvMsexfeb8DLrwespgvHodzTT8WYj3ROy0dD+CXNwmREQGN/Bnz5CDIqzJ+Nb2uSRbQZdP06hPc3YY0j',
  'VEB8hNdsT1Jmh3bzYHifXvDwH9qcxj2wC4qQkpCFwc85wi2uf/EPe/XL21yhvPkt7kVCMPvIzy98zVPksKLril6oaFPZtSUk1aV4I4n7yUBpp1lKTveoUbI9',
  'z7GUvD8lwbo1ol1y0Fe66Ix6UxMhSnq0+eynLrnsltGueLMSuVnepZn13bMd3hWWRHqu97TQ4nJE+p668RMRYI3onoi3e4vLpQ1Y/QPrEjWvrcX1O3XAmRW8',
  'vKd6M+odOQ7vxFR7sHi7lGJ33pty9v3bGCtOurLGF7N5R1dUVRewP4knq4d3i9l9heNGjykc+59jR1ZWF7IPI2uaptcl/6W4haX7GkWbXY455Nonq8dVja4s',
  'qBj7n9XDH66trBw9ZlzM2bnwybG1haOqHiscWdOFfotXOLZ2eGFybOEYPmxoxegRPXsUjI25/oGCHk1zWtcKijebF4kO550vvNUouuz3xdyu1sFtSMoUDr3Z',
  'KLrtBW36UoUD26hPjqWmYS/DK0aNKniqtmpcZczT41fpSw4q/D/Jh6Gjqqqf/GuSzJE1sbRWNGUMTXrn30RjYnmyuuqvNN37D9vs3tTYSqtq2XqoQUz1bHSs',
  'bmoU09IPClPQeu292uwnXbi4nfYTi2W0sp39xPG+mvjwxytHxDJjv8l2NpYIkTLN6fFxNWMGUnfMJ/1yGH2JyZ3+OcJWtE3LWinVrKvfnC9mZDZ5ZqGVMtda',
  'VmxpFH3yAuH0TtrBwzG/x2RlbWXFiJjS+lpCr4F/4FRRG04plk0HGkS/56DtytuNopK+UTiONmDPj6nRqupxlbXVFaMKx9QAVdXI6praquqRxX94cGDJHx6K',
  'Bbv86m5+MakwMaL1vELBX+Lr0HFA//zk0YczasZSR9WoyvykUEV+nfs1YwsTGDV0TM1YjjbadirHpmX91lSalBX8x+OpqB3H1bVpSytvPA5Tip6fwqVoIVo1',
  'eMp2bkKjGAr+KB6Y2SiGIwXvoIlqm4TFmxrFLHmK0EbK0oQ6xs9Y04zWPq+wgg2c0HagT1i6i1SyTyzbT8qPPZVVVI27r7bmyTH5BfeOGBHLaf//0Y/q4YVP',
  'YehIGkq7y1X+XwT9a6ormxa1rha1rHi9QczO+dOWDQ1ibk7ZzL1EZMdYOzcX5FGVlWNieXm/La80EoI6txVrQNzz7kKxXV6TMJmp211NU1q/hYQU/IvF/Kay',
  'jCWeD3y8sqymdtSIWPu8f2LjaobT1u4I/Or0+34f6yD9XQvpC1PDfN+vnHPTy61EOWx7vp0pxtpPdH97baZ4R/sV7rUb54sdMhdazm9oFPPl/36WmTxvrKPH',
  'xM4s5d/PUhR2vThT7Nh+jhDrlGlq3YMV1TVjiYVteCOJVz5oEDt5XrTNeYesfTTW2WviRJuoqv5LrEv732TCaAyqGEUs//v6dqGueZLYucs6oU2nUzj1BglY',
  'ndCGAH/r4bzDrMa/txG+DGHpbjqwgjaWIdJqQ08nbeg2dqjdYwWtrH5sJDb8H5XVIytjhb9t3EaPHG4O/eUGbMKpiVPFgsLptja0usSNG4n/dYJ5AF1/Rabp',
  'sY1vC4vGxgaxa864k2x/D8W6edvQ+RRJdFGHf0okjfslhVZh6d6pYreiuWIbjsnCiR20Sp82fUIrtd1bpTxRUzu8ciT8yagxlbVtkFqEpa/MFLu33yL+X+yq',
  'T7NfLwAA',
].join('');
const SYSCALLS_21_EXPECT = {"version": "go 1.21", "events": 2993, "goroutines": 22, "created": 17, "destroyed": 16, "transitions": {"Running->Syscall": 1052, "Syscall->Running": 739, "Runnable->Running": 453, "Syscall->Runnable": 313, "Running->Waiting": 98, "Waiting->Runnable": 97, "Running->Runnable": 27, "NotExist->Runnable": 17, "Running->NotExist": 16, "Undetermined->Waiting": 4, "Undetermined->Running": 1}, "blockReasons": {"sleep": 96, "": 1, "sync": 1}, "aliveAtEnd": 6, "atEnd": {"Waiting|": 5, "Runnable|runtime.Gosched": 1}};

describe('old format: syscall exits that move in time', () => {
  it('match Go\'s reader', async () => {
    const bytes = new Uint8Array(gunzipSync(Buffer.from(SYSCALLS_21_GZ_B64, 'base64')));
    for (const chunk of [1 << 16, 777]) {
      const { trace } = await direct(bytes, chunk);
      expect(fieldsOf(trace.summary, SYSCALLS_21_EXPECT)).toEqual(SYSCALLS_21_EXPECT);
    }
  });
});
