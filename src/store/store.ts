/**
 * App state (zustand). The worker owns the model; the store holds what the visible views need —
 * the workspace description, the current report, the filtered row ids, the rows in view, the
 * selected goroutine — and asks the worker for them. Each kind of question has a sequence number:
 * an answer to an older question, or one computed on another generation of the model, is dropped.
 * Every failure becomes a message the user sees.
 */
import { create } from 'zustand';
import * as Comlink from 'comlink';
import type { GroupLevel } from '../analysis/group';
import type { EditorSettings } from '../analysis/source-links';
import type { SortSpec } from '../analysis/filter';
import type { SchedSnapshot } from '../model/sched';
import type { ChoicesData, FilterSpec, GoroutineInfo, LoadFile, LoadProgress, Placed, Placement, ReportData, Reply, RowDisplay, RowsReply, Workspace } from '../worker/api';
import { onWorkerDied, unlessWorkerDies, workerApi, WorkerDiedError } from './client';
import { getSession, newSessionId, saveBatch, setPlacement, setSessionNames } from './persist';
import { FLAME_DEFAULTS, readFlameExtras, type FlameViewState } from './flame-view';

export type Theme = 'light' | 'dark';
export type TabName = 'report' | 'overview' | 'goroutines' | 'flame' | 'timeline' | 'stateflow';

export interface LoadError {
  id: number;
  file: string;
  message: string;
}

/** The goroutine table's filter, with what to call its id terms in chips. */
export interface TableFilter {
  spec: FilterSpec;
  /** chips for the id terms (a suspect, a park site, a label value …): term → what the user clicked */
  chips: Partial<Record<keyof FilterSpec, string>>;
}

export const NO_FILTER: TableFilter = { spec: {}, chips: {} };

export interface TableState {
  rows: Int32Array;
  total: number;
  goroutines: number;
  idDigits: number;
  /** display of rows fetched so far, by model row */
  display: Map<number, RowDisplay>;
  /** the question these rows answer (benchmarks and tests read it off the page) */
  answers: { text: string; sort: string };
}

/** What a remembered placement choice does when files are added to a loaded workspace. */
export type PlacementChoice = 'auto' | 'separate';

/**
 * View state other views add, without model ids (so a shared link carries it as it is): the flame
 * graph's orientation and zoom, a timeline window. Kept in the URL (`x=`, src/store/url.ts).
 */
export interface ViewExtras {
  flame?: Partial<FlameViewState>;
  timeline?: { startNs: number; endNs: number };
}

/** Where the view is: what the URL keeps (src/store/url.ts) and a reload restores. */
export interface ViewState {
  tab: TabName;
  snapshot: number;
  level: GroupLevel;
  selectedRow: number;
  selectedSuspect: string | null;
  filter: TableFilter;
  sort: SortSpec;
  extras?: ViewExtras;
}

export interface AppState {
  workspace: Workspace | null;
  /** the stored session (persist.ts) the workspace is, for reloads; null before the first load */
  sessionId: string | null;
  /** a session being restored from this browser's storage */
  restoring: boolean;
  /** true when something other than failed inputs is loaded */
  hasData: boolean;
  loading: { files: string[]; progress: LoadProgress | null } | null;
  errors: LoadError[];
  notices: string[];
  /** how the last batch was placed (the bar offering compare / keep separate / replace) */
  placed: Placed | null;
  tab: TabName;
  snapshot: number;
  level: GroupLevel;
  report: ReportData | null;
  choices: ChoicesData | null;
  sched: SchedSnapshot | null;
  filter: TableFilter;
  sort: SortSpec;
  table: TableState | null;
  selectedRow: number;
  /** the rows the user came from by following links (creator, woken by): a way back */
  trail: number[];
  selectedSuspect: string | null;
  detail: GoroutineInfo | null;
  theme: Theme;
  themeFromSystem: boolean;
  lastParseMs: number;
  editor: EditorSettings | null;
  placementChoice: PlacementChoice;
  /** the flame graph's view (src/store/flame-view.ts) */
  flameView: FlameViewState;

