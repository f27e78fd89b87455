import { useApp } from '../store/store';
import type { InputSummary, SnapshotSummary } from '../analysis/summary';
import { formatBytes, formatCount } from './format';
import { TraceOverview } from './TraceOverview';
import { SchedPanel } from './SchedPanel';

export function Overview() {
  const summary = useApp((s) => s.summary);
  const view = useApp((s) => s.view);
  const snapshot = useApp((s) => s.snapshot);
  if (!summary || !view) return null;
  const m = view.model;
  const snap = m.snapshots[snapshot];
  const inputIdx = snap ? snap.input : m.inputs.length - 1;
  return (
    <div className="overview">
      <InputsTable />
      {snap && snap.kind !== 'trace-end' && <SnapshotPanel inputSummary={summary.inputs[snap.input]} index={snapshot - m.inputs[snap.input].snapshotStart} />}
      {snap && <LabelsPanel />}
      {m.inputs.map((inp, i) => (inp.trace >= 0 && (i === inputIdx || !snap) ? <TraceOverview key={i} input={i} /> : null))}
    </div>
  );
}

function InputsTable() {
  const view = useApp((s) => s.view)!;
  const summary = useApp((s) => s.summary)!;
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
          {view.model.inputs.map((inp, i) => {
            const s = summary.inputs[i];
            const total = s.snapshots.reduce((a, x) => a + x.goroutines, 0);
            const active = snapshot >= inp.snapshotStart && snapshot < inp.snapshotEnd;
            return (
              <tr key={i} className={active ? 'active' : ''} onClick={() => inp.snapshotEnd > inp.snapshotStart && setSnapshot(inp.snapshotStart)}>
                <td className="mono">{inp.file}</td>
                <td>{inp.format}</td>
                <td>{inp.trace >= 0 && view.model.traces[inp.trace] ? view.model.traces[inp.trace].writtenBy : (inp.goVersion ?? '—')}</td>
                <td className="num">{formatBytes(inp.bytes)}</td>
                <td className="num">{inp.snapshotEnd - inp.snapshotStart || '—'}</td>
                <td className="num">{s.trace ? formatCount(s.trace.goroutines) : formatCount(total)}</td>
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
      <summary>{list.length} warning{list.length > 1 ? 's' : ''}</summary>
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

function SnapshotPanel({ inputSummary, index }: { inputSummary: InputSummary; index: number }) {
  const view = useApp((s) => s.view)!;
  const snapshot = useApp((s) => s.snapshot);
  const setFilters = useApp((s) => s.setFilters);
  const setView = useApp((s) => s.setView);
  const sn: SnapshotSummary | undefined = inputSummary.snapshots[index];
  if (!sn) return null;
  const snap = view.model.snapshots[snapshot];
  const pre = snap.preamble;
  const timeProfile = snap.kind === 'time-profile';
  const maxSite = sn.parkSites[0]?.count ?? 1;
  const states = Object.entries(sn.states);
  const maxState = states[0]?.[1] ?? 1;
  const unit = timeProfile ? snap.weightType.type : 'goroutines';
  return (
    <>
      <section className="stats" data-testid="snapshot-stats">
        <Stat label={timeProfile ? `${snap.weightType.type} (${snap.weightType.unit})` : 'Goroutines'} value={formatCount(sn.goroutines)} testid="stat-goroutines" />
        {sn.leaked !== null && <Stat label="Leaked (runtime-proven)" value={formatCount(sn.leaked)} testid="stat-leaked" tone={sn.leaked ? 'bad' : undefined} />}
        {sn.lockedToThread !== null && <Stat label="Locked to thread" value={formatCount(sn.lockedToThread)} testid="stat-locked" />}
        {sn.withWaitMinutes !== null && <Stat label="Waiting ≥ 1 minute" value={formatCount(sn.withWaitMinutes)} testid="stat-waiting" />}
        {sn.maxWaitMinutes !== null && <Stat label="Longest wait" value={`${sn.maxWaitMinutes} min`} testid="stat-maxwait" />}
        {snap.kind !== 'schedtrace' && <Stat label="Park sites" value={formatCount(sn.parkSites.length)} testid="stat-parksites" />}
      </section>
      {snap.sched && <SchedPanel s={snap.sched} />}
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
          {snap.kind === 'time-profile'
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
                {states.map(([state, n]) => (
                  <tr
                    key={state}
                    className="clickable"
                    onClick={() => {
                      setFilters({ state, text: '', label: '' });
                      setView('goroutines');
                    }}
                  >
                    <td className="num">{formatCount(n)}</td>
                    <td>
                      <div className="bar" style={{ width: `${(100 * n) / maxState}%` }} />
                      <span className="bar-label" data-testid="state-name">{state}</span>
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
          {sn.parkSites.length === 0 && <div className="muted">No stacks in this snapshot.</div>}
          <table className="grid bars" data-testid="parksites-table">
            <tbody>
              {sn.parkSites.slice(0, 200).map((p) => (
                <tr
                  key={p.function}
                  className="clickable"
                  onClick={() => {
                    setFilters({ state: '', text: p.function, label: '' });
                    setView('goroutines');
                  }}
                >
                  <td className="num">{formatCount(p.count)}</td>
                  <td>
                    <div className="bar site" style={{ width: `${(100 * p.count) / maxSite}%` }} />
                    <span className="bar-label mono" data-testid="parksite-name">{p.function}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {sn.parkSites.length > 200 && <div className="muted small">{sn.parkSites.length - 200} more park sites: use the Goroutines tab to search.</div>}
        </section>
        )}
      </div>
    </>
  );
}

export function Stat({ label, value, testid, tone }: { label: string; value: string; testid?: string; tone?: 'bad' }) {
  return (
    <div className={`stat${tone ? ' ' + tone : ''}`} data-testid={testid}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** pprof labels of the report's snapshot: keys, their values and goroutine counts; a click filters. */
function LabelsPanel() {
  const analysis = useApp((s) => s.analysis);
  const snapshot = useApp((s) => s.snapshot);
  const setFilters = useApp((s) => s.setFilters);
  const setView = useApp((s) => s.setView);
  const idx = analysis?.labels;
  if (!analysis || !idx || idx.keys.length === 0 || analysis.currentSnapshot !== snapshot) return null;
  return (
    <section className="card" data-testid="labels-panel">
      <h2>
        Labels <span className="muted small">{formatCount(idx.labelled)} labelled goroutines</span>
      </h2>
      <div className="label-keys">
        {idx.keys.map((k) => (
          <div key={k.key} className="label-key">
            <div className="mono">
              <strong>{k.key}</strong> <span className="muted small">{k.distinctValues} value{k.distinctValues === 1 ? '' : 's'}</span>
            </div>
            <table className="grid compact">
              <tbody>
                {k.values.slice(0, 12).map((v) => (
                  <tr
                    key={v.value}
                    className="clickable"
                    onClick={() => {
                      setFilters({ state: '', text: '', label: `${k.key}=${v.value}`, rows: null, rowsLabel: '' });
                      setView('goroutines');
                    }}
                  >
                    <td className="num">{formatCount(v.count)}</td>
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
