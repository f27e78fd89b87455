import type { SchedSnapshot } from '../model/sched';
import { Stat } from './Stat';

const P_STATUS = ['idle', 'running', 'syscall', 'gcstop', 'dead'];

/** One SCHED block: the scheduler's counters, and with scheddetail its Ps and Ms and their bindings. */
export function SchedPanel({ s }: { s: SchedSnapshot }) {
  return (
    <>
      <section className="stats" data-testid="sched-stats">
        <Stat label="Uptime" value={`${s.uptimeMs} ms`} />
        <Stat label="GOMAXPROCS" value={String(s.gomaxprocs)} />
        <Stat label="Idle Ps" value={String(s.idleprocs)} />
        <Stat label="Threads (idle)" value={`${s.threads} (${s.idlethreads})`} />
        <Stat label="Spinning threads" value={String(s.spinningthreads)} />
        <Stat label="Global run queue" value={String(s.runqueue)} />
        {s.localRunqueues.length > 0 && <Stat label="Local run queues" value={s.localRunqueues.join(' ')} />}
      </section>
      {(s.procs.length > 0 || s.threadsDetail.length > 0) && (
        <div className="two-col">
          <section className="card">
            <h2>Processors (P)</h2>
            <table className="grid compact" data-testid="sched-procs">
              <thead>
                <tr>
                  <th>P</th>
                  <th>status</th>
                  <th>M</th>
                  <th className="num">run queue</th>
                  <th className="num">schedtick</th>
                  <th className="num">syscalltick</th>
                </tr>
              </thead>
              <tbody>
                {s.procs.map((p) => (
                  <tr key={p.id}>
                    <td className="mono">P{p.id}</td>
                    <td>{P_STATUS[p.status] ?? p.status}</td>
                    <td className="mono">{p.m >= 0 ? `M${p.m}` : '—'}</td>
                    <td className="num">{p.runqsize}</td>
                    <td className="num">{p.schedtick}</td>
                    <td className="num">{p.syscalltick}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>Threads (M)</h2>
            <table className="grid compact" data-testid="sched-threads">
              <thead>
                <tr>
                  <th>M</th>
                  <th>P</th>
                  <th>running G</th>
                  <th>locked G</th>
                  <th>flags</th>
                </tr>
              </thead>
              <tbody>
                {s.threadsDetail.map((m) => (
                  <tr key={m.id}>
                    <td className="mono">M{m.id}</td>
                    <td className="mono">{m.p >= 0 ? `P${m.p}` : '—'}</td>
                    <td className="mono">{m.curg >= 0 ? `G${m.curg}` : '—'}</td>
                    <td className="mono">{m.lockedg >= 0 ? `G${m.lockedg}` : '—'}</td>
                    <td className="small muted">{[m.spinning && 'spinning', m.blocked && 'blocked', m.dying && 'dying', m.mallocing && 'mallocing'].filter(Boolean).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </>
  );
}
