import { useApp } from '../store/store';
import { GO_STATES, goroutineFirstSegment, goroutineSegmentCount, segmentEnd, segmentReason, segmentStart, segmentState, segmentUnblockedBy, type TraceModel } from '../model/trace';
import { formatNs } from './format';

const MAX_SEGMENTS = 200;

/** A trace goroutine's life: when it was created and by whom, time per state, and its state changes. */
export function TraceLifecycle({ trace, tg }: { trace: TraceModel; tg: number }) {
  const view = useApp((s) => s.view)!;
  const select = useApp((s) => s.selectRow);
  const snapshot = useApp((s) => s.snapshot);
  const g = trace.goroutines;
  const base = view.model.snapshots[snapshot]?.rowStart ?? 0;
  const goLink = (row: number) =>
    row >= 0 ? (
      <button className="link" onClick={() => select(base + row)}>
        goroutine {g.goid[row]}
      </button>
    ) : null;
  const segs: number[] = [];
  const first = goroutineFirstSegment(trace, tg);
  for (let s = first; s < first + goroutineSegmentCount(trace, tg) && segs.length < MAX_SEGMENTS; s++) segs.push(s);
  const total = g.runningNs[tg] + g.runnableNs[tg] + g.waitingNs[tg] + g.syscallNs[tg];
  const pct = (v: number) => (total > 0 ? ` (${Math.round((100 * v) / total)}%)` : '');
  return (
    <section data-testid="trace-lifecycle">
      <h3>Life in the trace</h3>
      <dl className="facts">
        <dt>Created</dt>
        <dd>
          {g.createdNs[tg] >= 0 ? `at ${formatNs(g.createdNs[tg])}` : 'before the trace started'}
          {g.creator[tg] >= 0 && <> by {goLink(g.creator[tg])}</>}
        </dd>
        <dt>Ended</dt>
        <dd>{g.endedNs[tg] >= 0 ? `at ${formatNs(g.endedNs[tg])}` : `alive at the end (${GO_STATES[g.lastState[tg]]}${g.lastReason[tg] ? `: ${view.str(g.lastReason[tg])}` : ''})`}</dd>
        <dt>Time</dt>
        <dd>
          running {formatNs(g.runningNs[tg])}
          {pct(g.runningNs[tg])}, runnable {formatNs(g.runnableNs[tg])}
          {pct(g.runnableNs[tg])}, waiting {formatNs(g.waitingNs[tg])}
          {pct(g.waitingNs[tg])}, syscall {formatNs(g.syscallNs[tg])}
          {pct(g.syscallNs[tg])}
        </dd>
        <dt>Counts</dt>
        <dd>
          {g.starts[tg]} starts, {g.blocks[tg]} blocks, {g.syscalls[tg]} syscalls
        </dd>
      </dl>
      {segs.length > 0 && (
        <table className="grid compact segs" data-testid="trace-segments">
          <thead>
            <tr>
              <th className="num">from</th>
              <th className="num">for</th>
              <th>state</th>
              <th>reason / woken by</th>
            </tr>
          </thead>
          <tbody>
            {segs.map((s) => {
              const by = segmentUnblockedBy(trace, s);
              return (
                <tr key={s}>
                  <td className="num mono small">{formatNs(segmentStart(trace, s))}</td>
                  <td className="num mono small">{formatNs(segmentEnd(trace, s, tg) - segmentStart(trace, s))}</td>
                  <td>{GO_STATES[segmentState(trace, s)]}</td>
                  <td className="small">
                    {view.str(segmentReason(trace, s))}
                    {by >= 0 && <> woken by {goLink(by)}</>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!trace.detail.full && <div className="muted small">Short state changes were merged for this trace (see the notice on the overview).</div>}
    </section>
  );
}
