import { useMemo } from 'react';
import { useApp } from '../store/store';
import { GO_STATES } from '../model/trace';
import { formatCount, formatNs } from './format';
import { Stat } from './Overview';

/** What a dropped execution trace says right away: counts, and who was still blocked at the end. */
export function TraceOverview({ input }: { input: number }) {
  const view = useApp((s) => s.view)!;
  const parkByStack = useApp((s) => s.parkSiteByStack);
  const setSnapshot = useApp((s) => s.setSnapshot);
  const setFilters = useApp((s) => s.setFilters);
  const setView = useApp((s) => s.setView);
  const inp = view.model.inputs[input];
  const t = view.model.traces[inp.trace];
  const blockedAt = useMemo(() => {
    if (!t) return [];
    const a = t.atEnd;
    const out: { state: string; reason: string; site: string; n: number }[] = [];
    for (let i = 0; i < a.count; i++) {
      const st = a.stack[i];
      const f = st >= 0 && st < parkByStack.length ? parkByStack[st] : -1;
      out.push({ state: GO_STATES[a.state[i]] ?? '?', reason: view.str(a.reason[i]), site: f >= 0 ? view.frameFunc(f) : '', n: a.goroutines[i] });
    }
    return out.sort((x, y) => y.n - x.n || (x.site < y.site ? -1 : 1));
  }, [t, view, parkByStack]);
  if (!t) return null;
  const s = t.summary;
  const reasons = Object.entries(s.blockReasons).sort((a, b) => b[1] - a[1]);
  const openSite = (site: string) => {
    if (inp.snapshotEnd > inp.snapshotStart) setSnapshot(inp.snapshotStart);
    setFilters({ state: '', text: site, label: '', rows: null, rowsLabel: '' });
    setView('goroutines');
  };
  return (
    <>
      <section className="stats" data-testid="trace-stats">
        <Stat label={`Trace format (${t.writtenBy})`} value={s.version} />
        <Stat label="Duration" value={formatNs(t.durationNs)} testid="trace-duration" />
        <Stat label="Events" value={formatCount(s.events)} testid="trace-events" />
        <Stat label="Goroutines" value={formatCount(s.goroutines)} testid="trace-goroutines" />
        <Stat label="Created" value={formatCount(s.created)} testid="trace-created" />
        <Stat label="Ended" value={formatCount(s.destroyed)} testid="trace-destroyed" />
        <Stat label="Alive at end" value={formatCount(s.aliveAtEnd)} testid="trace-alive" />
        <Stat label="GC cycles" value={formatCount(t.gc.count)} testid="trace-gc" />
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
          <table className="grid" data-testid="trace-reasons">
            <tbody>
              {reasons.map(([k, n]) => (
                <tr key={k}>
                  <td className="num">{formatCount(n)}</td>
                  <td className="mono">{k}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>Alive at the end of the trace, by state, reason and park site</h2>
          <table className="grid" data-testid="trace-atend">
            <thead>
              <tr>
                <th className="num">Goroutines</th>
                <th>State</th>
                <th>Reason</th>
                <th>Park site</th>
              </tr>
            </thead>
            <tbody>
              {blockedAt.map((r, i) => (
                <tr key={i} className={r.site ? 'clickable' : ''} onClick={() => r.site && openSite(r.site)}>
                  <td className="num">{formatCount(r.n)}</td>
                  <td>{r.state}</td>
                  <td className="mono">{r.reason || <span className="muted">—</span>}</td>
                  <td className="mono">{r.site || <span className="muted">unknown</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
