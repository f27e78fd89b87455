/** Small pieces of a suspect row and detail: tier titles, the wait histogram, explained badges. */
import type { SuspectInfo } from '../../worker/api';
import { formatCount, formatDuration, plural } from '../../analysis/units';

const WAIT_BUCKETS = ['no minutes printed (under 1 min)', '1–4 min', '5–14 min', '15–59 min', '1–4 h', '4–24 h', '≥ 1 day'];

/** The ranking's tier as a section title (a name from the analysis when it gives one). */
export function tierTitle(s: SuspectInfo): string {
  const named = s.tierName;
  if (named) return named.charAt(0).toUpperCase() + named.slice(1);
  if (s.source === 'trace')
    return ['Proven leaked', 'Blocked for most of the trace, or forever', 'Blocked at the end of the trace', 'Waiting on I/O, timers or reasons the trace hides'][s.tier] ?? `tier ${s.tier}`;
  return ['Proven leaked by the runtime', 'Grew or persisted across snapshots', 'Blocked on channels, selects or locks', 'Waiting on I/O, timers, syscalls or reasons the input hides'][s.tier] ?? `tier ${s.tier}`;
}

export function waitText(s: SuspectInfo): string | null {
  if (s.source === 'trace') return `blocked ${formatDuration(s.blocked.minNs)}${s.blocked.minNs !== s.blocked.maxNs ? `–${formatDuration(s.blocked.maxNs)}` : ''} at the end of the trace (${Math.round(s.blocked.fractionOfTrace * 100)}% of it)`;
  if (!s.wait) return null;
  const lines = s.wait.histogram.map((n, i) => (n ? `${formatCount(n)} × ${WAIT_BUCKETS[i]}` : '')).filter(Boolean);
  return `waiting ${s.wait.minMinutes === s.wait.maxMinutes ? plural(s.wait.maxMinutes, 'minute') : `${formatCount(s.wait.minMinutes)}–${formatCount(s.wait.maxMinutes)} minutes`} (as the runtime prints it, whole minutes):\n${lines.join('\n')}`;
}

/** Goroutines per wait bucket as tiny bars (the numbers are in the row's tooltip). */
export function WaitHistogram({ wait }: { wait: NonNullable<Extract<SuspectInfo, { source: 'dump' }>['wait']> }) {
  const max = Math.max(1, ...wait.histogram);
  const w = 4;
  return (
    <svg className="lr-hist" width={wait.histogram.length * (w + 1)} height={14} aria-hidden="true">
      {wait.histogram.map((n, i) => (
        <rect key={i} x={i * (w + 1)} y={14 - Math.max(n ? 2 : 0, (12 * n) / max)} width={w} height={Math.max(n ? 2 : 0, (12 * n) / max)} />
      ))}
    </svg>
  );
}

/** Evidence as badges, each explained on hover. */
export function EvidenceBadges({ s }: { s: SuspectInfo }) {
  if (s.source === 'trace') {
    return (
      <>
        {s.blocked.wholeTrace > 0 && (
          <span className="lr-tag" title="blocked from before the trace started until it ended: these goroutines never ran while tracing">
            whole trace
          </span>
        )}
        {s.blocked.fractionOfTrace >= 0.5 && s.blocked.wholeTrace === 0 && (
          <span className="lr-tag" title="blocked for at least half of the trace and never unblocked before it ended">
            {Math.round(s.blocked.fractionOfTrace * 100)}% of the trace
          </span>
        )}
      </>
    );
  }
  return (
    <>
      {s.leaked > 0 && (
        <span className="lr-leaked" title={`the runtime's goroutineleak GC proved ${plural(s.leaked, 'goroutine')} can never be woken${s.leakedCarried ? ` (${s.leakedCarried} matched from a goroutineleak profile loaded with this dump)` : ''}`}>
          {formatCount(s.leaked)} leaked
        </span>
      )}
      {s.growth && s.growth.delta > 0 && (
        <span className="lr-grow" title={`grew by ${s.growth.delta} across the snapshots of this series (${s.growth.counts.join(' → ')})${s.growth.perMinute !== null ? `, ${Math.round(s.growth.perMinute * 10) / 10} per minute` : ''}`}>
          +{formatCount(s.growth.delta)}
        </span>
      )}
      {s.persisting > 0 && (
        <span className="lr-tag" title={`${plural(s.persisting, 'goroutine')} with the same id ${s.persisting === 1 ? 'was' : 'were'} already in an earlier snapshot: stuck since at least then (goroutine ids are never reused)`}>
          {formatCount(s.persisting)} persist
        </span>
      )}
    </>
  );
}
