/**
 * Timeline resource rows (issue #12), the worker's side in Node: building the per-P goroutine
 * intervals and the task/region rows once per trace, then one window of P rows, thread rows and
 * task/region rows as the canvas asks it (all rows of a kind in the band × 1,000 pixel columns) —
 * the whole trace, a tenth, a thousandth — on a trace file.
 *   npx tsx bench/timeline-resources-bench.ts FILE [--runs N] [--width PX]
 * Prints the best of N runs (default 5) of each, in ms, with the trace's size.
 */
import { bestOf, loadTrace } from './trace-helpers';
import { procColumns, procRuns, taskColumns, taskRows, threadColumns } from '../src/analysis/timeline-resources';

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  const ri = argv.indexOf('--runs');
  const runs = ri >= 0 ? Number(argv[ri + 1]) : 5;
  const wi = argv.indexOf('--width');
  const width = wi >= 0 ? Number(argv[wi + 1]) : 1000;
  const { t } = await loadTrace(file);
  const best = bestOf(runs, 2);
  const first = performance.now();
  const pr = procRuns(t);
  const firstBuild = Math.round((performance.now() - first) * 10) / 10;
  const build = best(() => procRuns(t));
  const tasksBuild = best(() => taskRows(t));
  const tr = taskRows(t);
  const scratch = new Float64Array(t.goroutines.count);
  const D = t.durationNs;
  const out: Record<string, unknown> = {
    file,
    goroutines: t.goroutines.count,
    segments: t.segments.count,
    procs: pr.procs.length,
    threads: t.threadSegments.ids.length,
    runsOnPs: pr.start.length,
    tasks: t.tasks.count,
    regions: t.regions.count,
    width,
    procRunsFirstMs: firstBuild,
    procRunsMs: build,
    taskRowsMs: tasksBuild,
  };
  for (const [name, t0, t1] of [
    ['whole', 0, D],
    ['tenth', 0.45 * D, 0.55 * D],
    ['thousandth', 0.5 * D, 0.501 * D],
  ] as const) {
    out[`${name}: procsMs`] = best(() => procColumns(t, pr, 0, pr.procs.length, t0, t1, width, scratch));
    out[`${name}: threadsMs`] = best(() => threadColumns(t, 0, t.threadSegments.ids.length, t0, t1, width));
    out[`${name}: tasksMs`] = best(() => taskColumns(t, tr, 0, Math.min(40, tr.tasks.length + tr.names.length), t0, t1, width));
  }
  console.log(JSON.stringify(out, null, 1));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
