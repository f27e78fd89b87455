import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/store';
import { flagBadges, labelText, parkSiteName, type SortKey, type SortSpec } from './derive';
import { formatCount, formatNs } from './format';

const ROW_H = 26;
const OVERSCAN = 12;

/** A virtualised table: only the rows in view are in the DOM, so 100,000 rows scroll smoothly. */
export function GoroutineTable({ rows, sort, onSort }: { rows: Int32Array; sort: SortSpec; onSort: (k: SortKey) => void }) {
  const view = useApp((s) => s.view)!;
  const snapshot = useApp((s) => s.snapshot);
  const parkByStack = useApp((s) => s.parkSiteByStack);
  const selected = useApp((s) => s.selectedRow);
  const select = useApp((s) => s.selectRow);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const snap = view.model.snapshots[snapshot];
  const g = view.model.goroutines;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_H) + OVERSCAN);
  const visible: number[] = [];
  for (let i = first; i < last; i++) visible.push(i);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
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

  const timeProfile = snap.kind === 'time-profile';
  const isTrace = snap.kind === 'trace-end';
  const cols: { key: SortKey; label: string; cls: string }[] = [
    ...(snap.hasIds ? [{ key: 'goid' as SortKey, label: 'ID', cls: 'c-id num' }] : [{ key: 'weight' as SortKey, label: timeProfile ? 'Count' : 'Goroutines', cls: 'c-id num' }]),
    ...(snap.hasStates ? [{ key: 'state' as SortKey, label: 'State', cls: 'c-state' }] : []),
    ...(snap.hasStates ? [{ key: (isTrace ? 'blocked' : 'wait') as SortKey, label: isTrace ? 'Blocked' : 'Wait', cls: 'c-wait num' }] : []),
    ...(timeProfile ? [{ key: 'blocked' as SortKey, label: 'Blocked', cls: 'c-wait num' }] : []),
    { key: 'parkSite', label: 'Park site', cls: 'c-site' },
    { key: 'labels', label: 'Labels', cls: 'c-labels' },
  ];

  return (
    <div className="gtable" role="grid" aria-rowcount={rows.length} tabIndex={0} onKeyDown={onKey} data-testid="goroutine-table">
      <div className="gtable-head" role="row">
        {cols.map((c, i) => (
          <div key={i} role="columnheader" className={`cell ${c.cls} sortable`} onClick={() => onSort(c.key)} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
            {c.label}
            {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
          </div>
        ))}
      </div>
      <div className="gtable-body" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: rows.length * ROW_H, position: 'relative' }}>
          {visible.map((i) => {
            const r = rows[i];
            const badges = flagBadges(g.flags[r]);
            return (
              <div
                key={r}
                role="row"
                className={`gtable-row${r === selected ? ' selected' : ''}${i % 2 ? ' odd' : ''}`}
                style={{ top: i * ROW_H, height: ROW_H }}
                onClick={() => select(r)}
                data-testid="goroutine-row"
              >
                {snap.hasIds ? <div className="cell c-id num mono">{view.goid(r)}</div> : <div className="cell c-id num">{formatCount(g.weight[r])}</div>}
                {snap.hasStates && (
                  <div className="cell c-state">
                    {view.str(g.state[r])}
                    {badges.map((b) => (
                      <span key={b} className={`badge b-${b.replace(' ', '-')}`}>
                        {b}
                      </span>
                    ))}
                  </div>
                )}
                {snap.hasStates && <div className="cell c-wait num">{isTrace ? (g.value2[r] > 0 ? formatNs(g.value2[r]) : '') : g.waitMinutes[r] >= 0 ? `${g.waitMinutes[r]} min` : ''}</div>}
                {timeProfile && <div className="cell c-wait num">{formatNs(g.value2[r])}</div>}
                <div className="cell c-site mono" title={parkSiteName(view, parkByStack, r)}>
                  {parkSiteName(view, parkByStack, r)}
                </div>
                <div className="cell c-labels mono small">{labelText(view, g.labels[r])}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
