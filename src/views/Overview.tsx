import { useApp } from '../store/store';
import type { SnapshotSummary } from '../analysis/summary';
import type { LabelIndex } from '../analysis/labels';
import { formatBytes, formatCount, plural } from '../analysis/units';
import { TraceOverview } from './TraceOverview';
import { SchedPanel } from './SchedPanel';
import { Stat } from './Stat';

export function Overview() {
  const ws = useApp((s) => s.workspace);
  const snapshot = useApp((s) => s.snapshot);
  if (!ws) return null;
  const snap = ws.snapshots[snapshot];
  return (
    <div className="overview">
      <InputsTable />
      {snap && snap.kind !== 'trace-end' && <SnapshotPanel />}
      {snap && snap.kind === 'trace-end' && ws.traces[snap.input] && <TraceOverview />}
      <LabelsPanel />
    </div>
  );
}

function InputsTable() {
  const ws = useApp((s) => s.workspace)!;
  const setSnapshot = useApp((s) => s.setSnapshot);
  const snapshot = useApp((s) => s.snapshot);
  return (
    <section className="card">
      <h2>Loaded</h2>
      <table className="grid compact" data-testid="inputs-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th>Go</th>
            <th className="num">Size</th>
            <th className="num">Snapshots</th>
            <th className="num">Goroutines</th>
            <th>Warnings</th>
          </tr>
        </thead>
        <tbody>
          {ws.inputs.map((inp, i) => {
            const s = ws.summary.inputs[i];
            const trace = ws.traces[i];
            const total = s.snapshots.reduce((a, x) => a + x.goroutines, 0);
            const active = snapshot >= inp.snapshotStart && snapshot < inp.snapshotEnd;
            return (
              <tr key={i} className={`${active ? 'active' : ''}${inp.snapshotEnd > inp.snapshotStart ? ' clickable' : ''}`} onClick={() => inp.snapshotEnd > inp.snapshotStart && setSnapshot(inp.snapshotStart)}>
                <td className="mono">{inp.file}</td>
                <td>{inp.error ? <span className="bad">not read: {inp.error}</span> : inp.format}</td>
                <td>{trace ? trace.writtenBy : (inp.goVersion ?? '—')}</td>
                <td className="num">{formatBytes(inp.bytes)}</td>
                <td className="num">{trace ? '—' : inp.snapshotEnd - inp.snapshotStart || '—'}</td>
                <td className="num">{inp.error ? '—' : s.trace ? formatCount(s.trace.goroutines) : formatCount(total)}</td>
                <td>{inp.warnings.length ? <Warnings list={inp.warnings} /> : <span className="muted">none</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Warnings({ list }: { list: string[] }) {
  return (
    <details className="warnings">
      <summary>{plural(list.length, 'warning')}</summary>
      <ul>
        {list.map((w, i) => (
          <li key={i} className="mono small">
            {w}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The summary of the input the snapshot belongs to, at the snapshot's index within it. */
function snapshotSummary(snapshot: number): SnapshotSummary | undefined {
  const ws = useApp.getState().workspace!;
  const snap = ws.snapshots[snapshot];
  const inp = ws.inputs[snap.input];
  // the summary lists an input's snapshots except its trace-end one
  let k = 0;
  for (let i = inp.snapshotStart; i < snapshot; i++) if (ws.snapshots[i].kind !== 'trace-end') k++;
  return ws.summary.inputs[snap.input]?.snapshots[k];
}

function SnapshotPanel() {
  const ws = useApp((s) => s.workspace)!;
  const snapshot = useApp((s) => s.snapshot);
  const choices = useApp((s) => s.choices);
  const sched = useApp((s) => s.sched);
  const filterTo = useApp((s) => s.filterTo);
  const sn = snapshotSummary(snapshot);
  const snap = ws.snapshots[snapshot];
  if (!sn || !snap) return null;
  const pre = snap.preamble;
  const timeProfile = snap.kind === 'time-profile';
  const states = choices?.states ?? [];
  const sites = choices?.parkSites ?? [];
  const maxSite = sites[0]?.count ?? 1;
  const maxState = states[0]?.count ?? 1;
  const unit = timeProfile ? snap.weightType.type : 'goroutines';
  const g0 = choices?.g0 ?? 0;
  const open = filterTo;
  return (
    <>
      <section className="stats" data-testid="snapshot-stats">
        <Stat label={timeProfile ? `${snap.weightType.type} (${snap.weightType.unit})` : g0 ? `Goroutine stacks (${g0} of them per-thread g0)` : 'Goroutines'} value={formatCount(sn.goroutines)} testid="stat-goroutines" />
        {sn.leaked !== null && <Stat label="Leaked (runtime-proven)" value={formatCount(sn.leaked)} testid="stat-leaked" tone={sn.leaked ? 'bad' : undefined} />}
        {sn.lockedToThread !== null && <Stat label="Locked to thread" value={formatCount(sn.lockedToThread)} testid="stat-locked" />}
        {sn.withWaitMinutes !== null && <Stat label="Waiting ≥ 1 minute" value={formatCount(sn.withWaitMinutes)} testid="stat-waiting" />}
        {sn.maxWaitMinutes !== null && <Stat label="Longest wait" value={plural(sn.maxWaitMinutes, 'minute')} testid="stat-maxwait" />}
        {snap.kind !== 'schedtrace' && <Stat label="Park sites" value={formatCount(sn.parkSites.length)} testid="stat-parksites" />}
      </section>
      {sched && <SchedPanel s={sched} />}
      {(pre.panic || pre.fatal || pre.signal) && (
        <section className="card preamble">
          {pre.signal && <div className="mono">{pre.signal}</div>}
          {pre.fatal && <div className="mono bad">fatal error: {pre.fatal}</div>}
          {pre.panic && <pre className="mono">panic: {pre.panic}</pre>}
          {pre.runningTests && pre.runningTests.length > 0 && <div className="small">running tests: {pre.runningTests.join(', ')}</div>}
        </section>
      )}
      {!snap.hasStates && (
        <div className="notice small">
          {timeProfile
            ? 'A time-weighted profile: each stack is weighted by how often and how long goroutines were blocked there (time blocked by stack). It has no goroutine ids or states.'
            : 'An aggregated profile: identical goroutines are merged into records with counts. It has no goroutine ids, states or wait times — load a debug=2 dump of the same process for those.'}
        </div>
      )}
      <div className={states.length > 0 ? 'two-col' : ''}>
        {states.length > 0 && (
          <section className="card">
            <h2>By state</h2>
            <table className="grid bars" data-testid="states-table">
              <tbody>
                {states.map((c) => (
                  <tr key={c.id} className="clickable" onClick={() => open({ state: c.id }, {})} data-testid="state-row">
                    <td className="num">{formatCount(c.count)}</td>
                    <td>
                      <div className="bar" style={{ width: `${(100 * c.count) / maxState}%` }} />
                      <span className="bar-label" data-testid="state-name">
                        {c.name}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {snap.kind === 'schedtrace' ? (
          <section className="card muted small">GODEBUG=schedtrace G lines carry no stacks, so there are no park sites here: load a goroutine dump of the same process for those.</section>
        ) : (
          <section className="card">
            <h2>Park sites {timeProfile ? `by ${unit}` : 'by goroutines'}</h2>
            {choices && sites.length === 0 && <div className="muted">No stacks in this snapshot.</div>}
            <table className="grid bars" data-testid="parksites-table">
              <tbody>
                {sites.slice(0, 200).map((p) => (
                  <tr key={p.id} className="clickable" onClick={() => open({ parkFunc: p.id }, { parkFunc: `park site ${p.name}` })} data-testid="parksite-row">
                    <td className="num">{formatCount(p.count)}</td>
                    <td>
                      <div className="bar site" style={{ width: `${(100 * p.count) / maxSite}%` }} />
                      <span className="bar-label mono" data-testid="parksite-name">
                        {p.name}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {sites.length > 200 && <div className="muted small">{sites.length - 200} more park sites: use the Goroutines tab to search.</div>}
          </section>
        )}
      </div>
    </>
  );
}

/** pprof labels of the snapshot: keys, their values and goroutine counts; a click filters exactly. */
function LabelsPanel() {
  const choices = useApp((s) => s.choices);
  const filterTo = useApp((s) => s.filterTo);
  const idx: LabelIndex | undefined = choices?.labels;
  if (!idx || idx.keys.length === 0) return null;
  return (
    <section className="card" data-testid="labels-panel">
      <h2>
        Labels <span className="muted small">{plural(idx.labelled, 'labelled goroutine')}</span>
      </h2>
      <div className="label-keys">
        {idx.keys.map((k) => (
          <div key={k.keyId} className="label-key">
            <div className="mono">
              <strong>{k.key}</strong> <span className="muted small">{plural(k.distinctValues, 'value')}</span>
            </div>
            <table className="grid compact">
              <tbody>
                {k.values.slice(0, 12).map((v) => (
                  <tr
                    key={v.valueId}
                    className="clickable"
                    data-testid="label-value"
                    onClick={() => filterTo({ label: { key: k.keyId, value: v.valueId } }, { label: `${k.key}=${v.value}` })}
                  >
                    <td className="num" data-testid="label-count">
                      {formatCount(v.count)}
                    </td>
                    <td className="mono">{v.value === '' ? <span className="muted">(empty)</span> : v.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {k.values.length > 12 && <div className="muted small">{k.distinctValues - 12} more values</div>}
          </div>
        ))}
      </div>
    </section>
  );
}
