import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useApp } from '../store/store';
import type { SortKey } from '../analysis/filter';
import type { RowDisplay } from '../worker/api';
import { formatCount, formatDuration } from '../analysis/units';
import { flagBadges } from './badges';
import { FuncName } from './common/GoName';

const ROW_H = 26;
const OVERSCAN = 10;

/**
 * A virtualised table: only the rows in view are in the DOM, and only their display is asked of
 * the worker (the rest are ids), so 100,000 rows scroll and filter smoothly.
 */
export const GoroutineTable = memo(function GoroutineTable({ onSort }: { onSort: (k: SortKey) => void }) {
  const ws = useApp((s) => s.workspace)!;
  const snapshot = useApp((s) => s.snapshot);
  const table = useApp((s) => s.table);
  const selected = useApp((s) => s.selectedRow);
  const select = useApp((s) => s.selectRow);
  const ensureRows = useApp((s) => s.ensureRows);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const snap = ws.snapshots[snapshot];
  const rows = table?.rows ?? null;
  const choices = useApp((s) => s.choices);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // a new row list starts at the top
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [rows]);
  // the selected goroutine (a followed link, a restored view) is scrolled into view
  useEffect(() => {
    const el = scroller.current;
    if (!el || !rows || selected < 0) return;
    const idx = rows.indexOf(selected);
    if (idx < 0) return;
    const top = idx * ROW_H;
    if (top < el.scrollTop || top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 2);
  }, [selected, rows]);
  const n = rows?.length ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(n, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  useEffect(() => {
    ensureRows(first, last);
  }, [first, last, rows, ensureRows]);

  const onKey = (e: React.KeyboardEvent) => {
    if (!rows || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    e.preventDefault();
    const idx = rows.indexOf(selected);
    const next = Math.max(0, Math.min(rows.length - 1, idx + (e.key === 'ArrowDown' ? 1 : -1)));
    if (rows.length) {
      select(rows[next]);
      const el = scroller.current!;
      const top = next * ROW_H;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_H > el.scrollTop + el.clientHeight - ROW_H) el.scrollTop = top - el.clientHeight + 2 * ROW_H;
    }
  };

  if (!snap) return null;
  const timeProfile = snap.kind === 'time-profile';
  const isTrace = snap.kind === 'trace-end';
  const summary = useApp.getState().workspace?.summary.inputs[snap.input]?.snapshots.find((_, i) => ws.inputs[snap.input].snapshotStart + i === snapshot);
  // columns sized by what they hold: no Wait column when no header printed minutes, no Labels without labels
  const showWait = isTrace || (snap.hasStates && (summary?.withWaitMinutes ?? 1) > 0);
  const showLabels = (choices?.labels.keys.length ?? 0) > 0;
  const idWidth = `${Math.max(3, table?.idDigits ?? 3) + 2}ch`;
  const cols: { key: SortKey; label: string; cls: string; style?: React.CSSProperties }[] = [
    ...(snap.hasIds ? [{ key: 'goid' as SortKey, label: 'ID', cls: 'c-id num', style: { width: idWidth } }] : [{ key: 'weight' as SortKey, label: timeProfile ? 'Count' : 'Goroutines', cls: 'c-id num', style: { width: `calc(${idWidth} + 4ch)` } }]),
    ...(snap.hasStates ? [{ key: 'state' as SortKey, label: 'State', cls: 'c-state' }] : []),
    ...(showWait ? [{ key: (isTrace ? 'blocked' : 'wait') as SortKey, label: isTrace ? 'Blocked' : 'Wait', cls: 'c-wait num' }] : []),
    ...(timeProfile ? [{ key: 'blocked' as SortKey, label: 'Blocked', cls: 'c-wait num' }] : []),
    { key: 'parkSite', label: 'Park site', cls: 'c-site' },
    ...(showLabels ? [{ key: 'labels' as SortKey, label: 'Labels', cls: 'c-labels' }] : []),
  ];
  const cells = (d: RowDisplay | undefined) => {
    if (!d) return <div role="gridcell" className="cell muted">…</div>;
    const badges = flagBadges(d.flags);
    return (
      <>
        {snap.hasIds ? (
          <div role="gridcell" className="cell c-id num mono" style={cols[0].style}>
            {d.goid >= 0 ? d.goid : ''}
          </div>
        ) : (
          <div role="gridcell" className="cell c-id num" style={cols[0].style}>
            {formatCount(d.weight)}
          </div>
        )}
        {snap.hasStates && (
          <div role="gridcell" className="cell c-state">
            {d.state}
            {badges.map((b) => (
              <span key={b} className={`badge b-${b.replace(' ', '-')}`}>
                {b}
              </span>
            ))}
          </div>
        )}
        {showWait && <div role="gridcell" className="cell c-wait num">{isTrace ? (d.blockedNs > 0 ? formatDuration(d.blockedNs) : '') : d.waitMinutes >= 0 ? `${d.waitMinutes} min` : ''}</div>}
        {timeProfile && <div role="gridcell" className="cell c-wait num">{formatDuration(d.blockedNs)}</div>}
        <div role="gridcell" className="cell c-site mono">{d.parkSite ? <FuncName name={d.parkSite} /> : ''}</div>
        {showLabels && (
          <div role="gridcell" className="cell c-labels mono small" title={d.labels}>
            {d.labels}
          </div>
        )}
      </>
    );
  };
  const visible: number[] = [];
  for (let i = first; i < last; i++) visible.push(i);
  return (
    <div className="gtable" role="grid" aria-rowcount={n} tabIndex={0} onKeyDown={onKey} data-testid="goroutine-table">
      <TableHead cols={cols} onSort={onSort} />
      <div className="gtable-body" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: n * ROW_H, position: 'relative' }}>
          {rows &&
            visible.map((i) => {
              const r = rows[i];
              return (
                <div key={i} role="row" className={`gtable-row${r === selected ? ' selected' : ''}${i % 2 ? ' odd' : ''}`} style={{ top: i * ROW_H, height: ROW_H }} onClick={() => select(r)} data-testid="goroutine-row">
                  {cells(table!.display.get(r))}
                </div>
              );
            })}
        </div>
      </div>
    </div>
  );
});

/** The header row: the only part that renders when the sort changes (the rows render when the answer comes). */
function TableHead({ cols, onSort }: { cols: { key: SortKey; label: string; cls: string; style?: React.CSSProperties }[]; onSort: (k: SortKey) => void }) {
  const sort = useApp((s) => s.sort);
  return (
    <div className="gtable-head" role="row" data-sort={`${sort.key}:${sort.desc}`}>
      {cols.map((c, i) => (
        <div key={i} role="columnheader" className={`cell ${c.cls} sortable`} style={c.style} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
          <button type="button" className="th-sort" onClick={() => onSort(c.key)}>
            {c.label}
            {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
          </button>
        </div>
      ))}
    </div>
  );
}
