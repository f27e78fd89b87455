import { useApp } from '../store/store';
import { LeakReport } from './report/LeakReport';
import type { GroupLevel } from '../analysis/group';

/** Hosts the leak report of the picked snapshot; opening a suspect shows its goroutines in the table. */
export function ReportHost() {
  const report = useApp((s) => s.report);
  const editor = useApp((s) => s.editor);
  const openSuspect = useApp((s) => s.openSuspect);
  const selected = useApp((s) => s.selectedSuspect);
  const selectSuspect = useApp((s) => s.selectSuspect);
  if (!report) return <div className="muted lr-empty">Analysing…</div>;
  return (
    <LeakReport
      report={report}
      onOpenSuspect={(s) => openSuspect(s.key, `${s.title}${s.parkSite ? ` at ${s.parkSite.func}` : ''}`)}
      editor={editor}
      controls={report.subject === 'dumps' ? <ReportControls /> : null}
      selected={selected}
      onSelect={selectSuspect}
    />
  );
}

const LEVELS: { id: GroupLevel; label: string }[] = [
  { id: 'exact', label: 'same stack (functions and lines)' },
  { id: 'no-lines', label: 'same functions, any line' },
  { id: 'park-site', label: 'park site only' },
];

/** How goroutines are grouped into suspects. */
function ReportControls() {
  const level = useApp((s) => s.level);
  const setLevel = useApp((s) => s.setLevel);
  return (
    <div className="report-controls" data-testid="report-controls">
      <label>
        <span className="muted small">Group by</span>
        <select value={level} onChange={(e) => setLevel(e.target.value as GroupLevel)} data-testid="group-level">
          {LEVELS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
