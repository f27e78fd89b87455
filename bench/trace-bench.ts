/**
 * Execution-trace benchmark: Parkscope's parse next to Go 1.27's own reader, on the same file in
 * the same minute (this VM's absolute times drift by ±30%: only ratios mean something).
 *
 *   npx tsx bench/trace-bench.ts compare FILE... [--rounds N] [--go PATH] [--json]
 *   npx tsx bench/trace-bench.ts peak FILE          (one parse in this process: peak RSS above the start)
 *   npx tsx bench/trace-bench.ts warm FILE [--runs N]   (N parses in this process: the best, JIT warm)
 *
 * `compare` runs, per file and round, alternately: Go's reader (bench/tracegen/goreader, built by
 * its build.sh; default /tmp/goreader/readbench; it prints its own read time, and /usr/bin/time its
 * peak RSS), `bench/main.ts parse FILE --json` (a fresh process: one warm-up parse, then the timed
 * one — read from disk + parse into the model, full detail) and `peak` (a fresh process, one parse:
 * the parse's own peak memory, as getrusage's max RSS minus the RSS before it), and once `warm` (a
 * fresh process, 6 parses, the best: the steady state once V8 has compiled everything, which the
 * second parse of `bench parse` has not reached on small files). It prints the best time of each
 * over the rounds and the ratios Go ms / Parkscope ms (≥ 1: Parkscope at least as fast).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { fileSource } from '../src/cli/read-file';

export interface TraceCompareRow {
  file: string;
  bytes: number;
  events: number;
  /** best of the rounds */
  parkscopeMs: number;
  parkscopeEventsPerSec: number;
  /** peak RSS of one parse above the RSS before it (a fresh process) */
  parkscopePeakBytes: number;
  /** best of 6 parses in one process (JIT warm) */
  parkscopeWarmMs: number;
  detail: string;
  segments: number;
  goMs: number;
  goEvents: number;
  goPeakRssBytes: number;
  /** goMs / parkscopeMs */
  ratio: number;
  /** goMs / parkscopeWarmMs */
  warmRatio: number;
  error: string | null;
}

