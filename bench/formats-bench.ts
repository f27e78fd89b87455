/**
 * Benchmarks of the debug=1 text and pprof parsers at 100k goroutines (issue #3), for
 * bench/main.ts (`npm run bench`). Inputs are synthesised by scaling the records of a real
 * fixture (test/fixtures/go1.27/debug1.txt): every record of the fixture is replicated, each copy
 * with its own `request_id` label and its main-package frames moved to other lines, so stacks and
 * label sets are distinct (the worst case for interning). The pprof input encodes the SAME
 * records (same goroutines, stacks and labels) as Go's writer lays them out (strings last), gzipped.
 *
 * Exports:
 *   buildDebug1Text(opts?)  → Uint8Array               the debug=1 text
 *   buildPprof(opts?)       → Promise<{ gz, raw }>     the same profile as gzipped and raw protobuf
 *   benchParse(name, bytes, opts?) → Promise<ParseBench>   parse once through parseInput
 *   runFormatsBench(opts?)  → Promise<FormatsBenchReport>  everything above; `lines` is printable
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { summarize } from '../src/analysis/summary';

export interface SynthOptions {
  /** goroutines in the profile (default 100 000) */
  goroutines?: number;
  /**
   * 'distinct' (default): one record per goroutine, all stacks and label sets distinct — the
   * parser's worst case (~100k records). 'scaled': the fixture's records with counts multiplied
   * (few records, large counts), like the generator's `--large` without unique labels.
   */
  shape?: 'distinct' | 'scaled';
  /** fixture to scale (default test/fixtures/go1.27/debug1.txt) */
  fixture?: string;
}

interface Frame {
  pc: number;
  func: string;
  file: string;
  line: number;
}
interface Rec {
  count: number;
  labels: [string, string][];
  frames: Frame[];
}

const DEFAULT_FIXTURE = join(import.meta.dirname, '..', 'test', 'fixtures', 'go1.27', 'debug1.txt');

/** Reads the fixture's records (a plain reader, independent of the parser under test). */
function fixtureRecords(path: string): Rec[] {
  const recs: Rec[] = [];
  let cur: Rec | null = null;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^(\d+) @/.exec(line);
    if (m) {
      cur = { count: Number(m[1]), labels: [], frames: [] };
      recs.push(cur);
    } else if (cur && line.startsWith('# labels: ')) {
      for (const p of line.matchAll(/"([^"]*)":"([^"]*)"/g)) cur.labels.push([p[1], p[2]]);
    } else if (cur && line.startsWith('#\t')) {
      const [pc, fn, loc] = line.slice(2).split(/\t+/);
      const c = loc.lastIndexOf(':');
      cur.frames.push({ pc: parseInt(pc, 16), func: fn.replace(/\+0x[0-9a-f]+$/, ''), file: loc.slice(0, c), line: Number(loc.slice(c + 1)) });
    }
  }
  return recs;
}

function synthRecords(opts: SynthOptions): Rec[] {
  const n = opts.goroutines ?? 100_000;
  const base = fixtureRecords(opts.fixture ?? DEFAULT_FIXTURE);
  const baseTotal = base.reduce((a, r) => a + r.count, 0);
  const out: Rec[] = [];
  if ((opts.shape ?? 'distinct') === 'scaled') {
    const scale = Math.max(1, Math.round(n / baseTotal));
    for (const r of base) out.push({ ...r, count: r.count * scale });
    return out;
  }
  let made = 0;
  for (let rep = 0; made < n; rep++) {
    for (const r of base) {
      for (let k = 0; k < r.count && made < n; k++, made++) {
        out.push({
          count: 1,
          labels: [...r.labels, ['request_id', `req-${rep}-${made}`]],
          frames: r.frames.map((f) => (f.func.startsWith('main.') ? { ...f, line: f.line + 1000 * (rep + 1) + k, pc: f.pc + rep * 64 + k } : f)),
        });
      }
    }
  }
  return out;
}

const goQuote = (s: string) => JSON.stringify(s); // label values here are plain ASCII

