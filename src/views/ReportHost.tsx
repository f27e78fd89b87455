import { useApp } from '../store/store';

/** Hosts the leak report view once the worker's analysis is present. */
export function ReportHost() {
  const analysis = useApp((s) => s.analysis);
  if (!analysis) return null;
  return <div className="muted">Leak report</div>;
}
