import { useApp, type ViewName } from '../store/store';
import { Overview } from './Overview';
import { GoroutinesView } from './GoroutinesView';
import { ReportHost } from './ReportHost';

const TABS: { id: ViewName; label: string }[] = [
  { id: 'report', label: 'Leak report' },
  { id: 'overview', label: 'Overview' },
  { id: 'goroutines', label: 'Goroutines' },
];

export function Workspace() {
  const current = useApp((s) => s.currentView);
  const setView = useApp((s) => s.setView);
  const hasReport = useApp((s) => s.analysis !== null);
  const tabs = TABS.filter((t) => t.id !== 'report' || hasReport);
  return (
    <div className="workspace">
      <nav className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={current === t.id} className={`tab${current === t.id ? ' active' : ''}`} onClick={() => setView(t.id)} data-testid={`tab-${t.id}`}>
            {t.label}
          </button>
        ))}
        <SnapshotPicker />
      </nav>
      <div className="tab-body">
        {current === 'overview' && <Overview />}
        {current === 'goroutines' && <GoroutinesView />}
        {current === 'report' && hasReport && <ReportHost />}
      </div>
    </div>
  );
}

export function SnapshotPicker() {
  const view = useApp((s) => s.view);
  const snapshot = useApp((s) => s.snapshot);
  const setSnapshot = useApp((s) => s.setSnapshot);
  if (!view || view.model.snapshots.length < 2) return null;
  return (
    <label className="snap-picker">
      <span className="muted small">Snapshot</span>
      <select value={snapshot} onChange={(e) => setSnapshot(Number(e.target.value))} data-testid="snapshot-picker">
        {view.model.snapshots.map((s, i) => (
          <option key={i} value={i}>
            {view.model.inputs[s.input]?.file} — {s.label || `snapshot ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}
