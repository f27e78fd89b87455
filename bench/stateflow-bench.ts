/**
 * State-flow query speed (src/analysis/stateflow.ts, what the worker's `stateFlow` answers): the
 * whole trace, a range with a cursor, the states at a cursor alone (what a cursor move costs: the
 * worker keeps the range's counts), and the table filter of one edge, on a trace file.
 *   npx tsx bench/stateflow-bench.ts FILE [--runs N]
 * Prints the best of N runs (default 5) of each, in ms, with the trace's size.
 */
import { bestOf, loadTrace } from './trace-helpers';
import { countsAt, goroutinesWithTransition, stateFlow } from '../src/analysis/stateflow';

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  const ri = argv.indexOf('--runs');
  const runs = ri >= 0 ? Number(argv[ri + 1]) : 5;
  const { b, t } = await loadTrace(file);
  const str = (id: number) => b.strings.get(id);
  const best = bestOf(runs);
  const D = t.durationNs;
  let edges = 0;
  const whole = best(() => (edges = stateFlow(t, str, { range: null, cursor: null, bins: 240 }).edges.length));
  const ranged = best(() => stateFlow(t, str, { range: { t0: 0.3 * D, t1: 0.6 * D }, cursor: 0.45 * D, bins: 240 }));
  const cursor = best(() => countsAt(t, str, 0.45 * D));
  const filter = best(() => goroutinesWithTransition(t, str, { from: 'g:runnable', to: 'g:running', reason: -1, t0: null, t1: null }));
  console.log(JSON.stringify({ file, events: t.summary.events, goroutines: t.goroutines.count, segments: t.segments.count, edges, wholeMs: whole, rangeWithCursorMs: ranged, cursorOnlyMs: cursor, edgeFilterMs: filter }));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
