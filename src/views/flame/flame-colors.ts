/**
 * Colours of the flame graph, pure (d3-color/d3-scale, no DOM): by leak pattern, by package kind,
 * or by change from a baseline. Hue says the category; a small lightness step per name tells
 * neighbours apart (as flamegraph.pl does); wait-reason tips and proven leaks are marked by
 * pattern and outline in the drawing, not by hue alone.
 */
import { hsl, interpolateLab, scaleLinear } from 'd3';
import { PATTERNS, type PatternId } from '../../analysis/patterns';
import { NO_PATTERN } from '../../analysis/flame-leaves';
import { FlameNodeKind, PackageKind, type FlameTree } from '../../analysis/flame-types';
import { diffStatus } from '../../analysis/flame';

export type FlameTheme = 'light' | 'dark';
export type FlameColorBy = 'pattern' | 'package' | 'diff';

/** Colours of everything that is not a node's fill. */
export interface FlameThemeColors {
  background: string;
  text: string;
  textOnLight: string;
  textOnDark: string;
  muted: string;
  border: string;
  accent: string;
  bad: string;
  hatch: string;
  remainder: string;
  neutral: string;
}

export const THEME_COLORS: Record<FlameTheme, FlameThemeColors> = {
  light: {
    background: '#ffffff',
    text: '#1b1f24',
    textOnLight: '#1b1f24',
    textOnDark: '#ffffff',
    muted: '#5f6b7a',
    border: '#dde2e8',
    accent: '#0e7490',
    bad: '#b91c1c',
    hatch: 'rgba(27, 31, 36, 0.28)',
    remainder: '#e3e7ec',
    neutral: '#d5dae1',
  },
  dark: {
    background: '#161c23',
    text: '#e3e8ee',
    textOnLight: '#10151b',
    textOnDark: '#f3f6f9',
    muted: '#8d99a8',
    border: '#2a343f',
    accent: '#38bdf8',
    bad: '#f87171',
    hatch: 'rgba(243, 246, 249, 0.30)',
    remainder: '#26303a',
    neutral: '#3a4653',
  },
};

/** Base hue per pattern: warm for leaks, sand/olive for weak ones, blue-grey background, green busy. */
const PATTERN_BASE: Record<PatternId, string> = {
  'chan-send': '#e4572e',
  'chan-recv': '#f28e2b',
  'nil-chan': '#d1495b',
  'select-no-cases': '#c0504d',
  select: '#f4a261',
  waitgroup: '#e07a5f',
  mutex: '#b5652d',
  'cond-wait': '#dd8452',
  once: '#c97b3b',
  'fd-mutex': '#e9c46a',
  semaphore: '#d6b77c',
  coroutine: '#c8b57e',
  'io-wait': '#a7b86a',
  syscall: '#b0a05a',
  sleep: '#c4c76e',
  hidden: '#c2b6a3',
  unknown: '#cbbfae',
  background: '#9fb3c8',
  busy: '#7fb77e',
  transient: '#b5c7ae',
};

const PACKAGE_BASE: Record<number, string> = {
  [PackageKind.None]: '#c9ced6',
  [PackageKind.User]: '#5aa9d6',
  [PackageKind.Std]: '#a3b1c2',
  [PackageKind.Runtime]: '#c5cad1',
  [PackageKind.Vendored]: '#a98bd6',
};

export const PACKAGE_LABELS: Record<number, string> = {
  [PackageKind.User]: 'your code',
  [PackageKind.Std]: 'standard library',
  [PackageKind.Runtime]: 'runtime',
  [PackageKind.Vendored]: 'vendored',
  [PackageKind.None]: 'wait reason / none',
};

/** A base colour as used in the theme (dark: deeper, so light text reads on it). */
export function themed(base: string, theme: FlameTheme): string {
  if (theme === 'light') return base;
  const c = hsl(base);
  c.l = c.l * 0.62;
  c.s = Math.min(1, c.s * 0.85);
  return c.formatHex();
}

/** The base colour of a pattern (NO_PATTERN or unknown names: neutral). */
export function patternColor(name: string | undefined, theme: FlameTheme): string {
  const base = name && name in PATTERN_BASE ? PATTERN_BASE[name as PatternId] : null;
  return base ? themed(base, theme) : THEME_COLORS[theme].neutral;
}

export function packageColor(kind: number, theme: FlameTheme): string {
  return themed(PACKAGE_BASE[kind] ?? PACKAGE_BASE[PackageKind.None], theme);
}

