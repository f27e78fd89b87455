/**
 * A series of dumps on the timeline (issue #12): the time axis is the snapshots, a row per
 * goroutine id (ids are never reused), a mark in each snapshot where it is present, coloured by its
 * state there — goroutines that stay blocked across snapshots stand out as unbroken lines of marks.
 * Rows are virtualised (fixed height, only those in view rendered).
 */
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../store/store';
import { askSeriesTimeline } from '../../store/timeline';
import type { SeriesTimeline as SeriesData, Workspace } from '../../worker/api';
import { TL_CLASSES } from '../../analysis/timeline';
import { formatCount } from '../../analysis/units';
import { palette } from './timeline-draw';

const ROW_H = 20;

/** A dump series the timeline can show: two or more snapshots with goroutine ids. */
export function timelineSeries(ws: Workspace, id: number): boolean {
  const s = ws.series.find((x) => x.id === id);
  if (!s || s.kind !== 'dumps') return false;
  return s.snapshots.filter((i) => ws.snapshots[i]?.hasIds && ws.snapshots[i].rowEnd > ws.snapshots[i].rowStart).length >= 2;
}

export function SeriesTimeline({ series }: { series: number }) {
  const generation = useApp((s) => s.workspace?.generation ?? -1);
  const theme = useApp((s) => s.theme);
  const selectRow = useApp((s) => s.selectRow);
  const [data, setData] = useState<{ key: string; value: SeriesData } | null>(null);
  const [scroll, setScroll] = useState(0);
  const [find, setFind] = useState('');
  const key = `${generation}|${series}`;
  useEffect(() => {
    let live = true;
    void askSeriesTimeline(series).then((value) => {
      if (live && value) setData({ key: `${generation}|${series}`, value });
    });
    return () => {
      live = false;
    };
  }, [series, generation]);
  const d = data && data.key === key ? data.value : null;
  const order = useMemo(() => {
    if (!d) return new Int32Array(0);
    const want = find.trim();
    const out: number[] = [];
    for (let r = 0; r < d.goids.length; r++) if (!want || String(d.goids[r]) === want) out.push(r);
    return Int32Array.from(out);
  }, [d, find]);
  if (!d) return <div className="muted">Loading…</div>;
  const k = d.snapshots.length;
  let inAll = 0;
  for (let r = 0; r < d.goids.length; r++) {
    let all = true;
    for (let j = 0; j < k; j++) if (!d.marks[r * k + j]) all = false;
    if (all) inAll++;
  }
  const pal = palette(theme);
  const viewH = 560;
  const first = Math.max(0, Math.floor(scroll / ROW_H) - 5);
  const last = Math.min(order.length, first + Math.ceil(viewH / ROW_H) + 10);
  const cols = `minmax(220px, 1.2fr) repeat(${k}, minmax(70px, 1fr))`;
  const rows = [];
  for (let i = first; i < last; i++) {
    const r = order[i];
    let marks = 0;
    for (let j = 0; j < k; j++) if (d.marks[r * k + j]) marks++;
    rows.push(
      <div key={r} className="tl-series-row" style={{ top: i * ROW_H, gridTemplateColumns: cols }} data-testid="series-row" data-goid={d.goids[r]} data-marks={marks}>
        <span className="mono small tl-series-name">{`G${d.goids[r]}  ${d.startFunc[r]}`}</span>
        {Array.from({ length: k }, (_, j) => {
          const m = d.marks[r * k + j];
          const mr = d.markRows[r * k + j];
          return (
            <span key={j} className="tl-series-cell">
              {m > 0 && (
                <button className="tl-mark" style={{ background: pal.css[m - 1] }} title={`${d.snapshots[j].label}: ${TL_CLASSES[m - 1]}`} onClick={() => selectRow(mr)} data-testid="series-mark" aria-label={`goroutine ${d.goids[r]} in ${d.snapshots[j].label}`} />
              )}
            </span>
          );
        })}
      </div>,
    );
  }
  return (
    <div className="tl-series" data-testid="series-timeline" data-rows={d.goids.length} data-in-all={inAll}>
      <div className="tl-toolbar">
        <span className="small">{`${formatCount(d.goids.length)} goroutines over ${k} snapshots · ${formatCount(inAll)} present in every snapshot`}</span>
        <label>
          <span className="muted small">Goroutine id</span>
          <input value={find} onChange={(e) => setFind(e.target.value)} placeholder="find id" size={8} data-testid="series-find" />
        </label>
      </div>
      <div className="tl-series-head" style={{ gridTemplateColumns: cols }}>
        <span className="small muted">goroutine</span>
        {d.snapshots.map((s, j) => (
          <span key={j} className="small tl-series-snap">
            {s.label}
          </span>
        ))}
      </div>
      <div className="tl-series-body" style={{ height: viewH }} onScroll={(e) => setScroll(e.currentTarget.scrollTop)}>
        <div style={{ height: order.length * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
