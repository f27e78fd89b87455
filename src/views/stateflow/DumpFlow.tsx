/**
 * The state-flow view of a goroutine snapshot without transitions (a dump, a profile): the goroutine
 * lane alone, as the distribution of states by the diagram's nodes, with the leak patterns of the
 * report — and plainly that transitions need an execution trace, and how to record one.
 */
import { useEffect } from 'react';
import { useApp } from '../../store/store';
import { useStateFlow } from '../../store/stateflow';
import { FLOW_NODES, type StateDistribution } from '../../analysis/stateflow';
import { formatCount, plural } from '../../analysis/units';

/** The goroutine lane of a snapshot: one card per node with its count and the wait reasons in it. */
export function GoroutineLane({ dist, title }: { dist: StateDistribution; title: string }) {
  const max = Math.max(1, ...dist.nodes.map((n) => n.count));
  return (
    <section className="card sf-glane" data-testid="sf-glane">
      <h2>
        {title}: {plural(dist.goroutines, 'goroutine')}
      </h2>
      <div className="sf-glane-nodes">
        {dist.nodes.map((n) => (
          <div key={n.node} className={`sf-gnode${FLOW_NODES[n.node].state === 'Waiting' ? ' waiting' : ''}`} data-testid="sf-gnode" data-key={FLOW_NODES[n.node].key} data-count={n.count}>
            <div className="sf-gnode-head">
              <span className="sf-gnode-name">{FLOW_NODES[n.node].label}</span>
              <b className="num">{formatCount(n.count)}</b>
            </div>
            <div className="sf-gnode-bar" style={{ width: `${Math.max(2, (100 * n.count) / max)}%` }} />
            <ul className="sf-gnode-reasons small">
              {n.reasons.slice(0, 8).map((r) => (
                <li key={r.reason} data-testid="sf-greason" data-reason={r.reason} data-count={r.count}>
                  <span className="mono">{r.reason || '(none)'}</span> <span className="num">{formatCount(r.count)}</span>
                </li>
              ))}
              {n.reasons.length > 8 && <li className="muted">+ {n.reasons.length - 8} more</li>}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

export function DumpFlow() {
  const snapshot = useApp((s) => s.snapshot);
  const report = useApp((s) => s.report);
  const setTab = useApp((s) => s.setTab);
  const dist = useStateFlow((s) => s.dist);
  const askDistribution = useStateFlow((s) => s.askDistribution);
  useEffect(() => askDistribution(snapshot), [askDistribution, snapshot]);
  const patterns = new Map<string, { title: string; kind: string; count: number; key: string; suspects: number }>();
  for (const s of report?.suspects ?? []) {
    const p = patterns.get(s.pattern);
    if (p) {
      p.count += s.count;
      p.suspects++;
    } else patterns.set(s.pattern, { title: s.title, kind: s.kind, count: s.count, key: s.key, suspects: 1 });
  }
  return (
    <div className="sf" data-testid="stateflow">
      <div className="notice small" data-testid="sf-no-trace">
        <b>This is one snapshot: it shows where goroutines are, not how they move.</b> Transitions (created → runnable → running → waiting …) with their counts, processors and threads need an
        execution trace: <code>go test -trace=trace.out ./pkg</code>, <code>runtime/trace.Start(f)</code> … <code>trace.Stop()</code> in the program, or{' '}
        <code>curl -o trace.out 'http://localhost:6060/debug/pprof/trace?seconds=5'</code> (with <code>import _ "net/http/pprof"</code>). Drop the trace here.
      </div>
      {dist ? <GoroutineLane dist={dist} title="Goroutines by state" /> : <div className="card muted">Counting…</div>}
      {patterns.size > 0 && (
        <section className="card">
          <h2>
            Leak patterns among them (from the{' '}
            <button className="link" onClick={() => setTab('report')}>
              leak report
            </button>
            )
          </h2>
          <table className="grid compact" data-testid="sf-patterns">
            <tbody>
              {[...patterns.values()]
                .sort((a, b) => b.count - a.count)
                .map((p) => (
                  <tr key={p.key}>
                    <td className="num">{formatCount(p.count)}</td>
                    <td>{p.title}</td>
                    <td className="small muted">
                      {p.kind} · {plural(p.suspects, 'suspect')}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
