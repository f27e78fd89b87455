/**
 * The Timeline tab (issue #12): every goroutine's life over the trace — grouped rows with stacked
 * areas, goroutine rows with their states, the overview, the time axis, GC/STW bands — on a canvas
 * (timeline-canvas.ts) fed by the worker's window answers; and, for a series of dumps, goroutine ids
 * over the snapshots (SeriesTimeline.tsx). Text from a loaded file is only drawn on the canvas or
 * written as React text.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/store';
import { askTimelineMatches, focusTimeline, useTimeline } from '../../store/timeline';
import { useTraceRange } from '../../store/trace-range';
import type { FilterSpec, TimelineSegment, Workspace } from '../../worker/api';
import { TL_CLASSES, type TimelineGroupBy, type TimelineSort } from '../../analysis/timeline';
import { formatCount, formatDuration } from '../../analysis/units';
import { GoroutineDetail } from '../GoroutineDetail';
import { TimelineCanvas, type HoverInfo } from './timeline-canvas';
import { palette } from './timeline-draw';
import { SeriesTimeline, timelineSeries } from './SeriesTimeline';
import { ResourceLegend, ResourceToggles, ResourceTooltip } from './ResourceToggles';
import { useTimelineResources } from '../../store/timeline-resources';
import './timeline.css';

/** Whether the workspace has something the timeline shows: a trace, or a series of dumps with goroutine ids. */
export function hasTimeline(ws: Workspace | null): boolean {
  if (!ws) return false;
  return ws.traces.some((t) => t !== null && t.snapshot >= 0) || ws.series.some((s) => timelineSeries(ws, s.id));
}

/** The input whose trace the timeline shows for `snapshot` (-1: none, or a dump series instead). */
export function timelineTraceInput(ws: Workspace, snapshot: number): number {
  const snap = ws.snapshots[snapshot];
  const current = snap ? ws.inputs[snap.input] : undefined;
  if (current && current.trace < 0) {
    const series = ws.series.find((s) => s.snapshots.includes(snapshot));
    if (series && timelineSeries(ws, series.id)) return -1;
  }
  const trace = snap && ws.traces[snap.input] ? ws.traces[snap.input] : ws.traces.find((t) => t !== null && t.snapshot >= 0);
  return trace ? trace.input : -1;
}

export function Timeline() {
  const ws = useApp((s) => s.workspace);
  const snapshot = useApp((s) => s.snapshot);
  if (!ws) return null;
  const snap = ws.snapshots[snapshot];
  const current = snap ? ws.inputs[snap.input] : undefined;
  if (current && current.trace < 0) {
    const series = ws.series.find((s) => s.snapshots.includes(snapshot));
    if (series && timelineSeries(ws, series.id)) return <SeriesTimeline series={series.id} />;
  }
  const input = timelineTraceInput(ws, snapshot);
  if (input >= 0) return <TraceTimeline input={input} />;
  const series = ws.series.find((s) => timelineSeries(ws, s.id));
  return series ? <SeriesTimeline series={series.id} /> : <div className="muted">Nothing to show on a timeline: load an execution trace, or several dumps of one process.</div>;
}

const GROUP_BY: { id: TimelineGroupBy; label: string }[] = [
  { id: 'start', label: 'start function' },
  { id: 'park', label: 'park site' },
  { id: 'creator', label: 'creator' },
  { id: 'task', label: 'user task' },
  { id: 'none', label: 'none (one row each)' },
];
const SORTS: { id: TimelineSort; label: string }[] = [
  { id: 'atEnd', label: 'still blocked at the end' },
  { id: 'count', label: 'count' },
  { id: 'created', label: 'creation time' },
  { id: 'blocked', label: 'time blocked' },
];

const KEYS: [string, string][] = [
  ['wheel', 'zoom at the pointer (over the labels, or with Alt: scroll the rows)'],
  ['drag', 'pan'],
  ['shift + drag', 'select a time range (the flame graph and state flow follow it)'],
  ['W / S', 'zoom in / out'],
  ['A / D', 'pan left / right'],
  ['0 or Home', 'the whole trace'],
  ['↑ ↓ PgUp PgDn', 'scroll the rows'],
  ['click', 'a segment: its stack and who woke it; a group row: expand / collapse'],
  ['click on a P row', 'the goroutine that ran there: its segment and detail'],
  ['wheel over the P / thread / task labels', 'scroll those rows'],
  ['double-click', 'fit the segment'],
  ['Esc', 'clear the selection and the selected range'],
  ['?', 'this list'],
];

