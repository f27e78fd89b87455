/** The selected suspect: what it is, the evidence, creators, labels, the fix, the representative stack. */
import { useState } from 'react';
import type { SuspectInfo } from '../../worker/api';
import { FrameKind } from '../../analysis/stack-info';
import { frameLinks, type EditorSettings } from '../../analysis/source-links';
import { formatCount, plural } from '../../analysis/units';
import { FileLine, WrappingName } from '../common/GoName';
import { waitText } from './suspect-parts';

export function SuspectDetail({ s, rank, goVersion, editor, onOpen }: { s: SuspectInfo; rank: number; goVersion: string | null; editor?: EditorSettings | null; onOpen: () => void }) {
  const items = s.evidenceItems?.length ? s.evidenceItems : s.evidence.map((text) => ({ id: text, text, explanation: '' }));
  const evidence = items.filter((e) => !e.text.startsWith(s.title));
  const wait = waitText(s)?.split('\n')[0] ?? null;
  return (
    <article className={`lr-detail tier-${s.tier}`} data-testid="suspect-detail">
      <div className="lr-title">
        <span className="lr-rank">#{rank}</span>
        <span className={`lr-badge kind-${s.kind}`}>{s.pattern}</span>
        <h3 className="lr-h">{s.title}</h3>
      </div>
      <div className="lr-sub">
        {s.state && <span className="mono muted">[{s.state}]</span>}
        {s.detail && <span className="muted">{s.detail}</span>}
        {wait && <span className="muted">{wait}</span>}
        {s.confidence !== 'reason' && <span className="muted">({s.confidence === 'inferred' ? 'inferred from the stack' : 'from the stack'})</span>}
      </div>
      <div className="lr-open">
        <span className="mono lr-site-big">
          {s.parkSite ? (
            <>
              <WrappingName name={s.parkSite.func} />
              <div className="muted small">
                <FileLine file={s.parkSite.file} line={s.parkSite.line} />
                {s.callSites > 1 && ` and ${s.callSites - 1} more call site${s.callSites > 2 ? 's' : ''}`}
              </div>
            </>
          ) : (
            '(no park site)'
          )}
        </span>
        <button type="button" className="btn primary" onClick={onOpen} data-testid="open-suspect">
          Show {plural(s.count, 'goroutine')}
        </button>
      </div>
      <ul className="lr-facts">
        {evidence.map((e, i) => (
          <li key={i} title={e.explanation || undefined}>
            {e.text}
          </li>
        ))}
        {s.source === 'dump' && s.growth && s.growth.counts.length > 1 && <li>count per snapshot: {s.growth.counts.join(' → ')}</li>}
        {s.creators.length > 0 && (
          <li>
            created by <WrappingName name={s.creators[0].func} />
            {s.creators[0].goids.length > 0 && ` in goroutine${s.creators[0].distinctGoids === 1 ? '' : 's'} ${s.creators[0].goids.slice(0, 5).join(', ')}${s.creators[0].distinctGoids > 5 ? ', …' : ''}`}
            {s.source === 'dump' && s.creatorChains[0] && s.creatorChains[0].funcs.length > 1 && <span className="muted"> · chain: {[...s.creatorChains[0].funcs].reverse().join(' → ')}</span>}
          </li>
        )}
        {s.labels.length > 0 && <li>labels: {s.labels.map((l) => `${l.key}=${l.value} (${formatCount(l.count)})`).join(', ')}</li>}
        {s.source === 'dump' && s.holderNote && !s.waitFor?.verdict && <li>lock holder: {s.holderNote}</li>}
      </ul>
      <div className="lr-fix">
        <strong>Fix: </strong>
        {s.fix}
      </div>
      {s.stack && (
        <>
          <h4>Representative stack</h4>
          <StackView s={s} goVersion={goVersion} editor={editor} />
        </>
      )}
    </article>
  );
}

function StackView({ s, goVersion, editor }: { s: SuspectInfo; goVersion: string | null; editor?: EditorSettings | null }) {
  const [unfold, setUnfold] = useState(false);
  const st = s.stack!;
  const items: ({ i: number } | { folded: number; key: number })[] = [];
  let run = 0;
  for (let i = 0; i < st.funcs.length; i++) {
    const fold = !unfold && st.kinds[i] === FrameKind.Runtime && i !== st.parkIndex;
    if (fold) {
      run++;
      continue;
    }
    if (run) items.push({ folded: run, key: i });
    run = 0;
    items.push({ i });
  }
  if (run) items.push({ folded: run, key: st.funcs.length });
  return (
    <div className="lr-stack mono" tabIndex={0} aria-label="Representative stack">
      {items.map((it) =>
        'folded' in it ? (
          <button type="button" key={`f${it.key}`} className="lr-folded" onClick={() => setUnfold(true)}>
            … {plural(it.folded, 'runtime frame')}
          </button>
        ) : (
          <Frame key={it.i} s={s} i={it.i} goVersion={goVersion} editor={editor} />
        ),
      )}
    </div>
  );
}

function Frame({ s, i, goVersion, editor }: { s: SuspectInfo; i: number; goVersion: string | null; editor?: EditorSettings | null }) {
  const st = s.stack!;
  const links = frameLinks(st.funcs[i], st.files[i], st.lines[i], goVersion, editor);
  const cls = st.kinds[i] === FrameKind.User ? 'lr-frame user' : st.kinds[i] === FrameKind.Runtime ? 'lr-frame runtime' : 'lr-frame std';
  const loc = <FileLine file={st.files[i]} line={st.lines[i]} />;
  return (
    <div className={cls + (i === st.parkIndex ? ' park' : '')}>
      <div>
        <WrappingName name={st.funcs[i]} />
      </div>
      <div className="lr-loc">
        {links.editor ? (
          <a href={links.editor}>{loc}</a>
        ) : links.source ? (
          <a href={links.source} target="_blank" rel="noreferrer noopener">
            {loc}
          </a>
        ) : (
          loc
        )}
      </div>
    </div>
  );
}
