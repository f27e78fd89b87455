/**
 * Who spawns the goroutines: the creator tree of the report's snapshot. Each node is a function that
 * ran `go`, under the function that created *its* goroutine; under a node, the groups (park sites) its
 * goroutines wait at. Nodes are ordered by goroutines below them; small branches are folded.
 */
import { useMemo } from 'react';
import type { CreatorTreeDisplay } from '../../worker/api';

const MAX_CHILDREN = 12;

export function CreatorTreeView({ tree: t }: { tree: CreatorTreeDisplay }) {
  const { roots, children } = useMemo(() => {
    const children: number[][] = [];
    const roots: number[] = [];
    t.parent.forEach((p, i) => {
      if (p < 0) roots.push(i);
      else (children[p] ??= []).push(i);
    });
    const byCount = (a: number, b: number) => t.count[b] - t.count[a];
    for (const c of children) c?.sort(byCount);
    roots.sort(byCount);
    return { roots, children };
  }, [t]);
  if (t.parent.length === 0) return null;
  const total = roots.reduce((a, r) => a + t.count[r], 0);
  const node = (i: number, depth: number): React.ReactNode => {
    const kids = children[i] ?? [];
    const groups = t.groups[i];
    return (
      <li key={i}>
        <details open={depth < 3}>
          <summary>
            <span className="ct-count">{t.count[i].toLocaleString('en-US')}</span> <span className="mono">{t.func[i]}</span>
            {t.goids[i].length > 0 && <span className="muted small"> in goroutine{t.goids[i].length > 1 ? 's' : ''} {t.goids[i].slice(0, 5).join(', ')}{t.goids[i].length > 5 ? ', …' : ''}</span>}
          </summary>
          <ul>
            {groups.slice(0, MAX_CHILDREN).map((gr, k) => (
              <li key={`g${k}`} className="ct-group">
                <span className="ct-count">{gr.count.toLocaleString('en-US')}</span> waiting at <span className="mono">{gr.site}</span>
                <span className="muted small"> [{gr.state || 'profile'}]</span>
              </li>
            ))}
            {groups.length > MAX_CHILDREN && <li className="muted small">{groups.length - MAX_CHILDREN} more groups</li>}
            {kids.slice(0, MAX_CHILDREN).map((k) => node(k, depth + 1))}
            {kids.length > MAX_CHILDREN && <li className="muted small">{kids.length - MAX_CHILDREN} more creators</li>}
          </ul>
        </details>
      </li>
    );
  };
  return (
    <section className="lr-creators" data-testid="creator-tree">
      <h3>Who creates them</h3>
      <div className="muted small">
        {total.toLocaleString('en-US')} goroutines by creation chain (function that ran <code>go</code>, under the function that created its goroutine)
        {t.uncreated > 0 && `; ${t.uncreated.toLocaleString('en-US')} without a creator (goroutine 1, runtime-created, or a profile)`}
      </div>
      <ul className="ct-tree">{roots.slice(0, 40).map((r) => node(r, 0))}</ul>
    </section>
  );
}
