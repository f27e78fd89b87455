import { useApp } from '../store/store';
import { LeakReport } from './report/LeakReport';
import type { Suspect } from '../analysis/report';
import type { GroupLevel } from '../analysis/group';

/** Hosts the leak report; opening a suspect shows its goroutines in the table. */
export function ReportHost() {
  const analysis = useApp((s) => s.analysis);
  const view = useApp((s) => s.view);
  const editor = useApp((s) => s.editor);
  if (!analysis || !view) return null;
  const open = (rows: Int32Array, suspect: Suspect) => {
    const st = useApp.getState();
    const label = `${suspect.title}${suspect.parkSite ? ` at ${suspect.parkSite.func}` : ''}`;
    if (suspect.source === 'dump') {
      if (suspect.snapshot >= 0 && suspect.snapshot !== st.snapshot) st.setSnapshot(suspect.snapshot);
      st.setFilters({ state: '', text: '', label: '', rows, rowsLabel: label });
      st.selectRow(rows.length ? rows[0] : -1);
      st.setView('goroutines');
      return;
    }
    const snap = traceSnapshotOf(suspect.trace);
    if (snap < 0) return;
    const base = view.model.snapshots[snap].rowStart;
    const modelRows = Int32Array.from(rows, (r) => base + r);
    st.setSnapshot(snap);
    st.setFilters({ state: '', text: '', label: '', rows: modelRows, rowsLabel: label });
    st.selectRow(modelRows.length ? modelRows[0] : -1);
    st.setView('goroutines');
  };
  const traceSnapshotOf = (trace: number): number => {
    const m = view.model;
    const input = m.inputs.findIndex((i) => i.trace === trace);
    return input >= 0 && m.inputs[input].snapshotEnd > m.inputs[input].snapshotStart ? m.inputs[input].snapshotStart : -1;
  };
  return <LeakReport analysis={analysis} view={view} onOpenGroup={open} editor={editor} controls={<ReportControls />} />;
}

const LEVELS: { id: GroupLevel; label: string }[] = [
  { id: 'exact', label: 'same stack (functions and lines)' },
  { id: 'no-lines', label: 'same functions, any line' },
  { id: 'park-site', label: 'park site only' },
];

/** How goroutines are grouped into suspects, and which snapshot the report describes. */
function ReportControls() {
  const view = useApp((s) => s.view)!;
  const analysis = useApp((s) => s.analysis)!;
  const level = useApp((s) => s.groupLevel);
  const reanalyze = useApp((s) => s.reanalyze);
  const snaps = view.model.snapshots.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'traceback' || s.kind === 'profile' || s.kind === 'schedtrace');
  return (
    <div className="report-controls">
      <label>
        <span className="muted small">Group by</span>
        <select value={level} onChange={(e) => void reanalyze({ level: e.target.value as GroupLevel })} data-testid="group-level">
          {LEVELS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {snaps.length > 1 && (
        <label>
          <span className="muted small">Report on</span>
          <select value={analysis.currentSnapshot} onChange={(e) => void reanalyze({ snapshot: Number(e.target.value) })} data-testid="report-snapshot">
            {snaps.map(({ s, i }) => (
              <option key={i} value={i}>
                {view.model.inputs[s.input]?.file} — {s.label || `snapshot ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
