/**
 * The view in the address bar: the session, tab, snapshot, grouping level, selected suspect and
 * goroutine, filter and sort live in the URL's fragment (never sent to any server), so Back and
 * Forward move between tabs and selections, and a reload (or coming back to the page) restores the
 * session from this browser's storage and the view on it. Tab, snapshot and selection changes are
 * history entries; filter and sort changes replace the current one.
 */
import { interruptedLoad, NO_FILTER, useApp, type AppState, type TabName, type TableFilter, type ViewExtras, type ViewState } from './store';
import { formatBytes } from '../analysis/units';
import { fromBase64Url } from '../share/compress';
import { SnapshotError } from '../share/errors';
import type { GroupLevel } from '../analysis/group';
import type { SortKey } from '../analysis/filter';
import { flameExtras } from './flame-view';

const TABS: TabName[] = ['report', 'overview', 'goroutines', 'flame', 'timeline', 'stateflow'];
const LEVELS: GroupLevel[] = ['exact', 'no-lines', 'park-site'];
const SORTS: SortKey[] = ['goid', 'state', 'wait', 'blocked', 'parkSite', 'labels', 'weight'];

export function encodeView(st: Pick<AppState, 'sessionId'> & ViewState): string {
  const p = new URLSearchParams();
  if (st.sessionId) p.set('ws', st.sessionId);
  p.set('tab', st.tab);
  p.set('s', String(st.snapshot));
  if (st.level !== 'exact') p.set('l', st.level);
  if (st.selectedSuspect) p.set('sus', st.selectedSuspect);
  if (st.selectedRow >= 0) p.set('g', String(st.selectedRow));
  if (Object.keys(st.filter.spec).length) p.set('f', JSON.stringify(st.filter));
  if (st.sort.key !== 'goid' || st.sort.desc) p.set('o', `${st.sort.key}${st.sort.desc ? '-' : ''}`);
  if (st.extras && Object.keys(st.extras).length) p.set('x', JSON.stringify(st.extras));
  return p.toString();
}

/**
 * A shared link's fragment: `p=` the snapshot (base64url), then the view with the ids it has in the
 * snapshot (the worker renumbers them). Fragments never reach a server.
 */
export function encodeSharedView(snapshot: string, st: ViewState): string {
  return `p=${snapshot}&${encodeView({ sessionId: null, ...st })}`;
}

/** The view a fragment names; fields that do not parse are left out (a hand-edited URL never breaks the page). */
export function decodeView(hash: string): Partial<ViewState> & { ws?: string; p?: string } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<ViewState> & { ws?: string; p?: string } = {};
  const ws = p.get('ws');
  if (ws && /^[0-9a-f]{1,64}$/.test(ws)) out.ws = ws;
  // base64url as written; URLSearchParams reads a '+' some apps put in as a space
  const shared = p.get('p');
  if (shared) out.p = shared.replace(/ /g, '+');
  const tab = p.get('tab') as TabName | null;
  if (tab && TABS.includes(tab)) out.tab = tab;
  const num = (k: string) => {
    const v = p.get(k);
    return v !== null && /^-?\d+$/.test(v) ? Number(v) : undefined;
  };
  const s = num('s');
  if (s !== undefined && s >= 0) out.snapshot = s;
  const l = p.get('l') as GroupLevel | null;
  out.level = l && LEVELS.includes(l) ? l : 'exact';
  const sus = p.get('sus');
  out.selectedSuspect = sus && /^s\d+$/.test(sus) ? sus : null;
  out.selectedRow = num('g') ?? -1;
  const f = p.get('f');
  out.filter = NO_FILTER;
  if (f) {
    try {
      const v = JSON.parse(f) as TableFilter;
      if (v && typeof v === 'object' && v.spec && typeof v.spec === 'object' && v.chips && typeof v.chips === 'object') out.filter = v;
    } catch {
      /* a damaged filter is dropped, the rest of the view stays */
    }
  }
  const o = p.get('o');
  const key = o?.replace(/-$/, '') as SortKey | undefined;
  out.sort = key && SORTS.includes(key) ? { key, desc: o!.endsWith('-') } : { key: 'goid', desc: false };
  const x = p.get('x');
  if (x) {
    try {
      const v = JSON.parse(x) as ViewExtras;
      if (v && typeof v === 'object' && !Array.isArray(v)) out.extras = v;
    } catch {
      /* damaged extras are dropped */
    }
  }
  return out;
}

