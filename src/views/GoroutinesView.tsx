/**
 * The goroutine table with its filters and the selected goroutine's detail. Each part subscribes
 * to exactly the state it shows, so a keystroke in the search box renders the box, not the table
 * or the detail; the table renders when the worker's answer arrives.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useApp } from '../store/store';
import type { SortKey } from '../analysis/filter';
import { GoroutineTable } from './GoroutineTable';
import { GoroutineDetail } from './GoroutineDetail';
import { formatCount } from '../analysis/units';

const CHIP_TERMS = ['suspect', 'parkFunc', 'label', 'creatorFunc', 'stack', 'traceEnd', 'flame', 'transition'] as const;

export function GoroutinesView() {
  const hasSnapshot = useApp((s) => !!s.workspace?.snapshots[s.snapshot]);
  const setSort = useApp((s) => s.setSort);
  const onSort = useCallback(
    (key: SortKey) => {
      const cur = useApp.getState().sort;
      setSort(cur.key === key ? { key, desc: !cur.desc } : { key, desc: key === 'wait' || key === 'weight' || key === 'blocked' });
    },
    [setSort],
  );
  if (!hasSnapshot) return <div className="muted">This input has no goroutine snapshot (see Overview).</div>;
  return (
    <div className="goroutines">
      <div className="filters" role="search">
        <StateFilter />
        <TextFilter />
        <LabelFilter />
        <Chips />
        <RowCount />
      </div>
      <div className="split">
        <GoroutineTable onSort={onSort} />
        <GoroutineDetail />
      </div>
    </div>
  );
}

function StateFilter() {
  const hasStates = useApp((s) => s.workspace?.snapshots[s.snapshot]?.hasStates ?? false);
  const state = useApp((s) => s.filter.spec.state);
  const states = useApp((s) => s.choices?.states);
  const setFilter = useApp((s) => s.setFilter);
  if (!hasStates) return null;
  return (
    <select value={state ?? ''} onChange={(e) => setFilter({ state: e.target.value === '' ? undefined : Number(e.target.value) })} aria-label="Filter by state" data-testid="filter-state">
      <option value="">all states</option>
      {(states ?? []).map((c) => (
        <option key={c.id} value={c.id}>
          {c.name} ({formatCount(c.count)})
        </option>
      ))}
    </select>
  );
}

function TextFilter() {
  const text = useApp((s) => s.filter.spec.text);
  const setFilter = useApp((s) => s.setFilter);
  const ref = useRef<HTMLInputElement>(null);
  // "/" jumps to the search box, as in most code viewers
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === '/' && !(t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT'))) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return <input ref={ref} type="search" placeholder="function or file contains…  (/)" aria-label="Function or file contains" value={text ?? ''} onChange={(e) => setFilter({ text: e.target.value })} data-testid="filter-text" />;
}

function LabelFilter() {
  const labelText = useApp((s) => s.filter.spec.labelText);
  const keys = useApp((s) => s.choices?.labels.keys);
  const setFilter = useApp((s) => s.setFilter);
  return (
    <>
      <input
        type="search"
        placeholder="label key=value"
        aria-label="Label, exactly key=value or a key"
        title="exactly key=value, or a key alone for any value"
        value={labelText ?? ''}
        list="label-choices"
        onChange={(e) => setFilter({ labelText: e.target.value || undefined })}
        data-testid="filter-label"
      />
      <datalist id="label-choices">{(keys ?? []).flatMap((k) => k.values.slice(0, 50).map((v) => <option key={`${k.keyId}=${v.valueId}`} value={`${k.key}=${v.value}`} />))}</datalist>
    </>
  );
}

function Chips() {
  const filter = useApp((s) => s.filter);
  const setFilter = useApp((s) => s.setFilter);
  const resetFilter = useApp((s) => s.resetFilter);
  const chips = CHIP_TERMS.filter((k) => filter.spec[k] !== undefined);
  const any = Object.keys(filter.spec).length > 0;
  return (
    <>
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
    </>
  );
}

function RowCount() {
  const table = useApp((s) => s.table);
  const hasIds = useApp((s) => s.workspace?.snapshots[s.snapshot]?.hasIds ?? true);
  return (
    <>
      <span className="muted small" data-testid="row-count" data-goroutines={table?.goroutines ?? ''} data-for={table?.answers.text} data-sort={table?.answers.sort}>
        {table ? `${formatCount(table.rows.length)} of ${formatCount(table.total)} ${hasIds ? 'goroutines' : 'records'}` : '…'}
      </span>
      {table && !hasIds && table.goroutines !== table.rows.length && <span className="muted small">({formatCount(table.goroutines)} goroutines)</span>}
    </>
  );
}
