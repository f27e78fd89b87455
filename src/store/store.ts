/**
 * App state (zustand): the loaded model (read through ModelView), the summary and analysis the
 * worker computed, the load in progress, errors, selection and filters, theme.
 */
import { create } from 'zustand';
import * as Comlink from 'comlink';
import { ModelView } from '../model/read';
import type { Summary } from '../analysis/summary';
import type { Analysis } from '../analysis/index';
import type { GroupLevel } from '../analysis/group';
import type { EditorSettings } from '../analysis/source-links';
import type { LoadFile, LoadProgress, LoadResult } from '../worker/api';
import { unlessWorkerDies, workerApi } from './client';

export type Theme = 'light' | 'dark';
export type ViewName = 'overview' | 'report' | 'goroutines';

export interface LoadError {
  id: number;
  file: string;
  message: string;
}

export interface Filters {
  state: string;
  text: string;
  label: string;
  /** only these rows (a leak-report suspect's goroutines), with what to call them */
  rows: Int32Array | null;
  rowsLabel: string;
}

export const NO_FILTERS: Filters = { state: '', text: '', label: '', rows: null, rowsLabel: '' };

export interface AppState {
  view: ModelView | null;
  summary: Summary | null;
  analysis: Analysis | null;
  parkSiteByStack: Int32Array;
  /** bumps on every new model, so derived data can key on it */
  generation: number;
  loading: { files: string[]; progress: LoadProgress | null } | null;
  errors: LoadError[];
  notices: string[];
  currentView: ViewName;
  snapshot: number;
  selectedRow: number;
  filters: Filters;
  theme: Theme;
  themeFromSystem: boolean;
  lastParseMs: number;
  editor: EditorSettings | null;

  setEditor(e: EditorSettings | null): void;
  groupLevel: GroupLevel;
  /** re-runs the leak analysis in the worker with a grouping level and/or report snapshot */
  reanalyze(opts: { level?: GroupLevel; snapshot?: number }): Promise<void>;
  loadFiles(files: LoadFile[]): Promise<void>;
  cancelLoad(): void;
  clearAll(): Promise<void>;
  dismissError(id: number): void;
  setView(v: ViewName): void;
  setSnapshot(s: number): void;
  selectRow(r: number): void;
  setFilters(f: Partial<Filters>): void;
  toggleTheme(): void;
}

let errorId = 0;

