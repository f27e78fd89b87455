import { useApp } from '../../store/store';
import { useShare } from '../../store/share';
import './share.css';

/** Bars under the header: a new version of the app is ready; the workspace came from a snapshot (one-line hook in App.tsx). */
export function ShareBars() {
  return (
    <>
      <UpdateBar />
      <SnapshotOriginBar />
    </>
  );
}

function UpdateBar() {
  const update = useShare((s) => s.update);
  if (!update) return null;
  return (
    <div className="notice update-bar" role="status" data-testid="update-bar">
      <span>A new version of Parkscope is ready.</span>
      <button className="btn small primary" onClick={() => void update()} data-testid="update-now">
        Update now
      </button>
      <span className="muted small">What you opened is kept in this browser and comes back after the update.</span>
    </div>
  );
}

function SnapshotOriginBar() {
  const origin = useApp((s) => s.workspace?.inputs.find((i) => i.origin)?.origin);
  if (!origin) return null;
  const made = new Date(origin.createdMs);
  return (
    <div className="notice origin-bar small" data-testid="snapshot-origin">
      <div>
        Opened from a Parkscope snapshot made {made.toLocaleString()}
        {origin.leftOut.length ? ', reduced to fit a link.' : ': everything it was made from is here.'}
      </div>
      {origin.leftOut.length > 0 && (
        <div data-testid="snapshot-leftout">
          Left out: {origin.leftOut.join('; ')}. The leak report, park sites, state-flow counts and the lifecycles kept are exact; ask for the .parkscope file for the rest.
        </div>
      )}
      {origin.redacted.length > 0 && <div>Redacted before sharing: {origin.redacted.join('; ')}.</div>}
    </div>
  );
}
