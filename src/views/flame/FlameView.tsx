/**
 * The "Flame graph" tab: the toolbar (orientation, weight, folding, creators, colouring, diff
 * baseline, sandwich, a trace's time range), the canvas (FlameGraph.tsx) and what the selected node
 * holds, with "show these N goroutines" (the goroutine table filtered to exactly them, by the
 * node's path: FilterSpec.flame). The tree is built in the worker (store/flame.ts); the view state
 * lives in the store (flameView) and the URL.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { nodeFunction, nodeLabel, parkSiteTotals, pathTo, terminalOfRowSlot, type BlockedKind, type FlameTree, type FlameWeight } from '../../analysis/flame';
import { distinctRowsUnder, nodeAtPath, nodePath } from '../../analysis/flame-path';
import { formatCount, formatDuration } from '../../analysis/units';
import { useApp } from '../../store/store';
import { flameKey, requestFlame, useFlameTrees } from '../../store/flame';
import { useTraceRange } from '../../store/trace-range';
import type { FlameViewState } from '../../store/flame-view';
import type { FlameRequest, SnapshotInfo, TraceInfo, Workspace } from '../../worker/api';
import { FlameGraph, type FlameSearchResult } from './FlameGraph';
import { formatShare, formatWeight } from './flame-text';
import { shortFunc } from '../names';

const KIND_LABELS: Record<BlockedKind, string> = {
  waiting: 'every wait (still blocked included)',
  sync: 'sync: chan, select, sync (-pprof=sync)',
  net: 'network (-pprof=net)',
  syscall: 'syscalls (-pprof=syscall)',
  sched: 'scheduler latency (-pprof=sched)',
};

/** The weights a snapshot offers, first the default. */
function weightsOf(snap: SnapshotInfo): { id: FlameWeight; label: string }[] {
  if (snap.kind === 'trace-end')
    return [
      { id: 'blocked', label: 'time blocked in the range' },
      { id: 'still-blocked', label: 'still blocked at the end' },
      { id: 'goroutines', label: 'every goroutine the trace saw' },
    ];
  const value = snap.value2Type ? [{ id: 'value' as const, label: `${snap.value2Type.type} (${snap.value2Type.unit})` }] : [];
  if (snap.kind === 'time-profile') return [{ id: 'goroutines', label: snap.weightType.type || 'samples' }, ...value];
  return [
    { id: 'goroutines', label: 'goroutines' },
    { id: 'leaked', label: 'proven leaked' },
    { id: 'wait', label: 'wait minutes × goroutines' },
    ...value,
  ];
}

function snapshotLabel(ws: Workspace, i: number): string {
  const s = ws.snapshots[i];
  const inp = ws.inputs[s.input];
  if (!inp) return `snapshot ${i + 1}`;
  return inp.snapshotEnd - inp.snapshotStart === 1 ? inp.file : `${inp.file} — ${s.label || `snapshot ${i - inp.snapshotStart + 1}`}`;
}

/** The request the view state asks for (null: nothing to draw), and what the toolbar offers. */
function useRequest(ws: Workspace | null, snapshot: number, fv: FlameViewState) {
  const range = useTraceRange((s) => s.range);
  return useMemo(() => {
    const snap = ws?.snapshots[snapshot];
    if (!ws || !snap || snap.rowEnd <= snap.rowStart) return null;
    const weights = weightsOf(snap);
    const weight = weights.some((w) => w.id === fv.weight) ? fv.weight! : weights[0].id;
    const trace: TraceInfo | null = ws.traces.find((t) => t && t.snapshot === snapshot) ?? null;
    const inRange = trace && range && range.input === trace.input;
    const t0 = inRange ? range.t0 : 0;
    const t1 = inRange ? range.t1 : (trace?.durationNs ?? 0);
    const series = ws.series.find((se) => se.snapshots.includes(snapshot));
    const earlier = series && series.kind === 'dumps' ? series.snapshots.slice(0, series.snapshots.indexOf(snapshot)) : [];
    const baseline = fv.baseline !== null && earlier.includes(fv.baseline) ? fv.baseline : null;
    const sandwich = fv.sandwich && fv.focus ? fv.focus : null;
    const main: FlameRequest = {
      snapshot,
      orientation: fv.orientation,
      weight,
      foldRuntime: fv.fold,
      creators: fv.creators && weight !== 'blocked',
      baseline,
      focus: sandwich ? { func: sandwich, side: 'callers' } : null,
      trace: weight === 'blocked' && trace ? { kind: fv.kind, t0, t1 } : null,
    };
    const callees: FlameRequest | null = sandwich ? { ...main, focus: { func: sandwich, side: 'callees' } } : null;
    return { snap, weights, weight, trace, t0, t1, earlier, baseline, main, callees };
  }, [ws, snapshot, fv, range]);
}

