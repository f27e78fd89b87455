import { useApp } from '../store/store';
import { formatCount, formatDuration } from '../analysis/units';
import { Stat } from './Stat';

/** What a dropped execution trace says right away: counts, and who was still alive at the end. */
export function TraceOverview() {
  const ws = useApp((s) => s.workspace)!;
  const snapshot = useApp((s) => s.snapshot);
  const choices = useApp((s) => s.choices);
  const filterTo = useApp((s) => s.filterTo);
  const t = ws.traces[ws.snapshots[snapshot].input];
  if (!t) return null;
  const s = t.summary;
  const reasons = Object.entries(s.blockReasons).sort((a, b) => b[1] - a[1]);
  const atEnd = choices?.traceEnd ?? [];
  return (
    <>
      <section className="stats" data-testid="trace-stats">
        <Stat label={`Trace format (${t.writtenBy})`} value={s.version} />
        <Stat label="Duration" value={formatDuration(t.durationNs)} testid="trace-duration" />
        <Stat label="Events" value={formatCount(s.events)} testid="trace-events" />
        <Stat label="Goroutines" value={formatCount(s.goroutines)} testid="trace-goroutines" />
        <Stat label="Created" value={formatCount(s.created)} testid="trace-created" />
        <Stat label="Ended" value={formatCount(s.destroyed)} testid="trace-destroyed" />
        <Stat label="Alive at end" value={formatCount(s.aliveAtEnd)} testid="trace-alive" />
        <Stat label="GC cycles" value={formatCount(t.gcCount)} testid="trace-gc" />
      </section>
      {(!t.detail.full || t.incomplete) && (
        <div className="notice small" data-testid="trace-notice">
          {t.incomplete && <div>The trace ended early (a truncated file or a damaged generation): every complete generation was kept; see the warnings above.</div>}
          {!t.detail.full && t.detail.message && <div>{t.detail.message}</div>}
        </div>
      )}
      <div className="two-col">
        <section className="card">
          <h2>Blocking events by reason</h2>
          <table className="grid bars" data-testid="trace-reasons">
            <tbody>
              {reasons.map(([k, n]) => (
                <tr key={k}>
                  <td className="num">{formatCount(n)}</td>
                  <td>
                    <div className="bar" style={{ width: `${(100 * n) / (reasons[0]?.[1] || 1)}%` }} />
                    <span className="bar-label mono">{k}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Alive at the end of the trace, by state, last known reason and park site</h2>
          <table className="grid" data-testid="trace-atend">
            <thead>
              <tr>
                <th className="num">Goroutines</th>
                <th>State</th>
                <th>Reason (last known)</th>
                <th>Park site</th>
              </tr>
            </thead>
            <tbody>
              {atEnd.map((r, i) => (
                <tr key={i} className="clickable" onClick={() => filterTo({ traceEnd: r.key }, { traceEnd: `alive at the end: ${r.state}${r.reason ? ` (${r.reason})` : ''}${r.parkSite ? ` at ${r.parkSite}` : ''}` })} data-testid="atend-row">
                  <td className="num" data-testid="atend-count">
                    {formatCount(r.count)}
                  </td>
                  <td>{r.state}</td>
                  <td className="mono">{r.reason || <span className="muted">—</span>}</td>
                  <td className="mono">{r.parkSite || <span className="muted">unknown</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
