/**
 * The timeline's first frame (issue #12), the worker's side in Node: the layout (grouping and
 * sorting every goroutine, the leak candidates) and the whole trace's answers the first frame
 * needs — the overview strip and the visible groups' stacked areas — on a trace file.
 *   npx tsx bench/timeline-first-bench.ts FILE [--runs N] [--width PX] [--by start|park|creator|task|none]
 * Prints the best of N runs (default 3) of each, in ms.
 */
import { bestOf, loadTrace } from './trace-helpers';
import { wholeColumns, leakCandidates, reasonClasses, stackedColumns, timelineGroups, type TimelineGroupBy } from '../src/analysis/timeline';

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  const opt = (name: string, d: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : d);
  const runs = Number(opt('--runs', '3'));
  const width = Number(opt('--width', '1026'));
  const by = opt('--by', 'start') as TimelineGroupBy;
  const { b, t } = await loadTrace(file);
  const str = (id: number) => b.strings.get(id);
  const best = bestOf(runs);
  const rc = reasonClasses(t, str);
  const names = { str, parkFunc: () => '' };
  const g = timelineGroups(t, by, 'atEnd', names);
  const D = t.durationNs;
  const visible = Math.min(17, g.labels.length);
  const out: Record<string, unknown> = {
    file,
    goroutines: t.goroutines.count,
    segments: t.segments.count,
    groups: g.labels.length,
    width,
    groupsMs: best(() => timelineGroups(t, by, 'atEnd', names)),
    leakCandidatesMs: best(() => leakCandidates(t)),
    leakCandidates: leakCandidates(t).length,
    overviewMs: best(() => stackedColumns(t, rc, null, 0, D, 1200)),
    visibleGroupsMs: best(() => {
      for (let k = 0; k < visible; k++) stackedColumns(t, rc, g.rows.subarray(g.offsets[k], g.offsets[k + 1]), 0, D, width);
    }),
  };
  const slotOf = new Int32Array(t.goroutines.count).fill(-1);
  for (let k = 0; k < g.labels.length; k++) for (let j = g.offsets[k]; j < g.offsets[k + 1]; j++) slotOf[g.rows[j]] = k < 64 ? k : -1;
  out.wholeMs = best(() => wholeColumns(t, rc, slotOf, Math.min(64, g.labels.length), D, width));
  const none = new Int32Array(t.goroutines.count).fill(-1);
  out.wholeNoGroupsMs = best(() => wholeColumns(t, rc, none, 0, D, width));
  console.log(JSON.stringify(out, null, 1));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