  loadFiles(files: LoadFile[]): Promise<void>;
  cancelLoad(): void;
  clearAll(): Promise<void>;
  /** answers the placement bar: move the last batch into `target` (-1: its own series), or reload replacing */
  placeLast(target: number | 'replace', remember?: boolean): Promise<void>;
  dismissPlaced(): void;
  dismissError(id: number): void;
  setTab(t: TabName): void;
  setSnapshot(s: number): void;
  setLevel(level: GroupLevel): void;
  setFilter(f: Partial<FilterSpec>, chips?: TableFilter['chips']): void;
  resetFilter(): void;
  /** replaces the filter and shows the goroutine table (a click on a count) */
  filterTo(f: FilterSpec, chips?: TableFilter['chips']): void;
  setSort(s: SortSpec): void;
  /** asks for the display of rows [from, to) of the table when not fetched yet */
  ensureRows(from: number, to: number): void;
  selectRow(r: number): void;
  /** follows a link to another goroutine (creator, unblocker), remembering where it came from */
  followRow(r: number): void;
  /** back along the trail of followed links */
  backRow(): void;
  selectSuspect(key: string): void;
  /** applies a view state (from the URL, or Back/Forward) */
  applyView(v: Partial<ViewState>): void;
  /** loads a session kept in this browser (a reload) and shows `view` on it */
  restore(id: string, view: Partial<ViewState>): Promise<boolean>;
  /** opens a snapshot (a shared link's or a launched file's bytes) in a fresh workspace, kept for reloads, and shows `view` on it */
  openShared(file: LoadFile, view: Partial<ViewState>): Promise<boolean>;
  /** shows a suspect's goroutines in the table */
  openSuspect(key: string, label: string): void;
  exportReport(format: 'markdown' | 'json'): Promise<string | null>;
  /** a few goroutines' details (a deadlock cycle's members), null when the model changed meanwhile */
  loadGoroutines(rows: number[]): Promise<GoroutineInfo[] | null>;
  setEditor(e: EditorSettings | null): void;
  toggleTheme(): void;
  setFlameView(p: Partial<FlameViewState>): void;
}

let errorId = 0;
/** the files of the last batch, so "replace" can load them again into a fresh workspace */
let lastFiles: LoadFile[] | null = null;
const seq: Record<string, number> = {};

function systemTheme(): Theme {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function stored<T>(key: string, ok: (v: unknown) => v is T): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const v: unknown = JSON.parse(raw);
    return ok(v) ? v : null;
  } catch {
    return null;
  }
}

function store(key: string, v: unknown): void {
  try {
    if (v === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(v));
  } catch {
    /* private mode: kept for this page only */
  }
}

const isTheme = (v: unknown): v is Theme => v === 'light' || v === 'dark';
const isEditor = (v: unknown): v is EditorSettings => !!v && typeof (v as EditorSettings).template === 'string' && Array.isArray((v as EditorSettings).mappings);
const isPlacement = (v: unknown): v is PlacementChoice => v === 'auto' || v === 'separate';

/**
 * A load in progress is noted in localStorage: if the tab dies while reading (the browser ends a
 * tab whose parser runs out of memory), the next start says which files did it, and the session
 * store brings back what was loaded before them.
 */
const LOADING_KEY = 'parkscope.loading';

function markLoading(files: LoadFile[] | null): void {
  try {
    if (files) localStorage.setItem(LOADING_KEY, JSON.stringify({ files: files.map((f) => ({ name: f.name, bytes: f.blob.size })), at: Date.now() }));
    else localStorage.removeItem(LOADING_KEY);
  } catch {
    /* private mode */
  }
}

/** The files that were being read when the page last stopped, if it stopped during a load. */
export function interruptedLoad(): { name: string; bytes: number }[] | null {
  try {
    const raw = localStorage.getItem(LOADING_KEY);
    localStorage.removeItem(LOADING_KEY);
    const v = raw ? (JSON.parse(raw) as { files?: { name: string; bytes: number }[] }) : null;
    return v && Array.isArray(v.files) ? v.files : null;
  } catch {
    return null;
  }
}