export function viewOf(st: AppState): ViewState {
  const flame = flameExtras(st.flameView);
  return { tab: st.tab, snapshot: st.snapshot, level: st.level, selectedRow: st.selectedRow, selectedSuspect: st.selectedSuspect, filter: st.filter, sort: st.sort, ...(flame ? { extras: { flame } } : {}) };
}

export function startUrlSync(): void {
  let applying = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const write = (push: boolean) => {
    if (pending) clearTimeout(pending);
    pending = null;
    const st = useApp.getState();
    if (!st.sessionId || !st.hasData) return;
    const next = `#${encodeView({ sessionId: st.sessionId, ...viewOf(st) })}`;
    if (next === location.hash) return;
    if (push) history.pushState(null, '', next);
    else history.replaceState(null, '', next);
  };
  useApp.subscribe((st, prev) => {
    // Clear forgets the workspace: the address no longer names it (a reload shows the start page)
    if (prev.hasData && !st.hasData && !st.loading && !st.restoring && location.hash) history.replaceState(null, '', location.pathname + location.search);
    if (applying || st.restoring || !st.hasData || !st.sessionId) return;
    const navigation = st.tab !== prev.tab || st.snapshot !== prev.snapshot || st.selectedRow !== prev.selectedRow || st.selectedSuspect !== prev.selectedSuspect;
    // the first view of a session replaces the entry the page was opened on
    const first = st.sessionId !== prev.sessionId;
    if (navigation && !first) write(true);
    else if (first) write(false);
    // typing in a filter rewrites the entry once the typing pauses, not on every keystroke
    else if (st.filter !== prev.filter || st.sort !== prev.sort || st.level !== prev.level || st.flameView !== prev.flameView) {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => write(false), 250);
    }
  });
  window.addEventListener('popstate', () => {
    const v = decodeView(location.hash);
    const st = useApp.getState();
    if (v.p || (v.ws && v.ws !== st.sessionId)) {
      void restoreFromUrl();
      return;
    }
    applying = true;
    try {
      st.applyView(v);
    } finally {
      applying = false;
    }
  });
  void restoreFromUrl();
}

/** Opens the snapshot a shared link carries; false (with the reason shown) when it cannot. */
async function openSharedLink(p: string, view: Partial<ViewState>): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(p);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    useApp.setState({ notices: [`This link cannot be opened: ${e.message}. Ask for the link again, or for the .parkscope file.`] });
    return false;
  }
  const ok = await useApp.getState().openShared({ name: 'shared link', blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) }, view);
  if (!ok && !useApp.getState().errors.length) useApp.setState({ notices: ['This link cannot be opened.'] });
  return ok;
}

async function restoreFromUrl(): Promise<void> {
  const interrupted = interruptedLoad();
  if (interrupted)
    useApp.setState({
      errors: [
        {
          id: -1,
          file: interrupted.map((f) => f.name).join(', '),
          message: `the page stopped while reading ${interrupted.length === 1 ? 'this file' : 'these files'} (${formatBytes(interrupted.reduce((a, f) => a + f.bytes, 0))}): most likely it needed more memory than the browser gives a tab. What was loaded before is back.`,
        },
      ],
    });
  const v = decodeView(location.hash);
  if (v.p) {
    if (!(await openSharedLink(v.p, v))) history.replaceState(null, '', location.pathname + location.search);
    return;
  }
  if (!v.ws) return;
  const ok = await useApp.getState().restore(v.ws, v);
  if (!ok) {
    history.replaceState(null, '', location.pathname + location.search);
    useApp.setState({ notices: ['The workspace in this link is not kept in this browser (it was cleared, or the link comes from another machine): drop the files again.'] });
  }
}