/** Diff colours: grown red, shrunk blue, both deeper the larger the relative change; new the deepest red. */
export function diffColor(base: number, now: number, theme: FlameTheme): string {
  const t = THEME_COLORS[theme];
  const red = theme === 'light' ? '#c62828' : '#ef5350';
  const blue = theme === 'light' ? '#1f6fb2' : '#4f9fe0';
  if (base === 0 && now > 0) return theme === 'light' ? '#9b1c1c' : '#ff6b6b';
  if (now === base) return t.neutral;
  const rel = Math.min(1, Math.abs(now - base) / Math.max(base, now));
  const s = scaleLinear<string>().domain([0, 1]).range([t.neutral, now > base ? red : blue]).interpolate(interpolateLab);
  return s(0.25 + 0.75 * rel);
}

/** A colour a step lighter or darker, by a name's hash, so adjacent nodes of one category differ. */
export function varied(c: string, key: number): string {
  const h = hsl(c);
  const step = (((key * 2654435761) >>> 0) % 7) - 3;
  h.l = Math.max(0, Math.min(1, h.l + step * 0.018));
  return h.formatHex();
}

/** Text colour that reads on a fill. */
export function textOn(fill: string, theme: FlameTheme): string {
  const c = hsl(fill);
  return c.l > 0.55 ? THEME_COLORS[theme].textOnLight : THEME_COLORS[theme].textOnDark;
}

/**
 * Fill colours per node for one (tree, colouring, theme), computed once and reused every frame:
 * the same strings for the same category, so the canvas does not parse new colours per rectangle.
 */
export function nodeFills(tree: FlameTree, colorBy: FlameColorBy, theme: FlameTheme): { fill: string[]; text: string[] } {
  const fill: string[] = new Array(tree.count);
  const text: string[] = new Array(tree.count);
  const cache = new Map<string, [string, string]>();
  const get = (base: string, key: number): [string, string] => {
    const k = `${base}|${key % 7}`;
    let v = cache.get(k);
    if (!v) {
      const f = varied(base, key);
      v = [f, textOn(f, theme)];
      cache.set(k, v);
    }
    return v;
  };
  const neutral = THEME_COLORS[theme].neutral;
  for (let i = 0; i < tree.count; i++) {
    let base: string;
    if (i === 0) base = neutral;
    else if (colorBy === 'diff') base = tree.base ? diffColor(tree.base[i], tree.weight[i], theme) : neutral;
    else if (colorBy === 'package') base = tree.kind[i] === FlameNodeKind.Tip ? neutral : packageColor(tree.pkg[i], theme);
    else base = tree.pattern[i] === NO_PATTERN ? neutral : patternColor(tree.patternNames[tree.pattern[i]], theme);
    const key = colorBy === 'diff' ? 0 : tree.name[i];
    const [f, t] = get(base, key);
    fill[i] = f;
    text[i] = t;
  }
  return { fill, text };
}

export interface LegendEntry {
  color: string;
  label: string;
  /** a title (tooltip) for the entry */
  title?: string;
}

/** Legend entries for the colouring: the categories present in the tree, heaviest first. */
export function legendEntries(tree: FlameTree, colorBy: FlameColorBy, theme: FlameTheme): LegendEntry[] {
  if (colorBy === 'diff') {
    if (!tree.base) return [{ color: THEME_COLORS[theme].neutral, label: 'no baseline snapshot: nothing to compare' }];
    const seen = new Set<string>();
    for (let i = 1; i < tree.count; i++) seen.add(diffStatus(tree, i) ?? 'same');
    const all: [string, LegendEntry][] = [
      ['new', { color: diffColor(0, 1, theme), label: 'new (not in the baseline)' }],
      ['grew', { color: diffColor(1, 4, theme), label: 'grew (deeper: more)' }],
      ['shrank', { color: diffColor(4, 1, theme), label: 'shrank' }],
      ['same', { color: THEME_COLORS[theme].neutral, label: 'unchanged' }],
      ['gone', { color: 'transparent', label: 'gone (no width: only in the baseline)' }],
    ];
    return all.filter(([k]) => seen.has(k)).map(([, e]) => e);
  }
  const weights = new Map<number, number>();
  for (let i = 1; i < tree.count; i++) {
    if (colorBy === 'package') {
      // every function node counts: the kinds of code on screen, by the width they take
      if (tree.kind[i] === FlameNodeKind.Tip) continue;
      weights.set(tree.pkg[i], (weights.get(tree.pkg[i]) ?? 0) + tree.weight[i]);
    } else if (tree.self[i] > 0) {
      // each path's weight once: at the node it ends at
      weights.set(tree.pattern[i], (weights.get(tree.pattern[i]) ?? 0) + tree.self[i]);
    }
  }
  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => {
      if (colorBy === 'package') return { color: packageColor(k, theme), label: PACKAGE_LABELS[k] ?? '?' };
      if (k === NO_PATTERN) return { color: THEME_COLORS[theme].neutral, label: 'no pattern' };
      const id = tree.patternNames[k] as PatternId;
      const info = PATTERNS[id];
      return { color: patternColor(id, theme), label: info ? info.title : id, title: info?.explanation };
    });
}
