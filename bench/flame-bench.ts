/**
 * Flame-tree build benchmark: `npx tsx --expose-gc bench/flame-bench.ts [--json] [--runs N]`
 * (--expose-gc only lets it drop the input's text before timing).
 *
 * Inputs are built from a real fixture (test/fixtures/go1.27/debug2.txt), as bench/dumps.ts builds
 * its dumps: the fixture's goroutine blocks replicated with fresh ids, each copy given one of K
 * distinct stacks by adding outer caller frames of a made-up server (a shared
 * `(*Server).serve`, one of 64 routes, one of K handlers), so the tree has realistic
 * sharing near the base and K distinct paths. The dump text is parsed once into the model; then
 * each configuration of `buildFlameTree` is timed: its first call (cold code) and the median of N
 * runs after it, with the row pass (leaves) alone beside it. The target (docs: the flame brief) is ≤ 150 ms for
 * 100,000 goroutines / 5,000 stacks; 500,000 / 50,000 is measured too. Never a timed test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { parkSitesByStack } from '../src/analysis/park-site';
import { analyze } from '../src/analysis/index';
import { buildFlameTree, rowPatterns, toFolded, type FlameOptions } from '../src/analysis/flame';
import { collectRowLeaves } from '../src/analysis/flame-leaves';
import { layoutVisible, newLayout } from '../src/views/flame/flame-layout';

const FIX = join(import.meta.dirname, '..', 'test', 'fixtures');

export interface FlameInputSpec {
  goroutines: number;
  stacks: number;
}

/** Blocks of a dump (header line first). */
function blocks(text: string): string[] {
  const start = text.indexOf('goroutine ');
  return text
    .slice(start)
    .replace(/\n+$/, '')
    .split('\n\n')
    .filter((b) => /^goroutine \d+ /.test(b));
}

/** A debug=2 dump of `goroutines` goroutines over `stacks` distinct stacks, from the fixture's blocks. */
export function buildFlameDump(spec: FlameInputSpec, fixture = 'go1.27/debug2.txt'): string {
  const text = readFileSync(join(FIX, fixture), 'utf8');
  const bs = blocks(text);
  const rest = bs.slice(1);
  // the frames of block b, variant v: the block's frames, then the made-up callers, then `created by`
  const variants: string[] = [];
  for (let k = 0; k < spec.stacks; k++) {
    const b = rest[k % rest.length];
    // a handler per variant: K distinct stacks (blocks of one site share a stack in the fixture)
    const v = k;
    const lines = b.split('\n');
    const header = lines[0];
    let cut = lines.findIndex((l) => l.startsWith('created by '));
    if (cut < 0) cut = lines.length;
    const route = v % 64;
    const callers = [
      `example.com/app/api.(*Handlers).handle${v}(0xc000123450, 0x1)`,
      `\t/src/app/api/handlers.go:${100 + v} +0x4c`,
      `example.com/app/api.route${route}(...)`,
      `\t/src/app/api/routes.go:${20 + route}`,
      `example.com/app/server.(*Server).serve(0xc000010000)`,
      `\t/src/app/server/server.go:88 +0x1d2`,
    ];
    variants.push([header, ...lines.slice(1, cut), ...callers, ...lines.slice(cut)].join('\n'));
  }
  const out: string[] = [text.slice(0, text.indexOf('goroutine ')) + bs[0]];
  let id = 1_000_000;
  for (let i = 1; i < spec.goroutines; i++) out.push(variants[i % variants.length].replace(/^goroutine \d+ /, `goroutine ${id++} `));
  return out.join('\n\n') + '\n';
}

