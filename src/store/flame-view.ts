/**
 * The flame graph's view state (what the store keeps and the URL's `x=` carries): holds no model
 * ids but snapshot numbers and names, so a permalink restores it as it is. Only what differs from
 * the defaults goes into the URL, to keep links short.
 */
import { BLOCKED_KINDS, FLAME_WEIGHTS, type BlockedKind, type FlameWeight } from '../analysis/flame';

export interface FlameViewState {
  orientation: 'entry' | 'park';
  /** null: the snapshot's default (goroutines; for a trace, blocked time) */
  weight: FlameWeight | null;
  /** which intervals 'blocked' counts */
  kind: BlockedKind;
  fold: boolean;
  creators: boolean;
  color: 'pattern' | 'package' | 'diff';
  /** diff: an earlier snapshot of the same series */
  baseline: number | null;
  /** the zoomed node, by its path of keys (analysis/flame-path.ts) */
  zoom: string[];
  search: string;
  /** the selected function (sandwich) */
  focus: string | null;
  /** show the sandwich of `focus` instead of the whole tree */
  sandwich: boolean;
}

export const FLAME_DEFAULTS: FlameViewState = {
  orientation: 'entry',
  weight: null,
  kind: 'waiting',
  fold: true,
  creators: false,
  color: 'pattern',
  baseline: null,
  zoom: [],
  search: '',
  focus: null,
  sandwich: false,
};

/** The fields that differ from the defaults (for the URL). */
export function flameExtras(v: FlameViewState): Partial<FlameViewState> | undefined {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(FLAME_DEFAULTS) as (keyof FlameViewState)[]) if (JSON.stringify(v[k]) !== JSON.stringify(FLAME_DEFAULTS[k])) out[k] = v[k];
  return Object.keys(out).length ? (out as Partial<FlameViewState>) : undefined;
}

/** A flame view state from a URL: every field checked, damaged ones fall back to the default. */
export function readFlameExtras(x: unknown): FlameViewState {
  const v = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
  const d = FLAME_DEFAULTS;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
  const bool = (k: keyof FlameViewState) => (typeof v[k] === 'boolean' ? (v[k] as boolean) : (d[k] as boolean));
  return {
    orientation: v.orientation === 'park' ? 'park' : 'entry',
    weight: FLAME_WEIGHTS.includes(v.weight as FlameWeight) ? (v.weight as FlameWeight) : null,
    kind: BLOCKED_KINDS.includes(v.kind as BlockedKind) ? (v.kind as BlockedKind) : d.kind,
    fold: bool('fold'),
    creators: bool('creators'),
    color: v.color === 'package' || v.color === 'diff' ? v.color : 'pattern',
    baseline: typeof v.baseline === 'number' && Number.isInteger(v.baseline) && v.baseline >= 0 ? v.baseline : null,
    zoom: Array.isArray(v.zoom) && v.zoom.every((z) => typeof z === 'string') ? (v.zoom as string[]).slice(0, 512) : [],
    search: str('search') ?? '',
    focus: str('focus'),
    sandwich: bool('sandwich'),
  };
}
