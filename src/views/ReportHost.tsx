import { useApp } from '../store/store';
import { LeakReport } from './report/LeakReport';
import type { Suspect } from '../analysis/report';

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
  return <LeakReport analysis={analysis} view={view} onOpenGroup={open} editor={editor} />;
}