async function parse(text: string): Promise<ModelView> {
  const bytes = new TextEncoder().encode(text);
  const b = new ModelBuilder();
  await parseInput(b, { name: 'flame-bench.txt', size: bytes.length, chunks: bufferChunks(bytes, 1 << 20) });
  return new ModelView(b.freeze());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * ms of the first call (cold: code not yet optimised) and the median of `runs` calls after it.
 * No forced collection between runs: a full GC also flushes the bytecode of functions, and every
 * run would then measure the interpreter again.
 */
function timeIt(runs: number, f: () => void): { first: number; ms: number } {
  const f0 = performance.now();
  f();
  const first = Math.round((performance.now() - f0) * 10) / 10;
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return { first, ms: Math.round(median(t) * 10) / 10 };
}

export interface FlameBenchRow {
  input: string;
  goroutines: number;
  distinctStacks: number;
  config: string;
  nodes: number;
  /** median of the runs after the first */
  ms: number;
  /** the first call in the process (cold) */
  firstMs: number;
  /** the row pass alone (median) */
  leavesMs: number;
}

export async function runFlameBench(runs = 7): Promise<FlameBenchRow[]> {
  const out: FlameBenchRow[] = [];
  for (const spec of [
    { goroutines: 100_000, stacks: 5_000 },
    { goroutines: 500_000, stacks: 50_000 },
  ]) {
    const view = await parse(buildFlameDump(spec));
    // the dump text and the parser's garbage are not the builder's: collect them once before timing
    gc?.();
    const snapshot = 0;
    const snap = view.model.snapshots[snapshot];
    const goroutines = snap.rowEnd - snap.rowStart;
    const distinct = new Set(view.model.goroutines.stack.subarray(snap.rowStart, snap.rowEnd)).size;
    const input = `${goroutines / 1000}k goroutines / ${spec.stacks / 1000}k stacks`;
    const parkByStack = parkSitesByStack(view);
    const rowPattern = rowPatterns(analyze(view, { parkByStack }).groups);
    const configs: [string, FlameOptions][] = [
      ['entry (default)', { snapshot }],
      ['entry, parkByStack cached', { snapshot, parkByStack }],
      ['park-rooted', { snapshot, parkByStack, orientation: 'park' }],
      ['entry, patterns', { snapshot, parkByStack, rowPattern }],
      ['entry, creators', { snapshot, parkByStack, creators: true }],
      ['entry, no fold', { snapshot, parkByStack, foldRuntime: false }],
      ['entry, diff vs itself', { snapshot, parkByStack, baseline: snapshot }],
    ];
    for (const [name, opts] of configs) {
      let nodes = 0;
      const t = timeIt(runs, () => {
        nodes = buildFlameTree(view, opts).count;
      });
      const leaves = timeIt(runs, () => {
        collectRowLeaves(view, { snapshot, weight: 'goroutines', creators: !!opts.creators, baseline: opts.baseline, rowPattern: opts.rowPattern });
      });
      out.push({ input, goroutines, distinctStacks: distinct, config: name, nodes, ms: t.ms, firstMs: t.first, leavesMs: leaves.ms });
    }
    const tree = buildFlameTree(view, { snapshot, parkByStack });
    const folded = timeIt(runs, () => void toFolded(tree));
    out.push({ input, goroutines, distinctStacks: distinct, config: 'toFolded (of a built tree)', nodes: tree.count, ms: folded.ms, firstMs: folded.first, leavesMs: 0 });
    const layout = newLayout();
    const frame = timeIt(runs * 3, () => void layoutVisible(tree, { zoom: 0, width: 1600, height: 900, rowHeight: 18, scrollTop: 0 }, layout));
    out.push({ input, goroutines, distinctStacks: distinct, config: 'layoutVisible 1600×900 px (one frame)', nodes: tree.count, ms: frame.ms, firstMs: frame.first, leavesMs: 0 });
  }
  return out;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('flame-bench.ts')) {
  const argv = process.argv.slice(2);
  const ri = argv.indexOf('--runs');
  const runs = ri >= 0 ? Number(argv[ri + 1]) : 7;
  runFlameBench(runs).then(
    (rows) => {
      if (argv.includes('--json')) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      console.log(`Flame tree build — Node ${process.version}, median of ${runs} runs after the first call`);
      let last = '';
      for (const r of rows) {
        if (r.input !== last) {
          console.log(`\n${r.input} (${r.goroutines.toLocaleString('en-US')} goroutines, ${r.distinctStacks.toLocaleString('en-US')} distinct leaf stacks)`);
          last = r.input;
        }
        console.log(
          `  ${r.config.padEnd(40)} ${r.ms.toFixed(1).padStart(8)} ms  (first call ${r.firstMs.toFixed(1).padStart(6)} ms` + (r.leavesMs ? `, row pass ${r.leavesMs.toFixed(1)} ms` : '') + `)  ${r.nodes.toLocaleString('en-US')} nodes`,
        );
      }
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