/** `runs` parses in this process; the fastest (ms). */
export async function warmParse(path: string, runs: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    await parseInput(new ModelBuilder(), await fileSource(path));
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** One parse in this process; its peak RSS above the RSS before it. */
export async function peakOfOneParse(path: string): Promise<{ peakBytes: number; events: number; detail: string; segments: number; error: string | null }> {
  const before = process.memoryUsage.rss();
  const b = new ModelBuilder();
  await parseInput(b, await fileSource(path));
  const peak = process.resourceUsage().maxRSS * 1024;
  const inp = b.inputs[b.inputs.length - 1];
  const t = inp.trace >= 0 ? b.traces[inp.trace] : null;
  return { peakBytes: Math.max(0, peak - before), events: t?.summary.events ?? 0, detail: t?.summary.detail ?? '', segments: t?.summary.segments ?? 0, error: inp.error };
}

/** Go's reader on `file`: its own read time, and /usr/bin/time's peak RSS (written to stderr: both captured). */
function runGo(goReader: string, file: string): { ms: number; events: number; peak: number } {
  return parseGoOutput(execFileSync('sh', ['-c', '/usr/bin/time -f maxrss_kb=%M "$0" "$1" 2>&1', goReader, file], { encoding: 'utf8' }));
}

function parseGoOutput(out: string): { ms: number; events: number; peak: number } {
  const m = /(\d+) events in ([\d.]+)(ms|s|µs)/.exec(out);
  if (!m) throw new Error(`unexpected Go reader output: ${out}`);
  const ms = Number(m[2]) * (m[3] === 's' ? 1000 : m[3] === 'µs' ? 1e-3 : 1);
  const k = /maxrss_kb=(\d+)/.exec(out);
  return { ms, events: Number(m[1]), peak: k ? Number(k[1]) * 1024 : 0 };
}

function node(args: string[]): string {
  return execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
}

export function compare(files: string[], rounds: number, goReader: string): TraceCompareRow[] {
  const main = join(import.meta.dirname, 'main.ts');
  const rows: TraceCompareRow[] = [];
  for (const file of files) {
    let best = Infinity;
    let goBest = Infinity;
    let goPeak = 0;
    let goEvents = 0;
    let events = 0;
    let peak = 0;
    let detail = '';
    let segments = 0;
    let error: string | null = null;
    let warm = Infinity;
    for (let i = 0; i < rounds; i++) {
      const g = runGo(goReader, file);
      goBest = Math.min(goBest, g.ms);
      goPeak = Math.max(goPeak, g.peak);
      goEvents = g.events;
      const p = JSON.parse(node([main, 'parse', file, '--json']).trim().split('\n').pop()!) as { ms: number; items: number; error: string | null };
      best = Math.min(best, p.ms);
      events = p.items;
      error = p.error;
      if (i === 0) {
        const pk = JSON.parse(node([import.meta.filename, 'peak', file]).trim().split('\n').pop()!) as { peakBytes: number; detail: string; segments: number };
        peak = pk.peakBytes;
        detail = pk.detail;
        segments = pk.segments;
        warm = Number(node([import.meta.filename, 'warm', file, '--runs', '6']).trim().split('\n').pop());
      }
    }
    rows.push({
      file: basename(file),
      bytes: statSync(file).size,
      events,
      parkscopeMs: Math.round(best),
      parkscopeEventsPerSec: Math.round(events / (best / 1000)),
      parkscopePeakBytes: peak,
      parkscopeWarmMs: Math.round(warm),
      detail,
      segments,
      goMs: Math.round(goBest),
      goEvents,
      goPeakRssBytes: goPeak,
      ratio: Math.round((goBest / best) * 100) / 100,
      warmRatio: Math.round((goBest / warm) * 100) / 100,
      error,
    });
  }
  return rows;
}

export function table(rows: TraceCompareRow[]): string {
  const mb = (n: number) => (n / 2 ** 20).toFixed(0);
  const out = [
    '| file | MB | events | Parkscope ms (bench parse) | events/s | warm ms | events/s | peak MB above start (× file) | detail, segments | Go reader ms | Go peak RSS MB | ratio Go/Parkscope (warm) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const r of rows)
    out.push(
      `| ${r.file} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${r.events.toLocaleString('en')}${r.goEvents && r.goEvents + 0 !== r.events ? ` (Go ${r.goEvents.toLocaleString('en')})` : ''} | ${r.parkscopeMs} | ${(r.parkscopeEventsPerSec / 1e6).toFixed(2)} M | ${r.parkscopeWarmMs} | ${(r.events / r.parkscopeWarmMs / 1000).toFixed(2)} M | ${mb(r.parkscopePeakBytes)} (${(r.parkscopePeakBytes / r.bytes).toFixed(1)}×) | ${r.detail}, ${r.segments.toLocaleString('en')} | ${r.goMs} | ${mb(r.goPeakRssBytes)} | ${r.ratio.toFixed(2)} (${r.warmRatio.toFixed(2)}) |${r.error ? ` ERROR ${r.error}` : ''}`,
    );
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const cmd = args[0];
  const files = args.slice(1).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && (all[i - 1] === '--rounds' || all[i - 1] === '--go' || all[i - 1] === '--runs')));
  if (cmd === 'warm' && files.length === 1) {
    const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 6;
    process.stdout.write(String(await warmParse(files[0], runs)) + '\n');
  } else if (cmd === 'peak' && files.length === 1) {
    process.stdout.write(JSON.stringify(await peakOfOneParse(files[0])) + '\n');
  } else if (cmd === 'compare' && files.length > 0) {
    const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
    const go = args.includes('--go') ? args[args.indexOf('--go') + 1] : '/tmp/goreader/readbench';
    if (!existsSync(go)) throw new Error(`${go}: build Go's reader first (bench/tracegen/goreader/build.sh)`);
    const rows = compare(files, rounds, go);
    process.stdout.write((args.includes('--json') ? JSON.stringify(rows, null, 1) : table(rows)) + '\n');
  } else {
    process.stderr.write('usage: tsx bench/trace-bench.ts compare FILE... [--rounds N] [--go PATH] [--json] | peak FILE\n');
    process.exit(2);
  }
}