function systemTheme(): Theme {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedEditor(): EditorSettings | null {
  try {
    const raw = localStorage.getItem('parkscope.editor');
    if (!raw) return null;
    const v = JSON.parse(raw) as EditorSettings;
    return typeof v.template === 'string' && Array.isArray(v.mappings) ? v : null;
  } catch {
    return null;
  }
}

function storedTheme(): Theme | null {
  try {
    const t = localStorage.getItem('parkscope.theme');
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

export const useApp = create<AppState>((set, get) => {
  const apply = (res: LoadResult, extra: Partial<AppState> = {}) => {
    const view = res.model.inputs.length ? new ModelView(res.model) : null;
    const prev = get();
    const snaps = res.model.snapshots.length;
    // show the newest snapshot of what was just loaded (the last dump of a log, the last SCHED block)
    const newest = snaps > (prev.view?.model.snapshots.length ?? 0) ? snaps - 1 : -1;
    set({
      view,
      summary: res.summary,
      analysis: res.analysis,
      parkSiteByStack: res.parkSiteByStack,
      generation: prev.generation + 1,
      snapshot: snaps === 0 ? 0 : newest >= 0 ? newest : Math.min(snaps - 1, prev.snapshot),
      selectedRow: -1,
      lastParseMs: res.parseMs,
      currentView: res.analysis && res.analysis.report.snapshot >= 0 || (res.analysis?.report.suspects.length ?? 0) > 0 ? 'report' : 'overview',
      filters: NO_FILTERS,
      groupLevel: 'exact',
      ...extra,
    });
  };

  const initial = storedTheme();
  return {
    view: null,
    summary: null,
    analysis: null,
    parkSiteByStack: new Int32Array(0),
    generation: 0,
    loading: null,
    errors: [],
    notices: [],
    currentView: 'overview',
    snapshot: 0,
    selectedRow: -1,
    filters: NO_FILTERS,
    theme: initial ?? systemTheme(),
    themeFromSystem: initial === null,
    lastParseMs: 0,
    editor: storedEditor(),
    groupLevel: 'exact',
    async reanalyze(opts) {
      const level = opts.level ?? get().groupLevel;
      const snapshot = opts.snapshot ?? get().analysis?.currentSnapshot;
      const analysis = await unlessWorkerDies(workerApi().analyze({ level, snapshot: snapshot !== undefined && snapshot >= 0 ? snapshot : undefined }));
      set({ analysis, groupLevel: level });
    },

    setEditor(e) {
      try {
        if (e) localStorage.setItem('parkscope.editor', JSON.stringify(e));
        else localStorage.removeItem('parkscope.editor');
      } catch {
        /* not persisted in private mode */
      }
      set({ editor: e });
    },
    async loadFiles(all) {
      if (all.length === 0 || get().loading) return;
      // the same file dropped again (or the example opened twice) would look like a second snapshot
      // in which every goroutine persists: skip it and say so
      const loaded = new Set((get().view?.model.inputs ?? []).map((i) => `${i.file}\u0000${i.bytes}`));
      const files = all.filter((f) => !loaded.has(`${f.name}\u0000${f.blob.size}`));
      const notices = files.length < all.length ? [`Already loaded, skipped: ${all.filter((f) => !files.includes(f)).map((f) => f.name).join(', ')} (Clear to start over)`] : [];
      if (files.length === 0) {
        set({ notices });
        return;
      }
      set({ loading: { files: files.map((f) => f.name), progress: null } });
      try {
        const api = workerApi();
        const res = await unlessWorkerDies(
          api.load(
            files,
            Comlink.proxy((p: LoadProgress) => {
              if (get().loading) set({ loading: { files: files.map((f) => f.name), progress: p } });
            }),
          ),
        );
        const errors = res.outcomes.filter((o) => o.error).map((o) => ({ id: ++errorId, file: o.file, message: o.error! }));
        const loadedAny = res.outcomes.some((o) => !o.error);
        if (res.cancelled) {
          set({ loading: null, notices: [`Load cancelled: ${files.map((f) => f.name).join(', ')}`] });
          return;
        }
        if (loadedAny) apply(res, { loading: null, errors: [...get().errors, ...errors], notices });
        else set({ loading: null, errors: [...get().errors, ...errors] });
      } catch (e) {
        const message = String((e as Error)?.message ?? e);
        // a dead worker took the model with it: show the start page rather than stale views
        const gone = message.startsWith('the parser stopped');
        set({
          loading: null,
          errors: [...get().errors, { id: ++errorId, file: files.map((f) => f.name).join(', '), message }],
          ...(gone ? { view: null, summary: null, analysis: null } : {}),
        });
      }
    },
    cancelLoad() {
      if (get().loading) void workerApi().cancel();
    },
    async clearAll() {
      const res = await unlessWorkerDies(workerApi().clear());
      apply(res, { errors: [], notices: [], currentView: 'overview', filters: NO_FILTERS });
    },
    dismissError(id) {
      set({ errors: get().errors.filter((e) => e.id !== id) });
    },
    setView(v) {
      set({ currentView: v });
    },
    setSnapshot(s) {
      set({ snapshot: s, selectedRow: -1 });
    },
    selectRow(r) {
      set({ selectedRow: r });
    },
    setFilters(f) {
      set({ filters: { ...get().filters, ...f } });
    },
    toggleTheme() {
      const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem('parkscope.theme', theme);
      } catch {
        /* private mode: the toggle still works for this page */
      }
      set({ theme, themeFromSystem: false });
    },
  };
});
