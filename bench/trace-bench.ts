/**
 * Execution-trace benchmark helper (issue #4). `benchTrace(path)` parses one trace file in this
 * process with the production path (fileSource → parseInput → parseTrace) and reports
 * events/s, MB/s and peak RSS. The lead's bench/main.ts can call it; it also runs standalone:
 *
 *   npx tsx bench/trace-bench.ts FILE [--runs N] [--detail-limit BYTES] [--max-segments N] [--json]
 *
 * Peak memory: `peakRssBytes` is the process's max RSS (getrusage), `baselineRssBytes` the RSS
 * before the first parse (Node + tsx + modules); peak − baseline is the parse's own. Run it in a
 * fresh process per file for a clean peak.
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { fileSource } from '../src/cli/read-file';
import { parseTrace, type TraceParseOptions } from '../src/formats/trace/parse-trace';
import { sniff } from '../src/formats/sniff';
import type { ParseContext } from '../src/formats/types';

export interface TraceBenchResult {
  file: string;
  bytes: number;
  /** best run, ms (read from disk + parse into the model) */
  ms: number;
  events: number;
  eventsPerSec: number;
  mbPerSec: number;
  peakRssBytes: number;
  baselineRssBytes: number;
  detail: boolean;
  error: string | null;
  warnings: string[];
}

/** Parses `path` `runs` times (after one warm-up run when runs > 1) and reports the fastest run. */
export async function benchTrace(path: string, opts: { runs?: number; parse?: TraceParseOptions } = {}): Promise<TraceBenchResult> {
  const baseline = process.memoryUsage().rss;
  const runs = Math.max(1, opts.runs ?? 1);
  let best = Infinity;
  let last: { events: number; detail: boolean; error: string | null; warnings: string[] } | null = null;
  for (let i = 0; i < runs + (runs > 1 ? 1 : 0); i++) {
    const t0 = performance.now();
    const b = new ModelBuilder();
    if (opts.parse) {
      // direct call with options (detail limit)
      const src = await fileSource(path);
      const input = b.addInput(src.name, src.size);
      const ctx: ParseContext = { builder: b, input, fileName: src.name, totalBytes: src.size };
      const it = src.chunks[Symbol.asyncIterator]();
      const first = await it.next();
      const head = first.done ? new Uint8Array(0) : first.value;
      const kind = sniff(head);
      if (kind.kind !== 'execution-trace') throw new Error(`${path}: not an execution trace`);
      b.inputs[input].format = 'execution-trace';
      await parseTrace(
        ctx,
        (async function* () {
          if (head.length) yield head;
          for (;;) {
            const r = await it.next();
            if (r.done) return;
            yield r.value;
          }
        })(),
        kind.version,
        opts.parse,
      );
    } else await parseInput(b, await fileSource(path));
    const ms = performance.now() - t0;
    const inp = b.inputs[b.inputs.length - 1];
    const tr = inp.trace >= 0 ? b.traces[inp.trace] : null;
    last = { events: tr?.summary.events ?? 0, detail: tr?.detail.full ?? false, error: inp.error, warnings: inp.warnings };
    if (i > 0 || runs === 1) best = Math.min(best, ms);
  }
  const bytes = statSync(path).size;
  return {
    file: basename(path),
    bytes,
    ms: Math.round(best * 10) / 10,
    events: last!.events,
    eventsPerSec: Math.round(last!.events / (best / 1000)),
    mbPerSec: Math.round((bytes / 2 ** 20 / (best / 1000)) * 10) / 10,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    baselineRssBytes: baseline,
    detail: last!.detail,
    error: last!.error,
    warnings: last!.warnings,
  };
}

export function describeTraceBench(r: TraceBenchResult): string {
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  return (
    `${r.file}: ${mb(r.bytes)}, ${r.events.toLocaleString('en')} events in ${r.ms} ms = ${(r.eventsPerSec / 1e6).toFixed(2)} M events/s, ` +
    `${r.mbPerSec} MB/s; peak RSS ${mb(r.peakRssBytes)} (baseline ${mb(r.baselineRssBytes)}, ${(r.peakRssBytes / r.bytes).toFixed(2)}× file); ` +
    `detail ${r.detail ? 'kept' : 'dropped'}${r.error ? `; ERROR ${r.error}` : ''}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) {
    process.stderr.write('usage: tsx bench/trace-bench.ts FILE [--runs N] [--detail-limit BYTES] [--max-segments N] [--json]\n');
    process.exit(2);
  }
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 1;
  const dl = args.includes('--detail-limit') ? Number(args[args.indexOf('--detail-limit') + 1]) : undefined;
  const ms = args.includes('--max-segments') ? Number(args[args.indexOf('--max-segments') + 1]) : undefined;
  const parse = dl !== undefined || ms !== undefined ? { detailLimitBytes: dl, maxDetailSegments: ms } : undefined;
  const r = await benchTrace(file, { runs, parse });
  process.stdout.write((args.includes('--json') ? JSON.stringify(r) : describeTraceBench(r)) + '\n');
}