/** The debug=1 text of the synthetic profile. */
export function buildDebug1Text(opts: SynthOptions = {}): Uint8Array {
  const recs = synthRecords(opts);
  const total = recs.reduce((a, r) => a + r.count, 0);
  const parts: string[] = [`goroutine profile: total ${total}\n`];
  for (const r of recs) {
    let s = `${r.count} @ ${r.frames.map((f) => '0x' + (f.pc + 1).toString(16)).join(' ')} 0x48f901\n`;
    if (r.labels.length) s += `# labels: {${[...r.labels].sort().map(([k, v]) => `${goQuote(k)}:${goQuote(v)}`).join(', ')}}\n`;
    for (const f of r.frames) s += `#\t0x${f.pc.toString(16)}\t${f.func}+0x2a\t\t${f.file}:${f.line}\n`;
    parts.push(s + '\n');
  }
  return new TextEncoder().encode(parts.join(''));
}

/** Append-only protobuf writer over a growable byte buffer. */
class PbWriter {
  buf: Uint8Array;
  len = 0;
  constructor(cap = 1 << 16) {
    this.buf = new Uint8Array(cap);
  }
  private ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  varint(v: number) {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
  }
  key(f: number, wt: number) {
    this.varint(f * 8 + wt);
  }
  bytes(f: number, b: Uint8Array) {
    this.key(f, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  uint(f: number, v: number) {
    this.key(f, 0);
    this.varint(v);
  }
  done() {
    return this.buf.slice(0, this.len);
  }
}

/** The same synthetic profile as profile.proto, laid out like runtime/pprof (strings last). */
export async function buildPprof(opts: SynthOptions = {}): Promise<{ gz: Uint8Array; raw: Uint8Array }> {
  const recs = synthRecords(opts);
  const strings: string[] = [''];
  const sIdx = new Map<string, number>([['', 0]]);
  const S = (s: string) => {
    let i = sIdx.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      sIdx.set(s, i);
    }
    return i;
  };
  const fnIds = new Map<string, number>();
  const locIds = new Map<string, number>();
  const w = new PbWriter();
  const sub = () => new PbWriter(64);
  const vt = (t: string, u: string) => {
    const m = sub();
    m.uint(1, S(t));
    m.uint(2, S(u));
    return m.done();
  };
  w.bytes(11, vt('goroutine', 'count'));
  w.uint(12, 1);
  w.bytes(1, vt('goroutine', 'count'));
  for (const r of recs) {
    const ids: number[] = [];
    for (const f of r.frames) {
      let fid = fnIds.get(f.func + '\0' + f.file);
      if (fid === undefined) {
        fid = fnIds.size + 1;
        fnIds.set(f.func + '\0' + f.file, fid);
        const m = sub();
        m.uint(1, fid);
        m.uint(2, S(f.func));
        m.uint(3, S(f.func));
        m.uint(4, S(f.file));
        w.bytes(5, m.done());
      }
      const lk = `${f.func}\0${f.file}\0${f.line}`; // one location per distinct frame (PCs of copies may collide)
      let lid = locIds.get(lk);
      if (lid === undefined) {
        lid = locIds.size + 1;
        locIds.set(lk, lid);
        const line = sub();
        line.uint(1, fid);
        line.uint(2, f.line);
        const m = sub();
        m.uint(1, lid);
        m.uint(3, f.pc);
        m.bytes(4, line.done());
        m.uint(2, 1);
        w.bytes(4, m.done());
      }
      ids.push(lid);
    }
    const s = sub();
    s.uint(2, r.count);
    const packed = sub();
    for (const id of ids) packed.varint(id);
    s.bytes(1, packed.done());
    for (const [k, v] of r.labels) {
      const l = sub();
      l.uint(1, S(k));
      l.uint(2, S(v));
      s.bytes(3, l.done());
    }
    w.bytes(2, s.done());
  }
  w.uint(9, 1_764_000_000_000_000_000);
  const enc = new TextEncoder();
  for (const s of strings) w.bytes(6, enc.encode(s));
  const raw = w.done();
  const gz = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  return { gz, raw };
}

export interface ParseBench {
  name: string;
  bytes: number;
  goroutines: number;
  rows: number;
  ms: number;
  /** input bytes (as given: compressed for .gz) per second */
  mbPerSec: number;
  /** decompressed bytes per second, for gzip inputs */
  rawMbPerSec: number | null;
  /** largest heapUsed + arrayBuffers above the baseline seen during and right after the parse */
  peakHeapMB: number;
  /** the process's peak RSS after the parse (monotonic: the largest of the whole run so far) */
  maxRssMB: number;
  error: string | null;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
const mem = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Parses `bytes` once with the same entry point as the worker and the CLI (4 MiB chunks). */
export async function benchParse(name: string, bytes: Uint8Array, opts: { rawBytes?: number; chunkSize?: number } = {}): Promise<ParseBench> {
  gc?.();
  const base = mem();
  let peak = 0;
  const sample = () => {
    const m = mem() - base;
    if (m > peak) peak = m;
  };
  const timer = setInterval(sample, 2);
  const b = new ModelBuilder();
  const t0 = performance.now();
  await parseInput(b, { name, size: bytes.length, chunks: bufferChunks(bytes, opts.chunkSize ?? 4 * MB) }, { onProgress: sample });
  const ms = performance.now() - t0;
  sample();
  clearInterval(timer);
  const model = b.freeze();
  sample();
  const view = new ModelView(model);
  const inp = summarize(view).inputs[0];
  const goroutines = inp.snapshots.reduce((a, s) => a + s.goroutines, 0);
  return {
    name,
    bytes: bytes.length,
    goroutines,
    rows: model.goroutines.count,
    ms,
    mbPerSec: bytes.length / MB / (ms / 1000),
    rawMbPerSec: opts.rawBytes ? opts.rawBytes / MB / (ms / 1000) : null,
    peakHeapMB: peak / MB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    error: inp.error,
  };
}

export interface FormatsBenchReport {
  results: ParseBench[];
  /** one human-readable line per result */
  lines: string[];
}

/**
 * Builds the 100k-goroutine debug=1 text and its pprof (gzipped and raw), parses each `runs`
 * times (default 3) and keeps the fastest run of each. Run node with --expose-gc for steadier
 * memory numbers.
 */
export async function runFormatsBench(opts: SynthOptions & { runs?: number } = {}): Promise<FormatsBenchReport> {
  const text = buildDebug1Text(opts);
  const { gz, raw } = await buildPprof(opts);
  const inputs: [string, Uint8Array, number | undefined][] = [
    [`debug1-${opts.goroutines ?? 100_000}.txt`, text, undefined],
    [`goroutine-${opts.goroutines ?? 100_000}.pb.gz`, gz, raw.length],
    [`goroutine-${opts.goroutines ?? 100_000}.pb`, raw, undefined],
  ];
  const results: ParseBench[] = [];
  for (const [name, bytes, rawBytes] of inputs) {
    const runs: ParseBench[] = [];
    for (let i = 0; i < Math.max(1, opts.runs ?? 3); i++) {
      const r = await benchParse(name, bytes, { rawBytes });
      if (r.error) throw new Error(`${name}: ${r.error}`);
      runs.push(r);
    }
    // fastest run's time; the largest peak of all runs (memory is not a best-of measure)
    const best = runs.reduce((a, r) => (r.ms < a.ms ? r : a));
    results.push({ ...best, peakHeapMB: Math.max(...runs.map((r) => r.peakHeapMB)) });
  }
  const lines = results.map(
    (r) =>
      `${r.name.padEnd(26)} ${(r.bytes / MB).toFixed(1).padStart(6)} MB  ${r.goroutines} goroutines in ${r.rows} rows  ` +
      `${r.ms.toFixed(0).padStart(5)} ms  ${r.mbPerSec.toFixed(1).padStart(6)} MB/s` +
      (r.rawMbPerSec !== null ? ` (${r.rawMbPerSec.toFixed(1)} MB/s decompressed)` : '') +
      `  peak heap +${r.peakHeapMB.toFixed(0)} MB  max RSS ${r.maxRssMB.toFixed(0)} MB`,
  );
  return { results, lines };
}

/**
 * Where a parse's time goes: the whole parse, then the model's share (ModelBuilder.frame,
 * labelSet, stackFromLeafFirst and addGoroutine timed around each call) and the parser alone
 * (those four replaced by stubs that return constant ids; everything else is the real parser).
 * Each is the fastest of `runs` (default 3) after one warm-up.
 */
export async function splitParse(name: string, bytes: Uint8Array, runs = 3): Promise<{ name: string; totalMs: number; modelMs: Record<string, number>; modelCalls: Record<string, number>; parserOnlyMs: number }> {
  const T = { frame: 0, labelSet: 0, stack: 0, addGoroutine: 0 };
  const N = { frame: 0, labelSet: 0, stack: 0, addGoroutine: 0 };
  class Timed extends ModelBuilder {
    override frame(fn: string, file: string, line: number, flags = 0): number {
      const t = performance.now();
      const r = super.frame(fn, file, line, flags);
      T.frame += performance.now() - t;
      N.frame++;
      return r;
    }
    override labelSet(pairs: [string, string][]): number {
      const t = performance.now();
      const r = super.labelSet(pairs);
      T.labelSet += performance.now() - t;
      N.labelSet++;
      return r;
    }
    override stackFromLeafFirst(frames: ArrayLike<number>, count?: number): number {
      const t = performance.now();
      const r = super.stackFromLeafFirst(frames, count);
      T.stack += performance.now() - t;
      N.stack++;
      return r;
    }
    override addGoroutine(row: Parameters<ModelBuilder['addGoroutine']>[0]): number {
      const t = performance.now();
      const r = super.addGoroutine(row);
      T.addGoroutine += performance.now() - t;
      N.addGoroutine++;
      return r;
    }
  }
  class Stub extends ModelBuilder {
    private n = 0;
    override frame(): number {
      return this.n++ & 1023;
    }
    override labelSet(): number {
      return 1;
    }
    override stackFromLeafFirst(): number {
      return 0;
    }
    override addGoroutine(): number {
      return 0;
    }
  }
  const time = async (b: ModelBuilder) => {
    const t0 = performance.now();
    await parseInput(b, { name, size: bytes.length, chunks: bufferChunks(bytes, 4 * MB) });
    return performance.now() - t0;
  };
  let totalMs = Infinity;
  let parserOnlyMs = Infinity;
  let modelMs: Record<string, number> = {};
  for (let i = 0; i <= runs; i++) {
    const full = await time(new ModelBuilder());
    for (const k of Object.keys(T) as (keyof typeof T)[]) T[k] = N[k] = 0;
    await time(new Timed());
    const stub = await time(new Stub());
    if (i === 0) continue; // warm-up
    if (full < totalMs) totalMs = full;
    if (stub < parserOnlyMs) parserOnlyMs = stub;
    const sum = T.frame + T.labelSet + T.stack + T.addGoroutine;
    if (!('sum' in modelMs) || sum < modelMs.sum) modelMs = { ...T, sum };
  }
  const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
  return { name, totalMs: Math.round(totalMs), modelMs: round(modelMs), modelCalls: { ...N }, parserOnlyMs: Math.round(parserOnlyMs) };
}

// `npx tsx bench/formats-bench.ts [goroutines] [distinct|scaled]` runs it standalone;
// `npx tsx bench/formats-bench.ts split [goroutines]` prints where the time goes (splitParse).
if (import.meta.url === `file://${process.argv[1]}`) {
  const split = process.argv[2] === 'split';
  const args = split ? process.argv.slice(3) : process.argv.slice(2);
  const n = Number(args[0] ?? 100_000);
  const shape = (args[1] as 'distinct' | 'scaled' | undefined) ?? 'distinct';
  const main = async () => {
    if (!split) return (await runFormatsBench({ goroutines: n, shape })).lines.join('\n');
    const text = buildDebug1Text({ goroutines: n, shape });
    const { raw } = await buildPprof({ goroutines: n, shape });
    const out = [await splitParse(`debug1-${n}.txt`, text), await splitParse(`goroutine-${n}.pb`, raw)];
    return out.map((r) => JSON.stringify(r)).join('\n');
  };
  main().then(
    (r) => console.log(r),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
