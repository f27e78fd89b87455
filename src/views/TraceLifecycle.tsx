import { useApp } from '../store/store';
import type { TraceLife } from '../worker/api';
import { formatDuration } from '../analysis/units';

/** A trace goroutine's life: when it was created and by whom, time per state, and its state changes. */
export function TraceLifecycle({ life }: { life: TraceLife }) {
  const select = useApp((s) => s.followRow);
  const goLink = (row: number, goid: number) =>
    row >= 0 ? (
      <button className="link" onClick={() => select(row)}>
        goroutine {goid}
      </button>
    ) : null;
  const total = life.runningNs + life.runnableNs + life.waitingNs + life.syscallNs;
  const pct = (v: number) => (total > 0 ? ` (${Math.round((100 * v) / total)}%)` : '');
  return (
    <section data-testid="trace-lifecycle">
      <h3>Life in the trace</h3>
      <dl className="facts">
        <dt>Created</dt>
        <dd>
          {life.createdNs >= 0 ? `at ${formatDuration(life.createdNs)}` : 'before the trace started'}
          {life.creatorRow >= 0 && <> by {goLink(life.creatorRow, life.creatorGoid)}</>}
        </dd>
        <dt>Ended</dt>
        <dd>{life.endedNs >= 0 ? `at ${formatDuration(life.endedNs)}` : `alive at the end (${life.lastState}${life.lastReason ? `: ${life.lastReason}` : ''})`}</dd>
        <dt>Time</dt>
        <dd>
          running {formatDuration(life.runningNs)}
          {pct(life.runningNs)}, runnable {formatDuration(life.runnableNs)}
          {pct(life.runnableNs)}, waiting {formatDuration(life.waitingNs)}
          {pct(life.waitingNs)}, syscall {formatDuration(life.syscallNs)}
          {pct(life.syscallNs)}
        </dd>
        <dt>Counts</dt>
        <dd>
          {life.starts} starts, {life.blocks} blocks, {life.syscalls} syscalls
        </dd>
      </dl>
      {life.segments.length > 0 && (
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
            {life.segments.map((s, i) => (
              <tr key={i}>
                <td className="num mono small">{formatDuration(s.startNs)}</td>
                <td className="num mono small">{formatDuration(s.durationNs)}</td>
                <td>{s.state}</td>
                <td className="small">
                  {s.reason}
                  {s.unblockedByRow >= 0 && <> woken by {goLink(s.unblockedByRow, s.unblockedByGoid)}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {life.segmentCount > life.segments.length && <div className="muted small">the first {life.segments.length} of {life.segmentCount} state changes</div>}
      {life.reduced && <div className="muted small">This trace is large: states shorter than a microsecond were merged into the next one (see the notice on the overview).</div>}
    </section>
  );
}
