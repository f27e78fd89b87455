/**
 * Unit tests of the execution-trace parser: varints, streaming seams (parseTrace fed directly,
 * 1..7-byte chunks), truncated traces, unknown versions, non-trace bytes, the model tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { GoState, TraceGFlag, segmentEnd, type TraceModel } from '../src/model/trace';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { ParseError, type ParseContext } from '../src/formats/types';
import { parseTrace, type TraceParseOptions } from '../src/formats/trace/parse-trace';
import { readUvarint } from '../src/formats/trace/varint';
import { Growable, NarrowInt } from '../src/formats/trace/growable';
import { FIXTURES, fixtures, type Truth } from './expect';

const read = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));
const truthOf = (rel: string) => JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as Truth;

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
  });
});

describe('streaming: chunk seams', () => {
  const all = fixtures((t) => t.expect.format === 'execution-trace');
  for (const chunk of [1, 2, 3, 4, 5, 6, 7, 4096]) {
    it(`every trace fixture gives its truth when fed in ${chunk}-byte chunks`, async () => {
      for (const [rel, truth] of all) {
        const { trace } = await direct(read(rel), chunk);
        expect(trace.summary, `${rel} @${chunk}`).toEqual(truth.expect.trace);
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
      // segments chain: in time order, last segment's state = last state
      let seg = g.firstSegment[r];
      let last = -1;
      let t = -Infinity;
      while (seg >= 0) {
        expect(trace.segments.goroutine[seg]).toBe(r);
        expect(trace.segments.start[seg]).toBeGreaterThanOrEqual(t);
        expect(segmentEnd(trace, seg)).toBeGreaterThanOrEqual(trace.segments.start[seg]);
        t = trace.segments.start[seg];
        last = seg;
        seg = trace.segments.next[seg];
      }
      if (g.lastState[r] !== GoState.NotExist) expect(trace.segments.state[last]).toBe(g.lastState[r]);
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
  it('above the detail limit: same summary and lifecycles, no segments, and a message', async () => {
    const rel = 'extra-traces/go1.26-multigen.trace';
    const { trace } = await direct(read(rel), 1 << 16, { detailLimitBytes: 1000 });
    expect(trace.detail.full).toBe(false);
    expect(trace.detail.message).toMatch(/per-event detail/);
    expect(trace.segments.count).toBe(0);
    expect(trace.summary).toEqual(truthOf(rel).expect.trace);
    expect(trace.goroutines.count).toBe(trace.summary.goroutines);
  });
  it('too many segments for memory: detail dropped during the parse, same summary, and a message', async () => {
    const rel = 'extra-traces/go1.26-multigen.trace';
    const { trace } = await direct(read(rel), 1 << 16, { maxDetailSegments: 1000 });
    expect(trace.detail.full).toBe(false);
    expect(trace.detail.message).toMatch(/state changes/);
    expect(trace.segments.count).toBe(0);
    expect(trace.procSegments.count).toBe(0);
    expect(trace.threadSegments.count).toBe(0);
    expect([...trace.goroutines.firstSegment].every((x) => x === -1)).toBe(true);
    expect(trace.summary).toEqual(truthOf(rel).expect.trace);
    const v1 = await direct(read('extra-traces/go1.19-multigen.trace'), 1 << 16, { maxDetailSegments: 1000 });
    expect(v1.trace.detail.full).toBe(false);
    expect(v1.trace.summary).toEqual(truthOf('extra-traces/go1.19-multigen.trace').expect.trace);
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

describe('trace segment columns (growable)', () => {
  for (const resizable of [true, false])
    it(`grow in place or by copying (resizable ${resizable}), exact length at the end, full at max`, () => {
      const c = new Growable(Float64Array, 10_000, resizable);
      for (let i = 0; i < 9000; i++) c.push(i * 1.5);
      c.data[3] = -1;
      const a = c.take();
      expect(a.length).toBe(9000);
      expect(a[3]).toBe(-1);
      expect(a[8999]).toBe(8999 * 1.5);
      const d = new Growable(Int32Array, 5000, resizable);
      for (let i = 0; i < 5000; i++) d.push(i);
      expect(() => d.push(1)).toThrow(RangeError);
      d.clear();
      expect(d.length).toBe(0);
      d.push(7);
      expect(Array.from(d.take())).toEqual([7]);
      const n = new NarrowInt(100_000, resizable);
      for (let i = 0; i < 5000; i++) n.push(i - 2500);
      expect(n.take()).toBeInstanceOf(Int16Array);
      const w = new NarrowInt(100_000, resizable);
      for (let i = 0; i < 5000; i++) w.push(i === 4000 ? 40000 : -i);
      const wa = w.take();
      expect(wa).toBeInstanceOf(Int32Array);
      expect(wa.length).toBe(5000);
      expect(wa[3999]).toBe(-3999);
      expect(wa[4000]).toBe(40000);
      expect(wa[4999]).toBe(-4999);
    });
});
