import { useEffect, useMemo, useRef, useState } from 'react';
import { NO_FILTERS, useApp } from '../store/store';
import { filterRows, statesOf, type SortKey, type SortSpec } from './derive';
import { GoroutineTable } from './GoroutineTable';
import { GoroutineDetail } from './GoroutineDetail';
import { formatCount } from './format';

export function GoroutinesView() {
  const view = useApp((s) => s.view)!;
  const snapshot = useApp((s) => s.snapshot);
  const filters = useApp((s) => s.filters);
  const setFilters = useApp((s) => s.setFilters);
  const parkByStack = useApp((s) => s.parkSiteByStack);
  const [sort, setSort] = useState<SortSpec>({ key: 'goid', desc: false });
  const textRef = useRef<HTMLInputElement>(null);
  // "/" jumps to the search box, as in most code viewers
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === '/' && !(t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'))) {
        e.preventDefault();
        textRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const snap = view.model.snapshots[snapshot];
  const rows = useMemo(() => filterRows(view, snapshot, filters, parkByStack, sort), [view, snapshot, filters, parkByStack, sort]);
  const stateCounts = useMemo(() => statesOf(view, snapshot), [view, snapshot]);
  if (!snap) return <div className="muted">This input has no goroutine snapshot (see Overview).</div>;
  const states = stateCounts;
  const total = snap.rowEnd - snap.rowStart;
  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key === 'wait' || key === 'weight' }));
  return (
    <div className="goroutines">
      <div className="filters" role="search">
        {snap.hasStates && (
          <select value={filters.state} onChange={(e) => setFilters({ state: e.target.value })} aria-label="Filter by state" data-testid="filter-state">
            <option value="">all states</option>
            {states.map(([s, n]) => (
              <option key={s} value={s}>
                {s} ({n})
              </option>
            ))}
          </select>
        )}
        <input ref={textRef} type="search" placeholder="function or file contains…  (/)" value={filters.text} onChange={(e) => setFilters({ text: e.target.value })} data-testid="filter-text" />
        <input type="search" placeholder="label key=value…" value={filters.label} onChange={(e) => setFilters({ label: e.target.value })} data-testid="filter-label" />
        {filters.rows && (
          <span className="chip" data-testid="rows-filter">
            {filters.rowsLabel}
            <button className="chip-x" onClick={() => setFilters({ rows: null, rowsLabel: '' })} aria-label="Show all goroutines">
              ✕
            </button>
          </span>
        )}
        {(filters.state || filters.text || filters.label || filters.rows) && (
          <button className="btn small" onClick={() => setFilters(NO_FILTERS)}>
            Reset
          </button>
        )}
        <span className="muted small" data-testid="row-count">
          {formatCount(rows.length)} of {formatCount(total)} {snap.hasIds ? 'goroutines' : 'records'}
        </span>
      </div>
      <div className="split">
        <GoroutineTable rows={rows} sort={sort} onSort={onSort} />
        <GoroutineDetail />
      </div>
    </div>
  );
}
