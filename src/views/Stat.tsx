/** A headline number with its label (overview cards). */
export function Stat({ label, value, testid, tone }: { label: string; value: string; testid?: string; tone?: 'bad' }) {
  return (
    <div className={`stat${tone ? ' ' + tone : ''}`} data-testid={testid}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
