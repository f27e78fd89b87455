import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../store/store';
import { deleteAllSessions, deleteSession, listSessions, STORAGE_CAP_BYTES, type SessionListing } from '../../store/persist';
import { formatBytes } from '../../analysis/units';
import './share.css';

/** What was opened before, kept in this browser (persist.ts): reopen or forget (one-line hook in StartPage.tsx). */
export function RecentSessions() {
  const [list, setList] = useState<SessionListing[] | null>(null);
  const busy = useApp((s) => s.loading !== null || s.restoring);
  const reload = useCallback(() => {
    listSessions().then(setList, () => setList([]));
  }, []);
  useEffect(reload, [reload]);
  if (!list || list.length === 0) return null;
  const total = list.reduce((a, s) => a + s.bytes, 0);
  const open = (id: string) => void useApp.getState().restore(id, {});
  return (
    <section className="card recent" data-testid="recent-sessions">
      <div className="recent-head">
        <h2>Opened before</h2>
        <button
          className="btn small"
          onClick={() => {
            if (confirm(`Forget all ${list.length} workspaces kept in this browser?`)) void deleteAllSessions().then(reload);
          }}
          data-testid="recent-delete-all"
        >
          Delete all
        </button>
      </div>
      <table className="grid compact">
        <thead>
          <tr>
            <th>Files</th>
            <th className="num">Size</th>
            <th>Opened</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.id} data-testid="recent-row">
              <td className="mono recent-names" title={s.names.join('\n')}>
                {s.names.slice(0, 3).join(', ')}
                {s.names.length > 3 ? ` + ${s.names.length - 3} more` : ''}
              </td>
              <td className="num">{formatBytes(s.bytes)}</td>
              <td className="small">{new Date(s.updated).toLocaleString()}</td>
              <td className="recent-actions">
                <button className="btn small primary" onClick={() => open(s.id)} disabled={busy} data-testid="recent-open">
                  Open
                </button>
                <button className="btn small" onClick={() => void deleteSession(s.id).then(reload)} aria-label={`Delete ${s.names[0] ?? 'workspace'}`} data-testid="recent-delete">
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted small" data-testid="recent-cap">
        Kept in this browser only, never uploaded: {formatBytes(total)} of at most {STORAGE_CAP_BYTES / 2 ** 30} GiB. When more is opened, the oldest are removed first. They survive reloads and app
        updates.
      </div>
    </section>
  );
}
