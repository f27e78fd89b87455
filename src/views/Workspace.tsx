import { useApp, type TabName } from '../store/store';
import { Overview } from './Overview';
import { GoroutinesView } from './GoroutinesView';
import { ReportHost } from './ReportHost';
import { PlacementBar } from './PlacementBar';
import { Timeline, hasTimeline } from './timeline/Timeline';
import { TimelinePrepare } from './timeline/TimelinePrepare';
import { StateFlowView } from './stateflow/StateFlow';
import { lazy, Suspense } from 'react';

const FlameView = lazy(() => import('./flame/FlameView').then((m) => ({ default: m.FlameView })));

const TABS: { id: TabName; label: string }[] = [
  { id: 'report', label: 'Leak report' },
  { id: 'flame', label: 'Flame graph' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'stateflow', label: 'State flow' },
  { id: 'goroutines', label: 'Goroutines' },
  { id: 'overview', label: 'Overview' },
];

export function Workspace() {
  const current = useApp((s) => s.tab);
  const setTab = useApp((s) => s.setTab);
  const timeline = useApp((s) => hasTimeline(s.workspace));
  const tabs = timeline ? TABS : TABS.filter((t) => t.id !== 'timeline');
  return (
    <div className="workspace">
      <PlacementBar />
      {timeline && <TimelinePrepare />}
      <nav className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={current === t.id} className={`tab${current === t.id ? ' active' : ''}`} onClick={() => setTab(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
          </button>
        ))}
        <SnapshotPicker />
      </nav>
      <div className="tab-body">
        {current === 'overview' && <Overview />}
        {current === 'goroutines' && <GoroutinesView />}
        {current === 'report' && <ReportHost />}
        {current === 'flame' && (
          <Suspense fallback={<div className="muted">Loading the flame graph…</div>}>
            <FlameView />
          </Suspense>
        )}
        {current === 'timeline' && timeline && <Timeline />}
        {current === 'stateflow' && <StateFlowView />}
      </div>
    </div>
  );
}

/** The one snapshot picker: it drives every view. Snapshots are grouped by series (process). */
function SnapshotPicker() {
  const ws = useApp((s) => s.workspace);
  const snapshot = useApp((s) => s.snapshot);
  const setSnapshot = useApp((s) => s.setSnapshot);
  const loading = useApp((s) => s.loading !== null);
  if (!ws || ws.snapshots.length < 2) return null;
  const label = (i: number) => {
    const s = ws.snapshots[i];
    const file = ws.inputs[s.input]?.file ?? '';
    if (s.kind === 'trace-end') return `${file} — goroutines of the trace`;
    const inp = ws.inputs[s.input];
    // a file's only snapshot is the file; several (dumps in one log, SCHED blocks) are told apart
    if (inp.snapshotEnd - inp.snapshotStart === 1) return file;
    return `${file} — ${s.label || `snapshot ${i - inp.snapshotStart + 1}`}`;
  };
  return (
    <label className="snap-picker">
      <span className="muted small">Snapshot</span>
      <select value={snapshot} onChange={(e) => setSnapshot(Number(e.target.value))} disabled={loading} data-testid="snapshot-picker">
        {ws.series.map((se) =>
          se.snapshots.length === 0 ? null : (
            <optgroup key={se.id} label={se.kind === 'trace' ? `trace: ${se.label}` : ws.series.filter((x) => x.kind === 'dumps').length > 1 ? `process: ${se.label}` : se.label}>
              {se.snapshots.map((i) => (
                <option key={i} value={i}>
                  {label(i)}
                </option>
              ))}
            </optgroup>
          ),
        )}
      </select>
    </label>
  );
}
