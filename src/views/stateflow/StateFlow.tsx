/**
 * The G/M/P state-flow diagram (issue #13). For an execution trace: the scheduler's state machine
 * with the trace's own counts — goroutine, processor and thread states as nodes sized by the time
 * spent in them, transitions as edges (width log-scaled by count, labelled with it), Running→Waiting
 * split by reason — for the whole trace or the shared time range (src/store/trace-range.ts, set by
 * the timeline or by the overview strip here), with the states at the shared cursor, and a replay
 * that animates node sizes and edge pulses with requestAnimationFrame (no React render per frame).
 * A click on a node or an edge shows exactly the goroutines that made that transition in the table.
 * For a schedtrace log and for a single dump: SchedFlow / DumpFlow.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { area, scaleLinear, scaleSqrt, select } from 'd3';
import { useApp } from '../../store/store';
import { useTraceRange } from '../../store/trace-range';
import { REPLAY_BINS, useStateFlow } from '../../store/stateflow';
import { FLOW_NODES } from '../../analysis/stateflow';
import { formatCount, formatDuration, plural } from '../../analysis/units';
import type { StateFlowData } from '../../worker/api';
import { layout, VIEW_H, VIEW_W, type EdgeGeom, type NodeGeom } from './layout';
import { SchedFlow } from './SchedFlow';
import { DumpFlow } from './DumpFlow';
import './stateflow.css';

export function StateFlowView() {
  const ws = useApp((s) => s.workspace);
  const snapshot = useApp((s) => s.snapshot);
  const snap = ws?.snapshots[snapshot];
  if (!ws || !snap) return null;
  const trace = snap.kind === 'trace-end' ? ws.traces[snap.input] : null;
  if (trace) return <TraceFlow key={`${ws.generation}:${snap.input}`} input={snap.input} durationNs={trace.durationNs} />;
  if (snap.sched) return <SchedFlow />;
  return <DumpFlow />;
}

const REPLAY_SECONDS = [5, 10, 30, 60];

function TraceFlow({ input, durationNs }: { input: number; durationNs: number }) {
  const sharedRange = useTraceRange((s) => s.range);
  const sharedCursor = useTraceRange((s) => s.cursor);
  const setRange = useTraceRange((s) => s.setRange);
  const setCursor = useTraceRange((s) => s.setCursor);
  const range = sharedRange && sharedRange.input === input ? { t0: sharedRange.t0, t1: sharedRange.t1 } : null;
  const cursor = sharedCursor && sharedCursor.input === input ? sharedCursor.t : null;
  const askFlow = useStateFlow((s) => s.askFlow);
  const askOverview = useStateFlow((s) => s.askOverview);
  const flow = useStateFlow((s) => s.flow);
  const overview = useStateFlow((s) => s.overview);
  const error = useStateFlow((s) => s.error);
  const t0 = range?.t0 ?? null;
  const t1 = range?.t1 ?? null;
  useEffect(() => {
    askFlow(input, t0 !== null && t1 !== null ? { t0, t1 } : null, cursor);
  }, [askFlow, input, t0, t1, cursor]);
  useEffect(() => askOverview(input), [askOverview, input]);
  const [playing, setPlaying] = useState(false);
  const [seconds, setSeconds] = useState(10);
  const shown = flow && flow.input === input ? flow : null;
  const current = shown && (range ? !shown.whole && shown.t0 === Math.max(0, range.t0) && shown.t1 === Math.min(durationNs, range.t1) : shown.whole);

  return (
    <div className="sf" data-testid="stateflow">
      <section className="card sf-controls">
        <div className="sf-toolbar">
          <button className="btn small" data-testid="sf-play" disabled={!shown} onClick={() => setPlaying(!playing)} aria-pressed={playing}>
            {playing ? '■ Stop' : '▶ Play'}
          </button>
          <label className="small muted">
            replay in{' '}
            <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} data-testid="sf-speed">
              {REPLAY_SECONDS.map((s) => (
                <option key={s} value={s}>
                  {s} s ({slowdown(s, shown ? shown.t1 - shown.t0 : durationNs)})
                </option>
              ))}
            </select>
          </label>
          <span className="small" data-testid="sf-range" data-t0={shown?.t0 ?? ''} data-t1={shown?.t1 ?? ''} data-whole={shown?.whole ? '1' : '0'}>
            {range ? (
              <>
                Range <b>{formatDuration(range.t0)}</b> – <b>{formatDuration(range.t1)}</b> ({formatDuration(range.t1 - range.t0)} of {formatDuration(durationNs)})
              </>
            ) : (
              <>Whole trace ({formatDuration(durationNs)}) — drag on the strip for a range, click for a cursor</>
            )}
          </span>
          {range && (
            <button className="btn small" onClick={() => setRange(null)} data-testid="sf-whole">
              Whole trace
            </button>
          )}
          <span className="sf-spacer" />
          <span className="small" data-testid="sf-cursor" data-t={cursor ?? ''}>
            {cursor !== null ? (
              <>
                Cursor <b>{formatDuration(cursor)}</b>
              </>
            ) : (
              <span className="muted">No cursor</span>
            )}
          </span>
          {cursor !== null && (
            <button className="btn small" onClick={() => setCursor(null)}>
              Clear cursor
            </button>
          )}
          {!current && <span className="small muted">…</span>}
        </div>
        <Overview input={input} overview={overview && overview.input === input ? overview : null} range={range} cursor={cursor} durationNs={durationNs} onRange={(r) => setRange(r ? { input, ...r } : null)} onCursor={(t) => setCursor({ input, t })} />
      </section>
      {error && <div className="notice small">{error}</div>}
      {shown ? <Diagram flow={shown} input={input} playing={playing} seconds={seconds} onPlayEnd={(t) => (setPlaying(false), setCursor({ input, t }))} /> : <div className="card muted">Counting transitions…</div>}
    </div>
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** the time the waiting boxes' bars are drawn against: the longest goroutine state */
function boxMaxOf(lay: { nodes: NodeGeom[] }): number {
  return Math.max(1, ...lay.nodes.filter((n) => n.lane === 'G' && n.timed).map((n) => n.timeNs));
}

