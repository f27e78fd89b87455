/**
 * The state-flow view of a GODEBUG=schedtrace[,scheddetail] log: each SCHED block's lanes — the
 * goroutines by state (from its G lines), the Ps with their status and local run-queue length as
 * bars, the Ms with the P they hold and the goroutine they run — with the bindings drawn (M→P,
 * M→current G), and a slider that steps through the log's SCHED blocks (the app's snapshot).
 */
import { useEffect } from 'react';
import { useApp } from '../../store/store';
import { useStateFlow } from '../../store/stateflow';
import { formatCount } from '../../analysis/units';
import { GoroutineLane } from './DumpFlow';
import { SchedHistory, queuedRunnable } from './SchedHistory';

const P_STATUS = ['idle', 'running', 'syscall', 'gcstop', 'dead'];

export function SchedFlow() {
  const ws = useApp((s) => s.workspace)!;
  const snapshot = useApp((s) => s.snapshot);
  const setSnapshot = useApp((s) => s.setSnapshot);
  const dist = useStateFlow((s) => s.dist);
  const askDistribution = useStateFlow((s) => s.askDistribution);
  useEffect(() => askDistribution(snapshot), [askDistribution, snapshot]);
  const snap = ws.snapshots[snapshot];
  const inp = ws.inputs[snap.input];
  const first = inp.snapshotStart;
  const count = inp.snapshotEnd - inp.snapshotStart;
  const s = snap.sched!;
  const blocks = ws.snapshots.slice(first, first + count).map((x) => x.sched!);
  const detail = s.procs.length > 0;
  const goroutines = detail ? ws.snapshots.slice(first, first + count).map((x) => x.rowEnd - x.rowStart) : null;
  const queued = queuedRunnable(s);
  const busyProcs = Math.max(0, s.gomaxprocs - s.idleprocs);
  const procs = s.procs.length ? s.procs : s.localRunqueues.map((q, id) => ({ id, status: -1, m: -1, runqsize: q, schedtick: 0, syscalltick: 0, gfreecnt: 0, timerslen: null }));
  const threads = [...s.threadsDetail].sort((a, b) => a.id - b.id);
  // P boxes in a row, M boxes in a row below; a line from each M to the P it holds
  const W = 1200;
  const pw = Math.min(150, (W - 170) / Math.max(1, procs.length) - 14);
  const mw = Math.min(130, (W - 170) / Math.max(1, threads.length) - 10);
  const GUT = 150;
  const px = (i: number) => GUT + i * (pw + 14);
  const mx = (i: number) => GUT + i * (mw + 10);
  const maxQ = Math.max(1, s.runqueue, ...procs.map((p) => p.runqsize));
  const QH = 60;
  const PY = 76;
  const MY = 196;
  const H = threads.length ? 260 : 196;
  return (
    <div className="sf" data-testid="stateflow">
      <section className="card sf-controls">
        <div className="sf-toolbar">
          <label className="small">
            SCHED block{' '}
            <input
              type="range"
              min={0}
              max={count - 1}
              value={snapshot - first}
              onChange={(e) => setSnapshot(first + Number(e.target.value))}
              data-testid="sf-sched-slider"
              aria-label="SCHED block"
              disabled={count < 2}
            />
          </label>
          <span className="small" data-testid="sf-sched-at" data-index={snapshot - first} data-uptime={s.uptimeMs}>
            <b>
              {snapshot - first + 1} of {count}
            </b>{' '}
            — SCHED {formatCount(s.uptimeMs)} ms: gomaxprocs={s.gomaxprocs} idleprocs={s.idleprocs} threads={s.threads} idlethreads={s.idlethreads} spinning={s.spinningthreads} runqueue={s.runqueue}
          </span>
        </div>
        {!s.procs.length && <div className="small muted">This log has no scheddetail lines: only the run-queue lengths per P are known. Record it with GODEBUG=schedtrace=1000,scheddetail=1 to see each P, M and G.</div>}
      </section>
      <SchedHistory blocks={blocks} index={snapshot - first} onPick={(i) => setSnapshot(first + i)} goroutines={goroutines} />
      {detail && dist && <GoroutineLane dist={dist} title="Goroutines (G) in this SCHED block" />}
      {!detail && (
        <section className="card sf-glane" data-testid="sf-sched-glane">
          <h2>Goroutines (G) in this SCHED block</h2>
          <div className="sf-glane-nodes">
            <div className="sf-gnode" data-testid="sf-sched-queued" data-count={queued}>
              <div className="sf-gnode-head">
                <span className="sf-gnode-name">runnable, queued</span>
                <b>{formatCount(queued)}</b>
              </div>
              <div className="small muted">
                global run queue {s.runqueue} + local queues [{(s.localRunqueues ?? []).join(' ')}]
              </div>
            </div>
            <div className="sf-gnode" data-testid="sf-sched-running" data-count={busyProcs}>
              <div className="sf-gnode-head">
                <span className="sf-gnode-name">running</span>
                <b>≤ {formatCount(busyProcs)}</b>
              </div>
              <div className="small muted">at most one per P in use (gomaxprocs {s.gomaxprocs} − idleprocs {s.idleprocs})</div>
            </div>
          </div>
          <p className="small muted">
            A schedtrace line counts no waiting goroutines: record with <code>GODEBUG=schedtrace=1000,scheddetail=1</code> for every G and its status, or take a goroutine dump
            (<code>/debug/pprof/goroutine?debug=2</code>) to see where they wait.
          </p>
        </section>
      )}
      <section className="card sf-card">
        <svg viewBox={`0 0 ${W} ${H}`} className="sf-svg" data-testid="sf-sched" role="img" aria-label="Processors and threads of this SCHED block">
          <text x={14} y={PY + 18} className="sf-lane-title">
            Processors (P)
          </text>
          <text x={14} y={PY + 34} className="sf-node-sub">
            bars: run queue
          </text>
          <text x={14} y={PY + 48} className="sf-node-sub">
            global: {s.runqueue}
          </text>
          {!detail && (
            <text x={14} y={PY + 66} className="sf-node-sub" data-testid="sf-sched-paggr">
              {busyProcs} in use, {s.idleprocs} idle of {s.gomaxprocs}
            </text>
          )}
          {!detail && (
            <g data-testid="sf-sched-maggr" data-threads={s.threads} data-idle={s.idlethreads} data-spinning={s.spinningthreads}>
              <text x={14} y={PY + 100} className="sf-lane-title">
                Threads (M)
              </text>
              <text x={GUT} y={PY + 100} className="sf-node-sub">
                {s.threads} threads: {Math.max(0, s.threads - s.idlethreads - s.spinningthreads)} busy (running Go code, in a syscall or cgo), {s.idlethreads} idle, {s.spinningthreads} spinning
                {s.needspinning !== null ? ` · needspinning=${s.needspinning}` : ''}
              </text>
            </g>
          )}
          {procs.map((p, i) => {
            const h = (QH * p.runqsize) / maxQ;
            return (
              <g key={p.id} data-testid="sf-sched-p" data-id={p.id} data-status={p.status >= 0 ? (P_STATUS[p.status] ?? String(p.status)) : ''} data-m={p.m} data-runq={p.runqsize}>
                <rect x={px(i) + pw / 2 - 10} y={PY - 6 - h} width={20} height={Math.max(1, h)} className="sf-runq" />
                <text x={px(i) + pw / 2 + 14} y={PY - 8} className="sf-node-sub">
                  {p.runqsize}
                </text>
                <rect x={px(i)} y={PY} width={pw} height={44} rx={6} className={`sf-pbox st-${p.status >= 0 ? P_STATUS[p.status] : 'unknown'}`} />
                <text x={px(i) + 8} y={PY + 18} className="sf-node-label">
                  P{p.id}
                </text>
                <text x={px(i) + 8} y={PY + 35} className="sf-node-sub">
                  {p.status >= 0 ? (P_STATUS[p.status] ?? `status ${p.status}`) : 'status unknown'}
                  {p.m >= 0 ? ` · M${p.m}` : ''}
                </text>
              </g>
            );
          })}
          {threads.length > 0 && (
            <>
              <text x={14} y={MY + 18} className="sf-lane-title">
                Threads (M)
              </text>
              <text x={14} y={MY + 34} className="sf-node-sub">
                lines: the P it holds
              </text>
            </>
          )}
          {threads.map((m, i) => {
            const pi = procs.findIndex((p) => p.id === m.p);
            return (
              <g key={m.id} data-testid="sf-sched-m" data-id={m.id} data-p={m.p} data-curg={m.curg}>
                {pi >= 0 && <path d={`M${mx(i) + mw / 2},${MY} C${mx(i) + mw / 2},${MY - 40} ${px(pi) + pw / 2},${PY + 84} ${px(pi) + pw / 2},${PY + 46}`} className="sf-bind" />}
                <rect x={mx(i)} y={MY} width={mw} height={52} rx={6} className={`sf-mbox${m.p >= 0 ? ' bound' : ''}${m.spinning ? ' spinning' : ''}`} />
                <text x={mx(i) + 8} y={MY + 17} className="sf-node-label">
                  M{m.id}
                  {m.p >= 0 ? ` → P${m.p}` : ''}
                </text>
                <text x={mx(i) + 8} y={MY + 32} className="sf-node-sub">
                  {m.curg >= 0 ? `runs G${m.curg}` : m.spinning ? 'spinning' : m.blocked ? 'blocked' : 'no G'}
                </text>
                <text x={mx(i) + 8} y={MY + 46} className="sf-node-sub">
                  {m.lockedg >= 0 ? `locked to G${m.lockedg}` : ''}
                </text>
              </g>
            );
          })}
        </svg>
      </section>
    </div>
  );
}
