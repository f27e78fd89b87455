import { useApp } from '../store/store';
import { formatBytes } from '../analysis/units';

export function LoadBar() {
  const loading = useApp((s) => s.loading);
  const cancel = useApp((s) => s.cancelLoad);
  const notices = useApp((s) => s.notices);
  if (!loading) {
    return notices.length ? (
      <div className="notice" role="status">
        {notices.map((n, i) => (
          <div key={i}>{n}</div>
        ))}
      </div>
    ) : null;
  }
  const p = loading.progress;
  const frac = p && p.batchTotal > 0 ? p.batchDone / p.batchTotal : 0;
  return (
    <div className="loadbar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)} data-testid="loadbar">
      <div className="loadbar-text">
        {p && p.batchDone >= p.batchTotal
          ? `Analysing ${loading.files.length > 1 ? `${loading.files.length} files` : p.file}…`
          : `Parsing ${p ? `${p.file}${p.fileCount > 1 ? ` (${p.fileIndex + 1} of ${p.fileCount})` : ''}: ${formatBytes(p.batchDone)} of ${formatBytes(p.batchTotal)}` : loading.files.join(', ')}`}
      </div>
      <div className="loadbar-track">
        <div className="loadbar-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <button className="btn" onClick={cancel} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}