/** The tab a load opens on: the leak report, unless the snapshot shown has none (a time profile). */
function firstTab(ws: Workspace): TabName {
  const s = ws.snapshots[ws.suggestedSnapshot];
  return s && s.kind === 'time-profile' ? 'overview' : 'report';
}

export const useApp = create<AppState>((set, get) => {
  const handledDeaths = new WeakSet<object>();
  const fail = (file: string, e: unknown) => {
    const message = String((e as Error)?.message ?? e);
    const gone = e instanceof WorkerDiedError;
    // one dead worker is reported (and recovered from) once, however many questions were pending
    if (gone) {
      if (handledDeaths.has(e)) return;
      handledDeaths.add(e);
    }
    const view = viewNow();
    const session = get().sessionId;
    set({
      loading: null,
      errors: [...get().errors, { id: ++errorId, file, message }],
      // a dead worker took the model with it: show the start page rather than stale views …
      ...(gone ? { workspace: null, hasData: false, report: null, table: null, choices: null, detail: null, selectedRow: -1 } : {}),
    });
    // … until a new worker has read again what was loaded before (kept in this browser)
    if (gone && session)
      void get()
        .restore(session, view)
        .then((ok) => ok && set({ notices: [...get().notices, `A new parser read again what was loaded before ${file} stopped the last one.`] }));
  };
  // a worker that stops between questions is noticed too; a pending question reports it itself
  onWorkerDied((e) => {
    if (get().workspace || get().loading) fail(get().loading ? get().loading!.files.join(', ') : 'parser', e);
  });
  const viewNow = (): ViewState => {
    const st = get();
    return { tab: st.tab, snapshot: st.snapshot, level: st.level, selectedRow: st.selectedRow, selectedSuspect: st.selectedSuspect, filter: st.filter, sort: st.sort };
  };

  /** Asks the worker; applies the answer only if it is the latest of its kind and of this generation. */
  const ask = async <T>(kind: string, q: (generation: number) => Promise<Reply<T>>, apply: (v: T) => void): Promise<void> => {
    const ws = get().workspace;
    if (!ws) return;
    const mine = (seq[kind] = (seq[kind] ?? 0) + 1);
    try {
      const r = await unlessWorkerDies(q(ws.generation));
      if (mine !== seq[kind] || r.stale || get().workspace?.generation !== r.generation) return;
      apply(r.value);
    } catch (e) {
      fail(kind, e);
    }
  };

  const refreshReport = () => {
    const { snapshot, level } = get();
    return ask('report', (gen) => workerApi().report(gen, snapshot, level), (report) => set({ report }));
  };
  const refreshChoices = () => {
    const { snapshot } = get();
    return ask('choices', (gen) => workerApi().choices(gen, snapshot), (choices) => set({ choices }));
  };
  const refreshSched = () => {
    const { snapshot, workspace } = get();
    if (!workspace?.snapshots[snapshot]?.sched) return set({ sched: null });
    return ask('sched', (gen) => workerApi().sched(gen, snapshot), (sched) => set({ sched }));
  };
  let selectFirst = false;
  const refreshRows = () => {
    const { snapshot, filter, sort } = get();
    const answers = { text: filter.spec.text ?? '', sort: `${sort.key}:${sort.desc}` };
    return ask<RowsReply>(
      'rows',
      (gen) => workerApi().rows(gen, snapshot, filter.spec, sort),
      (r) => {
        const display = new Map<number, RowDisplay>();
        for (const d of r.head) display.set(d.row, d);
        set({ table: { rows: r.rows, total: r.total, goroutines: r.goroutines, idDigits: r.idDigits, display, answers } });
        if (selectFirst) {
          selectFirst = false;
          get().selectRow(r.rows.length ? r.rows[0] : -1);
        }
      },
    );
  };
  const refreshSnapshot = () => {
    void refreshReport();
    void refreshChoices();
    void refreshSched();
    void refreshRows();
  };

  const adopt = (workspace: Workspace, extra: Partial<AppState> = {}) => {
    const hasData = workspace.inputs.some((i) => !i.error);
    const prev = get();
    const snapshot = workspace.suggestedSnapshot >= 0 ? workspace.suggestedSnapshot : Math.min(prev.snapshot, Math.max(0, workspace.snapshots.length - 1));
    set({ workspace, hasData, snapshot, report: null, choices: null, sched: null, table: null, selectedRow: -1, trail: [], selectedSuspect: null, detail: null, filter: NO_FILTER, ...extra });
    if (hasData) refreshSnapshot();
  };

  /** the stored batch index of the last batch, to record a later change of its placement */
  let lastStoredBatch = -1;
  const persistBatch = async (files: LoadFile[], placement: Placement) => {
    const replace = placement.mode === 'replace' || !get().sessionId;
    const id = replace ? newSessionId() : get().sessionId!;
    set({ sessionId: id });
    try {
      lastStoredBatch = await saveBatch(id, files, replace ? { mode: 'auto' } : placement);
    } catch (e) {
      lastStoredBatch = -1;
      set({ notices: [...get().notices, `Not kept for a reload (this browser's storage refused it: ${String((e as Error)?.message ?? e)})`] });
    }
  };

  const load = async (files: LoadFile[], placement: Placement, persist = true) => {
    set({ loading: { files: files.map((f) => f.name), progress: null } });
    markLoading(files);
    try {
      const res = await unlessWorkerDies(
        workerApi().load(
          files,
          placement,
          Comlink.proxy((p: LoadProgress) => {
            if (get().loading) set({ loading: { files: files.map((f) => f.name), progress: p } });
          }),
        ),
      );
      markLoading(null);
      const errors = res.outcomes.filter((o) => o.error).map((o) => ({ id: ++errorId, file: o.file, message: o.error! }));
      if (res.cancelled) {
        set({ loading: null, notices: [`Load cancelled: ${files.map((f) => f.name).join(', ')}`] });
        return;
      }
      lastFiles = files;
      const loadedAny = res.outcomes.some((o) => !o.error);
      if (loadedAny) {
        adopt(res.workspace, { loading: null, errors: [...get().errors, ...errors], placed: res.placed, lastParseMs: res.parseMs, tab: firstTab(res.workspace) });
        if (persist) await persistBatch(files, placement);
      } else set({ loading: null, errors: [...get().errors, ...errors] });
      return loadedAny;
    } catch (e) {
      markLoading(null);
      fail(files.map((f) => f.name).join(', '), e);
    }
    return false;
  };

  const initialTheme = stored('parkscope.theme', isTheme);
  return {
    workspace: null,
    sessionId: null,
    restoring: false,
    hasData: false,
    loading: null,
    errors: [],
    notices: [],
    placed: null,
    tab: 'report',
    snapshot: 0,
    level: 'exact',
    report: null,
    choices: null,
    sched: null,
    filter: NO_FILTER,
    sort: { key: 'goid', desc: false },
    table: null,
    selectedRow: -1,
    trail: [],
    selectedSuspect: null,
    detail: null,
    theme: initialTheme ?? systemTheme(),
    themeFromSystem: initialTheme === null,
    lastParseMs: 0,
    editor: stored('parkscope.editor', isEditor),
    placementChoice: stored('parkscope.placement', isPlacement) ?? 'auto',
    flameView: FLAME_DEFAULTS,

    async loadFiles(all) {
      if (all.length === 0) return;
      if (get().loading || get().restoring) {
        set({ notices: [`A load is running: wait for it, or cancel it, before opening ${all.map((f) => f.name).join(', ')}`] });
        return;
      }
      // the same file dropped again (or the example opened twice) would look like a second snapshot
      // in which every goroutine persists: skip it and say so
      const loaded = new Set((get().workspace?.inputs ?? []).filter((i) => !i.error).map((i) => `${i.file}\u0000${i.bytes}`));
      const files = all.filter((f) => !loaded.has(`${f.name}\u0000${f.blob.size}`));
      const skipped = all.filter((f) => !files.includes(f));
      set({ notices: skipped.length ? [`Already loaded, skipped: ${skipped.map((f) => f.name).join(', ')} (Clear to start over)`] : [] });
      if (files.length === 0) return;
      await load(files, get().hasData && get().placementChoice === 'separate' ? { mode: 'separate' } : { mode: 'auto' });
    },
    cancelLoad() {
      if (get().loading) void workerApi().cancel();
    },
    async clearAll() {
      try {
        const ws = await unlessWorkerDies(workerApi().clear());
        lastFiles = null;
        lastStoredBatch = -1;
        adopt(ws, { errors: [], notices: [], placed: null, tab: 'report', sessionId: null });
      } catch (e) {
        fail('clear', e);
      }
    },
    async placeLast(target, remember) {
      const placed = get().placed;
      if (!placed) return;
      if (remember && target !== 'replace') {
        const choice: PlacementChoice = target === -1 ? 'separate' : 'auto';
        store('parkscope.placement', choice);
        set({ placementChoice: choice });
      }
      if (target === 'replace') {
        if (!lastFiles) return;
        set({ placed: null });
        await load(lastFiles, { mode: 'replace' });
        return;
      }
      await ask(
        'place',
        (gen) => workerApi().place(gen, placed.inputs, target),
        (ws) => adopt(ws, { placed: null }),
      );
      const id = get().sessionId;
      if (id && lastStoredBatch >= 0) void setPlacement(id, lastStoredBatch, target === -1 ? { mode: 'separate' } : { mode: 'compare', target }).catch(() => {});
    },
    dismissPlaced() {
      set({ placed: null });
    },
    dismissError(id) {
      set({ errors: get().errors.filter((e) => e.id !== id) });
    },
    setTab(t) {
      set({ tab: t });
    },
    setSnapshot(s) {
      if (s === get().snapshot) return;
      set({ snapshot: s, selectedRow: -1, trail: [], selectedSuspect: null, detail: null, filter: NO_FILTER, report: null, choices: null, table: null });
      refreshSnapshot();
    },
    setLevel(level) {
      set({ level });
      void refreshReport();
    },
    setFilter(f, chips = {}) {
      const prev = get().filter;
      const spec = { ...prev.spec, ...f };
      for (const k of Object.keys(spec) as (keyof FilterSpec)[]) if (spec[k] === undefined || spec[k] === '') delete spec[k];
      const nextChips = { ...prev.chips, ...chips };
      for (const k of Object.keys(nextChips) as (keyof FilterSpec)[]) if (spec[k] === undefined) delete nextChips[k];
      set({ filter: { spec, chips: nextChips } });
      void refreshRows();
    },
    resetFilter() {
      set({ filter: NO_FILTER });
      void refreshRows();
    },
    filterTo(f, chips = {}) {
      set({ filter: NO_FILTER, tab: 'goroutines' });
      get().setFilter(f, chips);
    },
    setSort(s) {
      set({ sort: s });
      void refreshRows();
    },
    ensureRows(from, to) {
      const t = get().table;
      if (!t) return;
      const want: number[] = [];
      for (let i = Math.max(0, from); i < Math.min(t.rows.length, to); i++) if (!t.display.has(t.rows[i])) want.push(t.rows[i]);
      if (!want.length) return;
      const rows = Int32Array.from(want);
      // one display request per window; a later one for another window does not cancel this one
      void ask(
        `display-${from}`,
        (gen) => workerApi().rowDisplay(gen, rows),
        (list) => {
          const cur = get().table;
          if (!cur || cur.rows !== t.rows) return;
          const display = new Map(cur.display);
          for (const d of list) display.set(d.row, d);
          set({ table: { ...cur, display } });
        },
      );
    },
    selectRow(r) {
      set({ selectedRow: r, trail: [], ...(r < 0 ? { detail: null } : {}) });
      if (r >= 0) void ask('detail', (gen) => workerApi().goroutine(gen, r), (detail) => set({ detail }));
    },
    followRow(r) {
      const { selectedRow, trail } = get();
      get().selectRow(r);
      if (selectedRow >= 0) set({ trail: [...trail, selectedRow] });
    },
    backRow() {
      const trail = get().trail;
      if (!trail.length) return;
      const prev = trail[trail.length - 1];
      get().selectRow(prev);
      set({ trail: trail.slice(0, -1) });
    },
    selectSuspect(key) {
      set({ selectedSuspect: key });
    },
    applyView(v) {
      const st = get();
      if (v.snapshot !== undefined && v.snapshot !== st.snapshot && st.workspace?.snapshots[v.snapshot]) {
        set({ snapshot: v.snapshot, selectedRow: -1, detail: null, report: null, choices: null, table: null, selectedSuspect: null });
        if (v.level) set({ level: v.level });
        if (v.filter) set({ filter: v.filter });
        if (v.sort) set({ sort: v.sort });
        refreshSnapshot();
      } else {
        if (v.level && v.level !== st.level) {
          set({ level: v.level });
          void refreshReport();
        }
        const f = v.filter && JSON.stringify(v.filter) !== JSON.stringify(st.filter);
        const so = v.sort && JSON.stringify(v.sort) !== JSON.stringify(st.sort);
        if (f) set({ filter: v.filter! });
        if (so) set({ sort: v.sort! });
        if (f || so) void refreshRows();
      }
      if (v.extras?.flame && JSON.stringify(v.extras.flame) !== JSON.stringify(get().flameView)) set({ flameView: readFlameExtras(v.extras.flame) });
      if (v.tab && v.tab !== get().tab) set({ tab: v.tab });
      if (v.selectedSuspect !== undefined && v.selectedSuspect !== get().selectedSuspect) set({ selectedSuspect: v.selectedSuspect });
      if (v.selectedRow !== undefined && v.selectedRow !== get().selectedRow) get().selectRow(v.selectedRow);
    },
    async restore(id, view) {
      const stored = await getSession(id).catch(() => undefined);
      if (!stored) return false;
      set({ restoring: true });
      try {
        for (const b of stored.batches) {
          const ok = await load(
            b.files.map((f) => ({ name: f.name, blob: f.blob })),
            b.placement,
            false,
          );
          if (!ok) return false;
        }
        set({ sessionId: id, placed: null });
        lastStoredBatch = stored.batches.length - 1;
        get().applyView(view);
        return true;
      } finally {
        set({ restoring: false });
      }
    },
    async openShared(file, view) {
      if (get().loading || get().restoring) return false;
      // as a restore: the address bar gets the view once it is applied
      set({ restoring: true });
      try {
        const ok = await load([file], { mode: 'replace' });
        if (ok) {
          get().applyView(view);
          const id = get().sessionId;
          const names = (get().workspace?.inputs ?? []).map((i) => `${i.file} (${file.name})`);
          if (id && names.length) void setSessionNames(id, names).catch(() => {});
        }
        return !!ok;
      } finally {
        set({ restoring: false });
      }
    },
    openSuspect(key, label) {
      const { snapshot, level } = get();
      selectFirst = true;
      set({ tab: 'goroutines', selectedSuspect: key, filter: { spec: { suspect: { snapshot, level, key } }, chips: { suspect: label } } });
      void refreshRows();
    },
    async loadGoroutines(rows) {
      const ws = get().workspace;
      if (!ws) return null;
      try {
        const out: GoroutineInfo[] = [];
        for (const r of rows) {
          const a: Reply<GoroutineInfo> = await unlessWorkerDies<Reply<GoroutineInfo>>(workerApi().goroutine(ws.generation, r));
          if (a.stale) return null;
          out.push(a.value);
        }
        return out;
      } catch (e) {
        fail('goroutines', e);
        return null;
      }
    },
    async exportReport(format) {
      let out: string | null = null;
      const { snapshot, level } = get();
      await ask('export', (gen) => workerApi().exportReport(gen, snapshot, level, format), (text) => (out = text));
      return out;
    },
    setEditor(e) {
      store('parkscope.editor', e);
      set({ editor: e });
    },
    setFlameView(p) {
      set({ flameView: { ...get().flameView, ...p } });
    },
    toggleTheme() {
      const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
      store('parkscope.theme', theme);
      set({ theme, themeFromSystem: false });
    },
  };
});