function slowdown(seconds: number, spanNs: number): string {
  const f = (seconds * 1e9) / Math.max(1, spanNs);
  return f >= 1 ? `${f >= 100 ? formatCount(Math.round(f)) : f.toFixed(f >= 10 ? 0 : 1)}× slower` : `${(1 / f).toFixed(1)}× faster`;
}

/** A strip of the whole trace (goroutines running, runnable and waiting over time) to drag a range on and click a cursor into. */
function Overview({
  overview,
  range,
  cursor,
  durationNs,
  onRange,
  onCursor,
}: {
  input: number;
  overview: StateFlowData | null;
  range: { t0: number; t1: number } | null;
  cursor: number | null;
  durationNs: number;
  onRange: (r: { t0: number; t1: number } | null) => void;
  onCursor: (t: number) => void;
}) {
  const W = VIEW_W;
  const H = 54;
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const x = scaleLinear().domain([0, durationNs]).range([0, W]);
  const paths = useMemo(() => {
    if (!overview) return [];
    const B = overview.bins;
    const idx = (k: string) => FLOW_NODES.findIndex((n) => n.key === k);
    const run = idx('g:running');
    const rnb = idx('g:runnable');
    const waits = FLOW_NODES.map((n, i) => (n.state === 'Waiting' ? i : -1)).filter((i) => i >= 0);
    const c = overview.nodeCounts;
    const rows = Array.from({ length: B }, (_, k) => {
      const r = c[run * B + k];
      const q = c[rnb * B + k];
      let w = 0;
      for (const i of waits) w += c[i * B + k];
      return [r, r + q, r + q + w];
    });
    const max = Math.max(1, ...rows.map((r) => r[2]));
    const y = scaleLinear().domain([0, max]).range([H - 2, 4]);
    const bx = (k: number) => ((k + 0.5) * W) / B;
    const mk = (lo: (r: number[]) => number, hi: (r: number[]) => number) =>
      area<number[]>()
        .x((_, k) => bx(k))
        .y0((r) => y(lo(r)))
        .y1((r) => y(hi(r)))(rows) ?? '';
    return [
      { cls: 'sf-ov-wait', d: mk((r) => r[1], (r) => r[2]) },
      { cls: 'sf-ov-runnable', d: mk((r) => r[0], (r) => r[1]) },
      { cls: 'sf-ov-running', d: mk(() => 0, (r) => r[0]) },
    ];
  }, [overview, H, W]);
  const timeAt = (e: ReactPointerEvent) => {
    const box = svg.current!.getBoundingClientRect();
    return Math.max(0, Math.min(durationNs, ((e.clientX - box.left) / box.width) * durationNs));
  };
  const sel = drag ? { t0: Math.min(drag.a, drag.b), t1: Math.max(drag.a, drag.b) } : range;
  return (
    <div className="sf-overview">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="sf-ov-svg"
        data-testid="sf-overview"
        onPointerDown={(e) => {
          (e.target as Element).setPointerCapture?.(e.pointerId);
          const t = timeAt(e);
          setDrag({ a: t, b: t });
        }}
        onPointerMove={(e) => drag && setDrag({ a: drag.a, b: timeAt(e) })}
        onPointerUp={(e) => {
          if (!drag) return;
          const b = timeAt(e);
          setDrag(null);
          const box = svg.current!.getBoundingClientRect();
          if ((Math.abs(b - drag.a) / durationNs) * box.width < 4) onCursor(b);
          else onRange({ t0: Math.min(drag.a, b), t1: Math.max(drag.a, b) });
        }}
      >
        <rect x={0} y={0} width={W} height={H} className="sf-ov-bg" />
        {paths.map((p) => (
          <path key={p.cls} d={p.d} className={p.cls} />
        ))}
        {sel && <rect x={x(sel.t0)} y={0} width={Math.max(1, x(sel.t1) - x(sel.t0))} height={H} className="sf-ov-sel" />}
        {cursor !== null && <line x1={x(cursor)} x2={x(cursor)} y1={0} y2={H} className="sf-ov-cursor" />}
      </svg>
      <div className="sf-ov-axis small muted">
        <span>0</span>
        <span>
          goroutines <i className="sf-key sf-ov-running" /> running <i className="sf-key sf-ov-runnable" /> runnable <i className="sf-key sf-ov-wait" /> waiting, over the trace
        </span>
        <span>{formatDuration(durationNs)}</span>
      </div>
    </div>
  );
}

