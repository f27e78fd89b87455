/**
 * A schedtrace log over time: what each SCHED line counts — threads (busy, idle, spinning), Ps in
 * use, goroutines queued to run (global + local run queues) and, with scheddetail, goroutines —
 * as small step charts over the blocks' uptimes, one row each with its own scale, the selected
 * block marked. Threads that only grow are a thread leak (goroutines stuck in blocking syscalls or
 * cgo, LockOSThread without unlock); a run queue that only grows is a scheduler that cannot keep up.
 * Click or arrow keys pick a block (the app's snapshot). Plain SVG: a log has tens to thousands of blocks.
 */
import { useCallback, useMemo, useRef } from 'react';
import type { SnapshotInfo } from '../../worker/api';
import { formatCount } from '../../analysis/units';

type Sched = NonNullable<SnapshotInfo['sched']>;

interface Series {
  id: string;
  label: string;
  hint: string;
  value: (s: Sched) => number;
}

/** Goroutines queued to run: the global run queue plus every P's local one. */
export function queuedRunnable(s: Sched): number {
  let n = s.runqueue;
  for (const q of s.procs.length ? s.procs.map((p) => p.runqsize) : s.localRunqueues) n += q;
  return n;
}

const SERIES: Series[] = [
  { id: 'threads', label: 'threads (M)', hint: 'threads the runtime has created: only growing means a thread leak', value: (s) => s.threads },
  { id: 'busy-threads', label: 'busy threads', hint: 'threads neither idle nor spinning: running Go code, in a syscall or in cgo', value: (s) => Math.max(0, s.threads - s.idlethreads - s.spinningthreads) },
  { id: 'busy-procs', label: 'Ps in use', hint: 'gomaxprocs − idleprocs', value: (s) => Math.max(0, s.gomaxprocs - s.idleprocs) },
  { id: 'queued', label: 'queued to run', hint: 'runnable goroutines in the global and local run queues', value: queuedRunnable },
];

const W = 1200;
const LABEL = 170;
const RIGHT = 60;
const ROW = 34;
const GAP = 8;

export function SchedHistory({ blocks, index, onPick, goroutines }: { blocks: Sched[]; index: number; onPick: (i: number) => void; goroutines: number[] | null }) {
  const series = useMemo(() => (goroutines ? [...SERIES, { id: 'goroutines', label: 'goroutines (G lines)', hint: 'G lines of the block that are not dead (scheddetail)', value: (_s: Sched) => 0 } as Series] : SERIES), [goroutines]);
  const values = useMemo(() => series.map((se) => (se.id === 'goroutines' && goroutines ? goroutines : blocks.map(se.value))), [series, blocks, goroutines]);
  const t0 = blocks.length ? blocks[0].uptimeMs : 0;
  const t1 = blocks.length ? blocks[blocks.length - 1].uptimeMs : 1;
  const span = Math.max(1, t1 - t0);
  const x = useCallback((t: number) => LABEL + ((W - LABEL - RIGHT) * (t - t0)) / span, [t0, span]);
  const H = series.length * (ROW + GAP) + 22;
  const svg = useRef<SVGSVGElement>(null);
  const pick = (clientX: number) => {
    const el = svg.current;
    if (!el || !blocks.length) return;
    const r = el.getBoundingClientRect();
    const vx = ((clientX - r.left) / r.width) * W;
    let best = 0;
    for (let i = 1; i < blocks.length; i++) if (Math.abs(x(blocks[i].uptimeMs) - vx) < Math.abs(x(blocks[best].uptimeMs) - vx)) best = i;
    onPick(best);
  };
  const cx = blocks.length ? x(blocks[Math.min(index, blocks.length - 1)].uptimeMs) : LABEL;
  return (
    <section className="card sf-card" data-testid="sf-sched-history">
      <div className="sf-ov-axis small">
        <span>
          <b>Over the log</b> <span className="muted">— {formatCount(blocks.length)} SCHED blocks, {formatCount(t0)}–{formatCount(t1)} ms; click or ← → to pick one</span>
        </span>
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        className="sf-svg sf-hist"
        role="slider"
        tabIndex={0}
        aria-label="SCHED block over the log"
        aria-valuemin={1}
        aria-valuemax={blocks.length}
        aria-valuenow={index + 1}
        aria-valuetext={blocks[index] ? `SCHED ${blocks[index].uptimeMs} ms, block ${index + 1} of ${blocks.length}` : ''}
        onClick={(e) => pick(e.clientX)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
            e.preventDefault();
            onPick(Math.max(0, Math.min(blocks.length - 1, index + (e.key === 'ArrowLeft' ? -1 : 1))));
          } else if (e.key === 'Home' || e.key === 'End') {
            e.preventDefault();
            onPick(e.key === 'Home' ? 0 : blocks.length - 1);
          }
        }}
      >
        {series.map((se, k) => {
          const v = values[k];
          let top = 0;
          for (const n of v) if (n > top) top = n;
          const max = Math.max(1, top);
          const y0 = k * (ROW + GAP) + 6;
          const y = (n: number) => y0 + ROW - (ROW * n) / max;
          let d = '';
          for (let i = 0; i < v.length; i++) {
            const xi = x(blocks[i].uptimeMs);
            d += i === 0 ? `M${xi},${y(v[i])}` : `H${xi}V${y(v[i])}`;
          }
          if (v.length) d += `H${x(t1) + (v.length === 1 ? 8 : 0)}`;
          const now = v[Math.min(index, v.length - 1)] ?? 0;
          const first = v[0] ?? 0;
          const last = v[v.length - 1] ?? 0;
          return (
            <g key={se.id} data-testid="sf-hist-row" data-series={se.id} data-values={v.join(',')}>
              <title>{`${se.label}: ${se.hint}`}</title>
              <rect x={LABEL} y={y0} width={W - LABEL - RIGHT} height={ROW} className="sf-hist-bg" />
              <text x={10} y={y0 + 14} className="sf-node-label">
                {se.label}
              </text>
              <text x={10} y={y0 + 29} className="sf-node-sub">
                {first === last ? `${formatCount(first)} throughout` : `${formatCount(first)} → ${formatCount(last)}${last > first ? ' ↑' : ' ↓'}`} · max {formatCount(top)}
              </text>
              <path d={d} className={`sf-hist-line sf-hist-${se.id}`} />
              <text x={W - RIGHT + 8} y={y0 + ROW / 2 + 5} className="sf-edge-label">
                {formatCount(now)}
              </text>
            </g>
          );
        })}
        <line x1={cx} x2={cx} y1={0} y2={H - 18} className="sf-ov-cursor" />
        <text x={LABEL} y={H - 4} className="sf-node-sub">
          {formatCount(t0)} ms
        </text>
        <text x={W - RIGHT} y={H - 4} className="sf-node-sub" textAnchor="end">
          {formatCount(t1)} ms
        </text>
      </svg>
    </section>
  );
}
