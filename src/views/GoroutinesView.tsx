import { useCallback, useEffect, useRef } from 'react';
import { useApp } from '../store/store';
import type { SortKey } from '../analysis/filter';
import { GoroutineTable } from './GoroutineTable';
import { GoroutineDetail } from './GoroutineDetail';
import { formatCount } from '../analysis/units';

const CHIP_TERMS = ['suspect', 'parkFunc', 'label', 'creatorFunc', 'stack', 'traceEnd'] as const;

export function GoroutinesView() {
  const ws = useApp((s) => s.workspace)!;
  const snapshot = useApp((s) => s.snapshot);
  const filter = useApp((s) => s.filter);
  const setFilter = useApp((s) => s.setFilter);
  const resetFilter = useApp((s) => s.resetFilter);
  const choices = useApp((s) => s.choices);
  const table = useApp((s) => s.table);
  const setSort = useApp((s) => s.setSort);
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
  const snap = ws.snapshots[snapshot];
  if (!snap) return <div className="muted">This input has no goroutine snapshot (see Overview).</div>;
  const onSort = useCallback((key: SortKey) => {
    const cur = useApp.getState().sort;
    setSort(cur.key === key ? { key, desc: !cur.desc } : { key, desc: key === 'wait' || key === 'weight' || key === 'blocked' });
  }, [setSort]);
  const chips = CHIP_TERMS.filter((k) => filter.spec[k] !== undefined);
  const any = Object.keys(filter.spec).length > 0;
  return (
    <div className="goroutines">
      <div className="filters" role="search">
        {snap.hasStates && (
          <select value={filter.spec.state ?? ''} onChange={(e) => setFilter({ state: e.target.value === '' ? undefined : Number(e.target.value) })} aria-label="Filter by state" data-testid="filter-state">
            <option value="">all states</option>
            {(choices?.states ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({formatCount(c.count)})
              </option>
            ))}
          </select>
        )}
        <input
          ref={textRef}
          type="search"
          placeholder="function or file contains…  (/)"
          value={filter.spec.text ?? ''}
          onChange={(e) => setFilter({ text: e.target.value })}
          data-testid="filter-text"
        />
        <input
          type="search"
          placeholder="label key=value"
          title="exactly key=value, or a key alone for any value"
          value={filter.spec.labelText ?? ''}
          list="label-choices"
          onChange={(e) => setFilter({ labelText: e.target.value || undefined })}
          data-testid="filter-label"
        />
        <datalist id="label-choices">
          {(choices?.labels.keys ?? []).flatMap((k) => k.values.slice(0, 50).map((v) => <option key={`${k.keyId}=${v.valueId}`} value={`${k.key}=${v.value}`} />))}
        </datalist>
        {chips.map((k) => (
          <span key={k} className="chip" data-testid="rows-filter">
            {filter.chips[k] ?? k}
            <button className="chip-x" onClick={() => setFilter({ [k]: undefined })} aria-label={`Remove filter ${filter.chips[k] ?? k}`}>
              ✕
            </button>
          </span>
        ))}
        {any && (
          <button className="btn small" onClick={resetFilter}>
            Reset
          </button>
        )}
        <span className="muted small" data-testid="row-count" data-goroutines={table?.goroutines ?? ''} data-for={table?.answers.text} data-sort={table?.answers.sort}>
          {table ? `${formatCount(table.rows.length)} of ${formatCount(table.total)} ${snap.hasIds ? 'goroutines' : 'records'}` : '…'}
        </span>
        {table && !snap.hasIds && table.goroutines !== table.rows.length && <span className="muted small">({formatCount(table.goroutines)} goroutines)</span>}
      </div>
      <div className="split">
        <GoroutineTable onSort={onSort} />
        <GoroutineDetail />
      </div>
    </div>
  );
}
