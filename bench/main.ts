/**
 * `npm run bench`: builds large inputs from real fixtures and measures each parse in its own
 * process (so peak memory is that parse's own): MB/s, items/s, peak RSS.
 * `npm run -s bench -- parse FILE [--json]`: parses one file in-process (after one warm-up parse)
 * and prints {"file","bytes","ms","items","peakRssBytes"} — ms = read from disk + parse into the model.
 */
import { mkdirSync, writeFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { summarize } from '../src/analysis/summary';
import { fileSource } from '../src/cli/read-file';
import { DUMP_SPECS, buildDump } from './dumps';
import { buildDebug1Text, buildPprof } from './formats-bench';

const DATA = join(import.meta.dirname, 'data');

interface ParseResult {
  file: string;
  bytes: number;
  ms: number;
  items: number;
  peakRssBytes: number;
  /** RSS of the process before any parse (Node + tsx + modules): peak − baseline is what parsing needs */
  baselineRssBytes: number;
  format: string | null;
  error: string | null;
}

async function parseOnce(path: string): Promise<{ ms: number; items: number; format: string | null; error: string | null }> {
  const t0 = performance.now();
  const b = new ModelBuilder();
  await parseInput(b, await fileSource(path));
  const ms = performance.now() - t0;
  // an execution trace's model stays in the worker (nothing is frozen for the page): its parse is what is measured
  const inp = b.inputs[b.inputs.length - 1];
  if (inp.format === 'execution-trace') return { ms, items: inp.trace >= 0 ? b.traces[inp.trace].summary.events : 0, format: inp.format, error: inp.error };
  const view = new ModelView(b.freeze());
  const s = summarize(view).inputs[0];
  const items = s.trace ? s.trace.events : s.snapshots.reduce((a, x) => a + x.goroutines, 0);
  return { ms, items, format: s.format, error: s.error };
}

async function parseCommand(path: string, json: boolean): Promise<void> {
  // RSS of the process with its modules loaded, before any parse
  const baseline = process.memoryUsage.rss();
  await parseOnce(path); // warm-up: JIT, not disk cache effects alone
  // the warm-up's garbage is not this parse's memory: collect it, then sample RSS during the parse
  // (maxRSS is a lifetime high-water mark and would include the warm-up); without --expose-gc, ask V8 for it
  const gc = (globalThis as { gc?: () => void }).gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc') as () => void);
  gc();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    const r = process.memoryUsage.rss();
    if (r > peak) peak = r;
  }, 5);
  const r = await parseOnce(path);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const res: ParseResult = {
    file: basename(path),
    bytes: statSync(path).size,
    ms: Math.round(r.ms * 10) / 10,
    items: r.items,
    peakRssBytes: peak,
    baselineRssBytes: baseline,
    format: r.format,
    error: r.error,
  };
  if (json) process.stdout.write(JSON.stringify(res) + '\n');
  else process.stdout.write(describe(res) + '\n');
}

function describe(r: ParseResult): string {
  const mb = r.bytes / 1e6;
  const unit = r.format === 'execution-trace' ? 'events' : 'goroutines';
  return (
    `${r.file.padEnd(28)} ${mb.toFixed(1).padStart(7)} MB ${String(r.ms.toFixed(0)).padStart(7)} ms ` +
    `${(mb / (r.ms / 1000)).toFixed(1).padStart(7)} MB/s ${Math.round(r.items / (r.ms / 1000)).toLocaleString('en-US').padStart(12)} ${unit}/s ` +
    `peak RSS ${(r.peakRssBytes / 1e6).toFixed(0).padStart(5)} MB, above baseline ${((r.peakRssBytes - r.baselineRssBytes) / 1e6).toFixed(0).padStart(4)} MB (${((r.peakRssBytes - r.baselineRssBytes) / r.bytes).toFixed(2)}× file)` +
    (r.error ? `  ERROR ${r.error}` : '')
  );
}

async function prepare(): Promise<string[]> {
  mkdirSync(DATA, { recursive: true });
  const files: string[] = [];
  for (const spec of DUMP_SPECS) {
    const p = join(DATA, spec.name);
    if (!existsSync(p)) writeFileSync(p, buildDump(spec));
    files.push(p);
  }
  const d1 = join(DATA, 'debug1-100k.txt');
  if (!existsSync(d1)) writeFileSync(d1, buildDebug1Text({ goroutines: 100_000 }));
  files.push(d1);
  const pb = join(DATA, 'goroutine-100k.pb.gz');
  if (!existsSync(pb)) writeFileSync(pb, (await buildPprof({ goroutines: 100_000 })).gz);
  files.push(pb);
  // large execution traces made with Go (bench/tracegen, or the fixture generator's --large) and
  // large dumps made with dumpgen (shared/bench-inputs, saved as data/dumpgen-*.txt) are measured when present
  for (const t of readdirSync(DATA).sort()) if (/\.(trace|out)$|^dumpgen-.*\.txt$/.test(t)) files.push(join(DATA, t));
  return files;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'parse') {
    const file = argv.find((a, i) => i > 0 && !a.startsWith('--'));
    if (!file) throw new Error('usage: bench parse FILE [--json]');
    return parseCommand(file, argv.includes('--json'));
  }
  const files = await prepare();
  console.log(`Parkscope parse benchmark — Node ${process.version}, each file in its own process, after one warm-up parse`);
  for (const f of files) {
    const out = execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, import.meta.filename, 'parse', f, '--json'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    console.log(describe(JSON.parse(out.trim().split('\n').pop()!) as ParseResult));
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