export function FlameView() {
  const ws = useApp((s) => s.workspace);
  const snapshot = useApp((s) => s.snapshot);
  const theme = useApp((s) => s.theme);
  const fv = useApp((s) => s.flameView);
  const setFV = useApp((s) => s.setFlameView);
  const filterTo = useApp((s) => s.filterTo);
  const q = useRequest(ws, snapshot, fv);
  const generation = ws?.generation ?? -1;
  const mainKey = q ? flameKey(generation, q.main) : '';
  const calleesKey = q?.callees ? flameKey(generation, q.callees) : '';
  useEffect(() => {
    requestFlame('main', q ? q.main : null);
    requestFlame('callees', q?.callees ?? null);
    // the keys say everything the requests hold
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mainKey, calleesKey]);
  const answers = useFlameTrees((s) => s.answers);
  const error = useFlameTrees((s) => s.error);
  const main = answers.main;
  const tree = main?.tree ?? null;
  const pending = !!q && main?.key !== mainKey;
  const calleesTree = q?.callees ? (answers.callees?.tree ?? null) : null;

  const zoom = tree ? Math.max(0, nodeAtPath(tree, fv.zoom)) : 0;
  const [search, setSearch] = useState<FlameSearchResult | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  // the goroutine table's filter and selection, shown on the graph
  const table = useApp((s) => s.table);
  const filtered = useApp((s) => Object.keys(s.filter.spec).length > 0);
  const selectedRow = useApp((s) => s.selectedRow);
  const tableSnapshotRows = filtered && table ? table.rows : null;
  const selectedPath = useMemo(() => {
    if (!tree || selectedRow < 0) return null;
    const nodes: number[] = [];
    for (let j = 0; j < tree.rows.length; j++) if (tree.rows[j] === selectedRow) nodes.push(...pathTo(tree, terminalOfRowSlot(tree, j)));
    return nodes.length ? Int32Array.from(nodes) : null;
  }, [tree, selectedRow]);

  const zoomTo = (t: FlameTree, node: number) => setFV({ zoom: nodePath(t, node) });
  const select = (t: FlameTree, node: number) => setFV({ zoom: nodePath(t, node), focus: nodeFunction(t, node) ?? fv.focus });

  const onKey = (e: KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    if (e.key === '/' || ((e.ctrlKey || e.metaKey) && e.key === 'f')) {
      e.preventDefault();
      rootRef.current?.querySelector<HTMLInputElement>('[data-testid=flame-search]')?.focus();
    }
  };

  if (!ws || !q) return <div className="muted">This snapshot has no goroutines to draw.</div>;
  const { snap, trace } = q;
  return (
    <div className="flame-view" ref={rootRef} onKeyDown={onKey} data-testid="flame-view">
      <div className="flame-controls" role="toolbar" aria-label="Flame graph options">
        <div className="seg" role="group" aria-label="Orientation">
          {(['entry', 'park'] as const).map((o) => (
            <button
              key={o}
              className={`btn small${fv.orientation === o ? ' on' : ''}`}
              aria-pressed={fv.orientation === o}
              onClick={() => setFV({ orientation: o, zoom: [] })}
              title={o === 'entry' ? 'start function at the base, the wait reason at the tip' : 'wait reason at the base, then the park site and its callers: who calls into this park site'}
              data-testid={`flame-orient-${o}`}
            >
              {o === 'entry' ? 'entry-rooted' : 'park-rooted'}
            </button>
          ))}
        </div>
        <label>
          <span className="muted">Width</span>
          <select value={q.weight} onChange={(e) => setFV({ weight: e.target.value as FlameWeight, zoom: [] })} data-testid="flame-weight">
            {q.weights.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {q.weight === 'blocked' && trace && <TraceRangeInput trace={trace} t0={q.t0} t1={q.t1} kind={fv.kind} onKind={(kind) => setFV({ kind, zoom: [] })} />}
        <label title="Runtime and standard-library frames inner to the park site fold into the wait reason">
          <input type="checkbox" checked={fv.fold} onChange={(e) => setFV({ fold: e.target.checked, zoom: [] })} data-testid="flame-fold" /> fold runtime
        </label>
        {q.weight !== 'blocked' && (
          <label title="Append the creation chain (created by …) under the start function">
            <input type="checkbox" checked={fv.creators} onChange={(e) => setFV({ creators: e.target.checked, zoom: [] })} data-testid="flame-creators" /> creators
          </label>
        )}
        <label>
          <span className="muted">Colour</span>
          <select value={fv.color === 'diff' && q.baseline === null ? 'pattern' : fv.color} onChange={(e) => setFV({ color: e.target.value as FlameViewState['color'] })} data-testid="flame-color">
            <option value="pattern">leak pattern</option>
            <option value="package">package kind</option>
            {q.baseline !== null && <option value="diff">growth since baseline</option>}
          </select>
        </label>
        {q.earlier.length > 0 && (
          <label title="Widths from this snapshot, colour by how each node changed since the earlier one">
            <span className="muted">Diff against</span>
            <select
              value={q.baseline ?? ''}
              onChange={(e) => {
                const b = e.target.value === '' ? null : Number(e.target.value);
                setFV({ baseline: b, color: b === null ? (fv.color === 'diff' ? 'pattern' : fv.color) : 'diff' });
              }}
              data-testid="flame-baseline"
            >
              <option value="">no baseline</option>
              {q.earlier.map((i) => (
                <option key={i} value={i}>
                  {snapshotLabel(ws, i)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          className={`btn small${fv.sandwich && fv.focus ? ' on' : ''}`}
          disabled={!fv.focus}
          aria-pressed={fv.sandwich && !!fv.focus}
          onClick={() => setFV({ sandwich: !fv.sandwich, zoom: [] })}
          title={fv.focus ? `Callers and callees of ${fv.focus}` : 'Click a function first'}
          data-testid="flame-sandwich"
        >
          sandwich{fv.focus ? `: ${shortFunc(fv.focus)}` : ''}
        </button>
        <span className="flame-status muted small" data-testid="flame-status" aria-live="polite">
          {pending ? 'building…' : main ? `built in ${main.buildMs.toFixed(0)} ms` : ''}
        </span>
      </div>
      {error && <div className="error small">The flame graph could not be built: {error}</div>}
      {tree && fv.sandwich && fv.focus && <div className="muted small flame-sub">Callers of {fv.focus} (the function at the base, who calls it above)</div>}
      {tree ? (
        <FlameGraph
          tree={tree}
          theme={theme}
          colorBy={fv.color === 'diff' && !tree.base ? 'pattern' : fv.color}
          zoomNode={zoom}
          onZoom={(n) => zoomTo(tree, n)}
          onSelectNode={(n) => select(tree, n)}
          search={fv.search}
          onSearchChange={(text) => setFV({ search: text })}
          onSearchResult={setSearch}
          selectedFunction={fv.focus}
          highlightRows={tableSnapshotRows}
          highlightNodes={selectedPath}
          height={fv.sandwich && calleesTree ? 220 : 380}
          exportName={`flame-${fv.orientation}`}
        />
      ) : (
        <div className="flame-empty small">{pending ? 'Building the flame graph…' : 'No flame graph yet.'}</div>
      )}
      {calleesTree && fv.focus && (
        <>
          <div className="muted small flame-sub">Callees of {fv.focus} (toward the wait reason)</div>
          <FlameGraph tree={calleesTree} theme={theme} colorBy={fv.color === 'diff' ? 'pattern' : fv.color} search={fv.search} selectedFunction={fv.focus} height={220} exportName="flame-callees" />
        </>
      )}
      {tree && (
        <NodePanel
          tree={tree}
          node={zoom}
          search={search}
          snap={snap}
          onShow={(count, label) => filterTo({ flame: { request: q.main, path: nodePath(tree, zoom) } }, { flame: `flame: ${label} (${formatCount(count)})` })}
          onPick={(n) => select(tree, n)}
        />
      )}
    </div>
  );
}

/** The zoomed node: its numbers, "show these N goroutines", its children as a list, the park sites. */
function NodePanel(props: { tree: FlameTree; node: number; search: FlameSearchResult | null; snap: SnapshotInfo; onShow: (count: number, label: string) => void; onPick: (n: number) => void }) {
  const { tree, node } = props;
  const count = useMemo(() => (tree.weightKind === 'blocked' ? distinctRowsUnder(tree, node).length : tree.goroutines[node]), [tree, node]);
  const children = useMemo(() => {
    const out: number[] = [];
    for (let c = node + 1; c < tree.end[node] && out.length < 40; c = tree.end[c]) out.push(c);
    return out;
  }, [tree, node]);
  const sites = useMemo(() => {
    const base = tree.base ? parkSiteTotals(tree, tree.base) : null;
    return [...parkSiteTotals(tree)].sort((a, b) => b[1] - a[1]).map(([site, w]) => ({ site, w, base: base ? (base.get(site) ?? 0) : null }));
  }, [tree]);
  const label = nodeLabel(tree, node);
  const w = tree.weight[node];
  const unitWord = tree.weightKind === 'blocked' ? 'goroutines' : tree.unit === 'goroutines' ? 'goroutines' : 'records';
  return (
    <div className="flame-panel">
      <div className="flame-selected" data-testid="flame-selected">
        <span className="mono flame-selected-name" title={label}>
          {node === 0 ? (tree.focus ? label : 'All') : label}
        </span>
        <span data-testid="flame-selected-weight" data-weight={w} data-goroutines={count}>
          {formatWeight(tree, w)}
        </span>
        <span className="muted">{formatShare(w, tree.total)} of all</span>
        {tree.base && (
          <span className="muted" data-testid="flame-selected-diff">
            baseline {formatWeight(tree, tree.base[node])} ({w - tree.base[node] >= 0 ? '+' : '−'}
            {formatCount(Math.abs(w - tree.base[node]))})
          </span>
        )}
        <button className="btn small primary" onClick={() => props.onShow(count, label)} disabled={count === 0} data-testid="flame-show">
          Show these {formatCount(count)} {unitWord === 'records' && count === 1 ? 'record' : count === 1 ? 'goroutine' : unitWord}
        </button>
        <span className="muted small">{props.snap.kind === 'trace-end' && tree.weightKind === 'blocked' && tree.trace ? `range ${formatDuration(tree.trace.t0)} – ${formatDuration(tree.trace.t1)}` : ''}</span>
      </div>
      <div className="flame-lists">
        <section aria-label={`Under ${label}`}>
          <h4 className="small muted">{children.length ? `Under ${node === 0 ? 'the root' : shortFunc(label)}` : 'A tip: nothing under it'}</h4>
          <ul className="flame-children" data-testid="flame-children">
            {children.map((c) => (
              <li key={c}>
                <button className="linkish mono" onClick={() => props.onPick(c)} data-testid="flame-child" data-label={nodeLabel(tree, c)} data-weight={tree.weight[c]}>
                  {nodeLabel(tree, c)}
                </button>
                <span className="muted"> {formatWeight(tree, tree.weight[c])} · {formatShare(tree.weight[c], tree.weight[node])}</span>
              </li>
            ))}
          </ul>
        </section>
        <details className="flame-sites">
          <summary className="small muted">Park sites ({sites.length}){tree.base ? ' and their growth' : ''}</summary>
          <table className="small" data-testid="flame-parksites">
            <tbody>
              {sites.slice(0, 300).map(({ site, w: v, base }) => (
                <tr key={site} data-testid="flame-site" data-site={site} data-weight={v} data-base={base ?? undefined}>
                  <td className="mono">{site}</td>
                  <td className="num">{formatWeight(tree, v)}</td>
                  {base !== null && (
                    <td className="num muted">
                      {v === base ? 'unchanged' : `${v > base ? '+' : '−'}${formatCount(Math.abs(v - base))}`}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </div>
  );
}

/** A trace's range for the blocked-time weight: the timeline's selection, or typed here (ms). */
function TraceRangeInput(props: { trace: TraceInfo; t0: number; t1: number; kind: BlockedKind; onKind: (k: BlockedKind) => void }) {
  const setRange = useTraceRange((s) => s.setRange);
  const { trace, t0, t1 } = props;
  const ms = (ns: number) => String(Math.round(ns / 1e4) / 100);
  const apply = (form: HTMLFormElement) => {
    const a = Number((form.elements.namedItem('from') as HTMLInputElement).value) * 1e6;
    const b = Number((form.elements.namedItem('to') as HTMLInputElement).value) * 1e6;
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) setRange({ input: trace.input, t0: Math.max(0, a), t1: Math.min(trace.durationNs, b) });
  };
  const whole = t0 <= 0 && t1 >= trace.durationNs;
  return (
    <>
      <label>
        <span className="muted">Intervals</span>
        <select value={props.kind} onChange={(e) => props.onKind(e.target.value as BlockedKind)} data-testid="flame-kind">
          {(Object.keys(KIND_LABELS) as BlockedKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <form
        key={`${t0}-${t1}`}
        className="flame-range"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
        onBlur={(e) => apply(e.currentTarget)}
        aria-label="Time range of the trace, in ms from its start"
      >
        <input name="from" type="number" step="any" min={0} defaultValue={ms(t0)} aria-label="from (ms)" data-testid="flame-range-from" />
        <span className="muted">–</span>
        <input name="to" type="number" step="any" min={0} defaultValue={ms(t1)} aria-label="to (ms)" data-testid="flame-range-to" />
        <span className="muted">ms</span>
        {!whole && (
          <button type="button" className="btn small" onClick={() => setRange(null)} data-testid="flame-range-all">
            whole trace
          </button>
        )}
      </form>
    </>
  );
}
