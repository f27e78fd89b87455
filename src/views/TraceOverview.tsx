import { useApp } from '../store/store';
import { formatCount } from './format';
import { Stat } from './Overview';

/** What a dropped execution trace says right away: counts, and who was still blocked at the end. */
export function TraceOverview({ input }: { input: number }) {
  const view = useApp((s) => s.view)!;
  const inp = view.model.inputs[input];
  const t = view.model.traces[inp.trace];
  if (!t) return null;
  const s = t.summary;
  const atEnd = Object.entries(s.atEnd).sort((a, b) => b[1] - a[1]);
  const reasons = Object.entries(s.blockReasons).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <section className="stats" data-testid="trace-stats">
        <Stat label="Trace format" value={s.version} />
        <Stat label="Events" value={formatCount(s.events)} testid="trace-events" />
        <Stat label="Goroutines" value={formatCount(s.goroutines)} testid="trace-goroutines" />
        <Stat label="Created" value={formatCount(s.created)} testid="trace-created" />
        <Stat label="Ended" value={formatCount(s.destroyed)} testid="trace-destroyed" />
        <Stat label="Alive at end" value={formatCount(s.aliveAtEnd)} testid="trace-alive" />
      </section>
      <div className="two-col">
        <section className="card">
          <h2>Alive at the end of the trace</h2>
          <table className="grid" data-testid="trace-atend">
            <tbody>
              {atEnd.map(([k, n]) => {
                const [state, reason] = k.split('|');
                return (
                  <tr key={k}>
                    <td className="num">{formatCount(n)}</td>
                    <td>{state}</td>
                    <td className="mono">{reason || <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
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
      </div>
    </>
  );
}