function TraceTimeline({ input }: { input: number }) {
  const generation = useApp((s) => s.workspace?.generation ?? -1);
  const theme = useApp((s) => s.theme);
  const rowStartOf = useApp((s) => {
    const t = s.workspace?.traces[input];
    return t && t.snapshot >= 0 ? (s.workspace?.snapshots[t.snapshot]?.rowStart ?? -1) : -1;
  });
  const selectRow = useApp((s) => s.selectRow);
  const selectedRow = useApp((s) => s.selectedRow);
  const { by, sort, pin, layout, layoutMs, error, focus, setBy, setSort, setPin, ensureLayout } = useTimeline();
  const range = useTraceRange((s) => (s.range && s.range.input === input ? s.range : null));
  const setRange = useTraceRange((s) => s.setRange);
  const hostRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLSpanElement>(null);
  const ctl = useRef<TimelineCanvas | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [selected, setSelected] = useState<TimelineSegment | null>(null);
  const [help, setHelp] = useState(false);
  const [counts, setCounts] = useState({ groups: 0, expanded: 0, goroutineRows: 0, matching: -1 });
  // the goroutine table's filter: its goroutines marked here, the others dimmed (or, "only matching", left out)
  const filter = useApp((s) => s.filter.spec);
  const resetFilter = useApp((s) => s.resetFilter);
  const filtering = Object.keys(filter).length > 0;
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [matches, setMatches] = useState<{ input: number; generation: number; filter: FilterSpec; rows: Int32Array } | null>(null);
  const matchRows = filtering && matches && matches.input === input && matches.generation === generation && matches.filter === filter ? matches.rows : null;

  // first, so that the layout asked next goes ahead of other views' questions still queued
  useEffect(() => {
    focusTimeline(true);
    return () => focusTimeline(false);
  }, []);
  useEffect(() => {
    ensureLayout(input);
  }, [ensureLayout, input, generation, by, sort]);

  const onSelect = useCallback(
    (seg: TimelineSegment | null) => {
      setSelected(seg && seg.segment >= 0 ? seg : null);
      if (seg && rowStartOf >= 0) selectRow(rowStartOf + seg.row);
    },
    [rowStartOf, selectRow],
  );
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    const c = new TimelineCanvas(canvasRef.current!, scrollRef.current!, spacerRef.current!, hostRef.current!, {
      onWindow: (t0, t1) => {
        const el = windowRef.current;
        if (el) {
          el.textContent = `${formatDuration(t0)} – ${formatDuration(t1)} (${formatDuration(t1 - t0)})`;
          el.dataset.t0 = String(t0);
          el.dataset.t1 = String(t1);
        }
      },
      onHover: setHover,
      onSelect: (seg) => onSelectRef.current(seg),
      onRange: (t0, t1) => useTraceRange.getState().setRange({ input, t0, t1 }),
      onClearRange: () => useTraceRange.getState().setRange(null),
      onHelp: () => setHelp((h) => !h),
      onSections: () => setCounts(c.summary()),
    });
    ctl.current = c;
    const host = hostRef.current!;
    const ro = new ResizeObserver(() => c.resize(host.clientWidth, host.clientHeight));
    ro.observe(host);
    c.resize(host.clientWidth, host.clientHeight);
    // the benchmark reads the draw times
    (host as HTMLElement & { timelineDrawMs?: number[] }).timelineDrawMs = c.drawMs;
    return () => {
      ro.disconnect();
      c.dispose();
      ctl.current = null;
    };
  }, [input]);

  // also for a canvas made anew for another trace (it starts light)
  useEffect(() => {
    ctl.current?.setTheme(theme);
  }, [theme, input]);
  const resources = useTimelineResources((s) => s.shown);
  useEffect(() => {
    ctl.current?.setResources(resources);
  }, [resources, input]);
  useEffect(() => {
    if (layout && layout.input === input) ctl.current?.setLayout(layout, layout.by, layout.sort, pin);
  }, [layout, input, pin]);
  useEffect(() => {
    ctl.current?.setRange(range ? { t0: range.t0, t1: range.t1 } : null);
  }, [range]);
  useEffect(() => {
    if (!filtering || generation < 0) return;
    let live = true;
    void askTimelineMatches(input, filter).then((m) => {
      if (live && m) setMatches({ input, generation, filter, rows: m.rows });
    });
    return () => {
      live = false;
    };
  }, [filtering, filter, input, generation]);
  useEffect(() => {
    ctl.current?.setMatches(matchRows, onlyMatching && matchRows !== null);
  }, [matchRows, onlyMatching, input]);
  useEffect(() => {
    if (focus && focus.input === input && layout && layout.input === input) ctl.current?.reveal(focus.row);
  }, [focus, layout, input]);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (ctl.current?.key(e.nativeEvent)) e.preventDefault();
  };
  const pal = palette(theme);
  const pinnedEntries = layout ? Object.entries(layout.pinnedCounts).sort((a, b) => b[1] - a[1]) : [];
  return (
    <div className="timeline" onKeyDown={onKey} data-testid="timeline">
      <div className="tl-toolbar">
        <label>
          <span className="muted small">Group by</span>
          <select value={by} onChange={(e) => setBy(e.target.value as TimelineGroupBy)} data-testid="tl-group-by">
            {GROUP_BY.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="muted small">Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as TimelineSort)} data-testid="tl-sort">
            {SORTS.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label className="tl-check">
          <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} data-testid="tl-pin" /> pin leak candidates
        </label>
        <ResourceToggles />
        <button className="btn small" onClick={() => ctl.current?.expandAll(true)} data-testid="tl-expand-all">
          Expand all
        </button>
        <button className="btn small" onClick={() => ctl.current?.expandAll(false)}>
          Collapse all
        </button>
        <span className="small" data-testid="tl-rows" data-goroutines={layout?.rows.length ?? 0} data-listed={counts.goroutineRows} data-layout-ms={Math.round(layoutMs)}>
          {layout
            ? `${formatCount(layout.rows.length)} goroutines · ${formatCount(counts.groups)} group${counts.groups === 1 ? '' : 's'}, ${formatCount(counts.expanded)} open (${formatCount(counts.goroutineRows)} rows)${pin && layout.pinned.length ? ` · ${formatCount(layout.pinned.length)} leak candidates pinned on top` : ''}`
            : 'Loading…'}
        </span>
        <span className="tl-spacer" />
        <button className="btn small" onClick={() => setHelp((h) => !h)} data-testid="tl-help-button" aria-expanded={help} title="Keys (?)">
          Keys ?
        </button>
      </div>
      {filtering && (
        <div className="tl-filterbar small" data-testid="tl-filter">
          <span className="tl-filter-dot" style={{ background: pal.match }} />
          <span data-testid="tl-matching" data-matching={counts.matching} data-goroutines={layout?.rows.length ?? 0}>
            {counts.matching >= 0 && layout ? `Filter: ${formatCount(counts.matching)} of ${formatCount(layout.rows.length)} goroutines match` : 'Filter: …'}
          </span>
          <span className="muted">{`(the goroutine table’s filter; the others are ${onlyMatching ? 'left out' : 'dimmed'})`}</span>
          <label className="tl-check">
            <input type="checkbox" checked={onlyMatching} onChange={(e) => setOnlyMatching(e.target.checked)} data-testid="tl-only-matching" /> only matching
          </label>
          <button className="link" onClick={resetFilter} data-testid="tl-filter-clear">
            clear filter
          </button>
        </div>
      )}
      <div className="tl-subbar small">
        <span>
          <span className="muted">visible </span>
          <span className="mono" ref={windowRef} data-testid="tl-window" />
        </span>
        <span data-testid="tl-range" data-t0={range?.t0 ?? ''} data-t1={range?.t1 ?? ''}>
          {range ? `selected ${formatDuration(range.t0)} – ${formatDuration(range.t1)} (${formatDuration(range.t1 - range.t0)})` : 'no range selected (shift+drag)'}
        </span>
        {range && (
          <button className="link" onClick={() => setRange(null)} data-testid="tl-range-clear">
            clear
          </button>
        )}
        {layout && pinnedEntries.length > 0 && (
          <span className="tl-pinned" data-testid="tl-pinned" data-count={layout.pinned.length}>
            {`${formatCount(layout.pinned.length)} blocked at the end:`}
            {pinnedEntries.map(([k, n]) => (
              <span key={k} className="tl-pin-item" data-key={k} data-count={n}>
                {`${k.slice(k.indexOf('|') + 1) || '(no reason)'} ${n}`}
              </span>
            ))}
          </span>
        )}
        {error && <span className="bad">{error}</span>}
      </div>
      <div className="tl-legend small" data-testid="tl-legend">
        {TL_CLASSES.map((name, i) => (
          <span key={name} className={`tl-legend-item${i === 0 ? ' none' : ''}${i >= 4 ? ' wait' : ''}`}>
            <span className="tl-swatch" style={{ background: pal.css[i] }} />
            {i >= 4 ? `waiting: ${name}` : name}
          </span>
        ))}
        <span className="tl-legend-item">
          <span className="tl-swatch band" style={{ background: pal.gc }} />
          GC
        </span>
        <span className="tl-legend-item">
          <span className="tl-swatch band" style={{ background: pal.stw }} />
          stop-the-world
        </span>
        <span className="tl-legend-item">▼ woken by another goroutine</span>
        <ResourceLegend />
      </div>
      <div className={`tl-main${selected || selectedRow >= 0 ? ' with-side' : ''}`}>
        <div className="tl-canvas-host" ref={hostRef} data-testid="tl-canvas">
          <canvas ref={canvasRef} tabIndex={0} aria-label="Goroutine timeline" />
          <div className="tl-scroll" ref={scrollRef}>
            <div ref={spacerRef} />
          </div>
          {hover && <Tooltip h={hover} />}
          {help && (
            <div className="tl-help" data-testid="tl-help">
              <h3>Keys</h3>
              <table>
                <tbody>
                  {KEYS.map(([k, v]) => (
                    <tr key={k}>
                      <td>
                        <kbd>{k}</kbd>
                      </td>
                      <td>{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button className="btn small" onClick={() => setHelp(false)}>
                Close
              </button>
            </div>
          )}
        </div>
        <SidePane selected={selected} onFollow={() => void ctl.current?.followWaker()} />
      </div>
      {layout && <GroupsTable layout={layout} by={GROUP_BY.find((g) => g.id === by)?.label ?? by} />}
    </div>
  );
}

const TABLE_GROUPS = 500;

/** The canvas's text alternative: its groups, how many goroutines each holds and how many are blocked at the end. */
function GroupsTable({ layout, by }: { layout: NonNullable<ReturnType<typeof useTimeline.getState>['layout']>; by: string }) {
  const n = layout.labels.length;
  const shown = Math.min(n, TABLE_GROUPS);
  return (
    <details className="tl-groups-table small" data-testid="tl-table">
      <summary>
        As a table: {formatCount(n)} group{n === 1 ? '' : 's'} by {by}, {formatCount(layout.rows.length)} goroutines, {formatCount(layout.pinned.length)} blocked at the end
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Group ({by})</th>
            <th scope="col">Goroutines</th>
            <th scope="col">Blocked at the end</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: shown }, (_, g) => (
            <tr key={g} data-testid="tl-table-row">
              <td className="mono">{layout.labels[g]}</td>
              <td className="num">{formatCount(layout.offsets[g + 1] - layout.offsets[g])}</td>
              <td className="num">{formatCount(layout.blockedAtEnd[g])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown < n && <div className="muted">{`The first ${formatCount(shown)} of ${formatCount(n)} groups, in the timeline's order.`}</div>}
    </details>
  );
}

function Tooltip({ h }: { h: HoverInfo }) {
  const style = { left: Math.min(h.x + 14, 99999), top: h.y + 14 };
  if (h.res) return <ResourceTooltip r={h.res} style={style} />;
  if (h.group)
    return (
      <div className="tl-tooltip" style={style} data-testid="tl-tooltip">
        <div className="tl-tt-title">{h.group.label}</div>
        <div>{formatCount(h.group.count)} goroutines</div>
        {h.group.byClass.map((v, i) => (v > 0.005 && i > 0 ? <div key={i} className="muted">{`${TL_CLASSES[i]}: ${v >= 10 ? Math.round(v) : v.toFixed(1)}`}</div> : null))}
      </div>
    );
  const s = h.seg;
  if (!s) return null;
  return (
    <div className="tl-tooltip" style={style} data-testid="tl-tooltip">
      <div className="tl-tt-title">{`G${s.goid} · ${s.state}${s.reason ? ` (${s.reason})` : ''}`}</div>
      <div>{`from ${formatDuration(s.startNs)} for ${formatDuration(s.endNs - s.startNs)}`}</div>
      {s.unblockedByGoid >= 0 && <div>{`woken by G${s.unblockedByGoid}`}</div>}
      {s.frames[0] && <div className="muted mono">{s.frames[0].func}</div>}
    </div>
  );
}

function SidePane({ selected, onFollow }: { selected: TimelineSegment | null; onFollow: () => void }) {
  const row = useApp((s) => s.selectedRow);
  if (!selected && row < 0) return null;
  return (
    <div className="tl-side">
      {selected && (
        <section className="tl-seg" data-testid="tl-segment" data-goid={selected.goid} data-waker={selected.unblockedByGoid}>
          <h2>{`Goroutine ${selected.goid}: ${selected.state}${selected.reason ? ` (${selected.reason})` : ''}`}</h2>
          <div className="small">{`from ${formatDuration(selected.startNs)} to ${formatDuration(selected.endNs)}, for ${formatDuration(selected.endNs - selected.startNs)}`}</div>
          {selected.unblockedBy >= 0 && (
            <div className="small">
              woken by{' '}
              <button className="link" onClick={onFollow} data-testid="tl-follow-waker">
                {`goroutine ${selected.unblockedByGoid} →`}
              </button>
            </div>
          )}
          {selected.frames.length > 0 && (
            <>
              <h3>{`Stack: ${selected.stackWhat}`}</h3>
              <ol className="tl-frames mono small">
                {selected.frames.map((f, i) => (
                  <li key={i}>
                    <div>{f.func}</div>
                    {f.file && <div className="muted">{`${f.file}:${f.line}`}</div>}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
      {row >= 0 && <GoroutineDetail />}
    </div>
  );
}