function Diagram({ flow, input, playing, seconds, onPlayEnd }: { flow: StateFlowData; input: number; playing: boolean; seconds: number; onPlayEnd: (t: number) => void }) {
  const filterTo = useApp((s) => s.filterTo);
  const lay = useMemo(() => layout(flow), [flow]);
  const svg = useRef<SVGSVGElement>(null);
  const clock = useRef<SVGTextElement>(null);
  const onEnd = useRef(onPlayEnd);
  useEffect(() => {
    onEnd.current = onPlayEnd;
  });
  const hasCursor = flow.cursor !== null;

  // the replay: per frame, node sizes from the counts at the replay time, edge pulses from transitions in its bin
  useEffect(() => {
    const root = svg.current;
    const clockEl = clock.current;
    if (!playing || !root) return;
    const B = flow.bins || REPLAY_BINS;
    const nodeMax = new Map<string, number>();
    for (const n of lay.nodes) {
      let m = 0;
      for (let k = 0; k < B; k++) m = Math.max(m, flow.nodeCounts[n.node * B + k]);
      nodeMax.set(n.lane, Math.max(nodeMax.get(n.lane) ?? 0, n.timed ? m : 0));
    }
    const edgeBins = lay.edges.map((e) => {
      const out = new Float32Array(B);
      for (const d of e.dataEdges) for (let k = 0; k < B; k++) out[k] += flow.edgeCounts[d * B + k];
      return { e, out, max: Math.max(1, ...out) };
    });
    const nodeSel = select(root).selectAll<SVGGElement, unknown>('[data-testid=sf-node]');
    const sizes = new Map([...nodeMax].map(([lane, m]) => [lane, scaleSqrt().domain([0, m || 1])]));
    // the elements each frame touches, found once
    const nodes = lay.nodes.map((n, i) => {
      const g = nodeSel.nodes()[i];
      return { n, now: g?.querySelector('[data-now]') ?? null, circle: g?.querySelector('circle') ?? null, bar: g?.querySelector('.sf-box-bar') ?? null, size: sizes.get(n.lane)!.copy().range([n.rMin, n.rMax]) };
    });
    const edgeEls = select(root)
      .selectAll<SVGGElement, unknown>('[data-testid=sf-edge]')
      .nodes()
      .map((el) => el.querySelector('path'));
    const gMax = nodeMax.get('G') || 1;
    const start = performance.now();
    let raf = 0;
    let lastK = -1;
    const frame = (now: number) => {
      const p = Math.min(1, (now - start) / (seconds * 1000));
      const k = Math.min(B - 1, Math.floor(p * B));
      if (clockEl) clockEl.textContent = `replay ${formatDuration(flow.t0 + p * (flow.t1 - flow.t0))}`;
      if (k === lastK && p < 1) {
        raf = requestAnimationFrame(frame);
        return;
      }
      lastK = k;
      for (const { n, now: nowEl, circle, bar, size } of nodes) {
        const c = flow.nodeCounts[n.node * B + k];
        if (nowEl) nowEl.textContent = `${formatCount(c)} now`;
        if (!n.timed) continue;
        if (n.box) bar?.setAttribute('width', String(Math.max(1, ((n.box.w - 16) * c) / gMax)));
        else circle?.setAttribute('r', String(size(c)));
      }
      edgeBins.forEach(({ e, out, max }, i) => {
        const path = edgeEls[i];
        if (!path) return;
        const v = out[k] / max;
        path.setAttribute('stroke-opacity', String(0.2 + 0.8 * v));
        path.setAttribute('stroke-width', String(e.width * (1 + 0.8 * v)));
      });
      if (p < 1) raf = requestAnimationFrame(frame);
      else onEnd.current(flow.t0 + ((k + 0.5) * (flow.t1 - flow.t0)) / B);
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      // back to the static picture
      for (const { n, circle, bar, now: nowEl } of nodes) {
        if (n.timed && !n.box) circle?.setAttribute('r', String(n.r));
        if (n.box) bar?.setAttribute('width', String(Math.max(1, ((n.box.w - 16) * n.timeNs) / boxMaxOf(lay))));
        if (nowEl) nowEl.textContent = `${formatCount(n.atCursor)} now`;
      }
      for (const path of edgeEls) {
        path?.removeAttribute('stroke-opacity');
        path?.setAttribute('stroke-width', String(lay.edges[edgeEls.indexOf(path)]?.width ?? 1));
      }
      if (clockEl) clockEl.textContent = '';
    };
  }, [playing, flow, lay, seconds]);

  const rangeOf = () => (flow.whole ? { t0: null, t1: null } : { t0: flow.t0, t1: flow.t1 });
  const span = flow.whole ? 'in the whole trace' : `in ${formatDuration(flow.t0)}–${formatDuration(flow.t1)}`;
  const openEdge = (e: EdgeGeom, reasonId = e.reasonId, reason = e.reason, goroutines = e.goroutines) => {
    if (e.lane !== 'G') return;
    const what = `${FLOW_NODES[e.from].label} → ${FLOW_NODES[e.to].label}${reasonId >= 0 && reason ? ` (${reason})` : ''}, ${span}`;
    filterTo({ transition: { input, from: e.fromKey, to: e.toKey, reason: reasonId, ...rangeOf() } }, { transition: `${what}: ${plural(goroutines, 'goroutine')}` });
  };
  const openNode = (n: NodeGeom) => {
    if (n.lane !== 'G') return;
    filterTo({ transition: { input, from: null, to: n.key, reason: -1, ...rangeOf() } }, { transition: `entered ${n.label} ${span}` });
  };
  const boxMax = boxMaxOf(lay);

  return (
    <section className="card sf-card">
      <svg ref={svg} viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} className="sf-svg" data-testid="sf-diagram" role="img" aria-label="State-flow diagram of goroutines, processors and threads">
        <defs>
          {['g', 'w', 'r'].map((c) => (
            <marker key={c} id={`sf-arrow-${c}`} className={`sf-arrow-${c}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        {lay.lanes.map((l) => (
          <g key={l.lane} className="sf-lane">
            <rect x={l.x} y={l.y + 2} width={l.w} height={l.h - 4} rx={8} />
            <text x={l.x + 10} y={l.y + 20} className="sf-lane-title">
              {l.title}
            </text>
          </g>
        ))}
        <text ref={clock} x={VIEW_W - 14} y={VIEW_H - 12} textAnchor="end" className="sf-clock" />
        {lay.edges.map((e) => {
          const kind = e.lane !== 'G' ? 'r' : FLOW_NODES[e.to].state === 'Waiting' ? 'w' : 'g';
          return (
            <g
              key={e.id}
              className={`sf-edge sf-edge-${kind}${e.lane === 'G' ? ' clickable' : ''}`}
              data-testid="sf-edge"
              data-lane={e.lane}
              data-from={e.fromKey}
              data-to={e.toKey}
              data-from-state={e.fromState}
              data-to-state={e.toState}
              data-reason={e.reasonId >= 0 ? e.reason : '*'}
              data-count={e.count}
              data-goroutines={e.goroutines}
              onClick={() => openEdge(e)}
            >
              <title>{`${FLOW_NODES[e.from].label} → ${FLOW_NODES[e.to].label}: ${plural(e.count, 'transition')}${e.lane === 'G' ? ` by ${plural(e.goroutines, 'goroutine')}` : ''}${e.parts.length > 1 || e.parts[0]?.reason ? `\n${e.parts.map((p) => `${p.reason || '(no reason)'}: ${formatCount(p.count)}`).join('\n')}` : ''}`}</title>
              <path d={e.d} strokeWidth={e.width} markerEnd={`url(#sf-arrow-${kind})`} />
              <path d={e.d} className="sf-hit" />
              {e.label && (
                <text x={e.label.x} y={e.label.y} textAnchor={e.label.anchor} className="sf-edge-label" data-testid="sf-edge-label">
                  {formatCount(e.count)}
                </text>
              )}
            </g>
          );
        })}
        {lay.nodes.map((n) => (
          <g key={n.key} className={`sf-node sf-node-${n.lane}${n.lane === 'G' ? ' clickable' : ''}`} data-testid="sf-node" data-key={n.key} data-time={n.timeNs} data-now={hasCursor ? n.atCursor : ''}>
            <title>{`${n.label}${n.timed ? `: ${formatDuration(n.timeNs)} ${n.lane === 'G' ? 'goroutine' : n.lane === 'P' ? 'P' : 'thread'} time ${span}` : ''}${hasCursor ? `; ${formatCount(n.atCursor)} at the cursor` : ''}`}</title>
            {n.box ? (
              <>
                <rect x={n.box.x} y={n.box.y} width={n.box.w} height={n.box.h} rx={6} className="sf-box" onClick={() => openNode(n)} />
                <rect x={n.box.x + 8} y={n.box.y + 17} height={3} width={Math.max(1, ((n.box.w - 16) * n.timeNs) / boxMax)} className="sf-box-bar" />
                <text x={n.box.x + 8} y={n.box.y + 13} className="sf-node-label" onClick={() => openNode(n)}>
                  {n.label.replace('waiting: ', '')}
                </text>
                <text x={n.box.x + n.box.w - 8} y={n.box.y + 13} textAnchor="end" className="sf-node-sub">
                  {hasCursor && <tspan data-now="">{formatCount(n.atCursor)} now · </tspan>}
                  {formatDuration(n.timeNs)}
                </text>
                {n.rows.map((r) => {
                  const box = n.box!;
                  const e = lay.edges.find((x) => x.from !== n.node && x.to === n.node && x.reasonId === r.reasonId && x.fromKey === 'g:running');
                  return (
                    <g
                      key={r.reasonId}
                      className="sf-row"
                      data-testid="sf-reason"
                      data-class={n.key}
                      data-reason={r.reason}
                      data-count={r.count}
                      data-goroutines={r.goroutines}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        if (e) openEdge(e, r.reasonId, r.reason, r.goroutines);
                      }}
                    >
                      <title>{`running → waiting (${r.reason || 'no reason'}): ${plural(r.count, 'transition')} by ${plural(r.goroutines, 'goroutine')} — click to list them`}</title>
                      <rect x={box.x + 2} y={r.y - 7} width={box.w - 4} height={14} className="sf-row-bg" />
                      <text x={box.x + 10} y={r.y + 4} className="sf-row-label">
                        {clip(r.reason || '(no reason)', 24)}
                      </text>
                      <text x={box.x + box.w - 8} y={r.y + 4} textAnchor="end" className="sf-row-count" data-testid="sf-reason-count">
                        {formatCount(r.count)}
                      </text>
                    </g>
                  );
                })}
              </>
            ) : (
              <>
                <circle cx={n.x} cy={n.y} r={n.r} className={n.timed ? 'sf-circle' : 'sf-marker'} onClick={() => openNode(n)} />
                <text
                  x={n.labelAt === 'right' ? n.x + n.r + 8 : n.x}
                  y={n.labelAt === 'above' ? n.y - n.r - (n.timed ? 20 : 8) : n.labelAt === 'right' ? n.y - 2 : n.y + n.r + 15}
                  textAnchor={n.labelAt === 'right' ? 'start' : 'middle'}
                  className="sf-node-label"
                  onClick={() => openNode(n)}
                >
                  {n.label}
                </text>
                {(n.timed || hasCursor) && (
                  <text
                    x={n.labelAt === 'right' ? n.x + n.r + 8 : n.x}
                    y={n.labelAt === 'above' ? n.y - n.r - 7 : n.labelAt === 'right' ? n.y + 12 : n.y + n.r + 28}
                    textAnchor={n.labelAt === 'right' ? 'start' : 'middle'}
                    className="sf-node-sub"
                  >
                    {n.timed ? formatDuration(n.timeNs) : ''}
                    {hasCursor && (
                      <tspan data-now="">
                        {n.timed ? ' · ' : ''}
                        {formatCount(n.atCursor)} now
                      </tspan>
                    )}
                  </text>
                )}
              </>
            )}
          </g>
        ))}
      </svg>
      <div className="sf-foot small muted">
        <span>
          Waiting is split by reason class (boxes, right), each reason a row with its Running→Waiting count. Node size: time spent in the state {span}
          {hasCursor ? '; “now”: how many are in it at the cursor' : ''}. Edge width: transitions (log scale); edges count the transitions {span}. Click a goroutine node, edge or reason row for its goroutines.
        </span>
        {flow.restated && Object.keys(flow.restated).length > 0 && (
          <span data-testid="sf-restated">
            {' '}
            Status restated at generation boundaries (not state changes, not drawn):{' '}
            {Object.entries(flow.restated).map(([k, n], i) => (
              <span key={k} data-testid="sf-restated-item" data-pair={k} data-count={n}>
                {i ? ', ' : ''}
                {k.replace('->', '→')} {formatCount(n)}
              </span>
            ))}
            .
          </span>
        )}
        {!flow.whole && <span> Restatements at generation boundaries are counted for the whole trace only.</span>}
      </div>
    </section>
  );
}
