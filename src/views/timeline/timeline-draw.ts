/**
 * Drawing helpers of the timeline canvas: class colours per theme (as packed RGBA for ImageData
 * and as CSS for the legend), time-axis ticks, and filling a row or a stacked area into a pixel
 * buffer from a window answer whose columns may be another window than the one drawn (the last
 * answer is stretched to the view while the next one is computed).
 */
import { NC } from '../../analysis/timeline';

type Rgb = [number, number, number];

const LIGHT: Rgb[] = [
  [246, 247, 249], // none (row background)
  [34, 160, 80], // running
  [230, 184, 40], // runnable
  [139, 92, 246], // in syscall
  [194, 65, 12], // channel
  [249, 115, 22], // select
  [127, 29, 29], // sync
  [251, 113, 133], // network
  [253, 204, 150], // sleep
  [146, 64, 14], // syscall wait
  [219, 39, 119], // GC
  [168, 162, 158], // system
  [190, 18, 60], // other wait (forever, unknown)
];
const DARK: Rgb[] = [
  [22, 28, 35],
  [74, 222, 128],
  [250, 204, 21],
  [167, 139, 250],
  [234, 88, 12],
  [251, 146, 60],
  [185, 28, 28],
  [251, 113, 133],
  [254, 215, 170],
  [180, 83, 9],
  [244, 114, 182],
  [120, 113, 108],
  [225, 29, 72],
];

export interface Palette {
  /** packed little-endian RGBA (ImageData as Uint32Array) per class */
  packed: Uint32Array;
  /** the same, faded into the row background: goroutines the table's filter does not hold */
  dimmed: Uint32Array;
  css: string[];
  bg: number;
  rowAlt: number;
  header: number;
  text: string;
  muted: string;
  grid: string;
  accent: string;
  accentSoft: string;
  gc: string;
  stw: string;
  panel: string;
  sel: string;
  bad: string;
  /** goroutines the table's filter holds: their marker in the label column, a group's share */
  match: string;
}

const pack = ([r, g, b]: Rgb) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;

/** `a` over `b` with opacity `k` (0..1), per channel. */
const blend = (a: Rgb, b: Rgb, k: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] * k + b[i] * (1 - k))) as Rgb;

/** how much of a class colour a row the filter does not hold keeps */
const DIM = 0.22;

export function palette(theme: 'light' | 'dark'): Palette {
  const cls = theme === 'dark' ? DARK : LIGHT;
  const dark = theme === 'dark';
  const bgRgb: Rgb = dark ? [22, 28, 35] : [255, 255, 255];
  return {
    packed: Uint32Array.from(cls, pack),
    dimmed: Uint32Array.from(cls, (c) => pack(blend(c, bgRgb, DIM))),
    css: cls.map(([r, g, b]) => `rgb(${r},${g},${b})`),
    bg: pack(bgRgb),
    rowAlt: pack(dark ? [26, 33, 41] : [248, 249, 251]),
    header: pack(dark ? [29, 37, 46] : [240, 242, 245]),
    text: dark ? '#e3e8ee' : '#1b1f24',
    muted: dark ? '#8d99a8' : '#5f6b7a',
    grid: dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)',
    accent: dark ? '#38bdf8' : '#0e7490',
    accentSoft: dark ? 'rgba(56,189,248,0.18)' : 'rgba(14,116,144,0.14)',
    gc: dark ? 'rgba(244,114,182,0.75)' : 'rgba(219,39,119,0.7)',
    stw: dark ? 'rgba(250,204,21,0.85)' : 'rgba(161,98,7,0.85)',
    panel: dark ? '#161c23' : '#ffffff',
    sel: dark ? 'rgba(56,189,248,0.22)' : 'rgba(14,116,144,0.16)',
    bad: dark ? '#fb923c' : '#c2410c',
    match: dark ? '#60a5fa' : '#2563eb',
  };
}

/** Nice tick spacing (1, 2, 5 × 10^k ns) for about `target` ticks over `span` ns. */
export function tickStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** A tick label in the unit of the step: ns, µs, ms or s, with the decimals the step needs. */
export function tickLabel(t: number, step: number): string {
  const [div, unit] = step >= 1e9 ? [1e9, 's'] : step >= 1e6 ? [1e6, 'ms'] : step >= 1e3 ? [1e3, 'µs'] : [1, 'ns'];
  const v = t / div;
  const s = step / div;
  const dec = s >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(s)));
  return `${v.toFixed(dec)} ${unit}`;
}

/** For each of `n` drawn pixels over [v0, v1): the column of an answer over [a0, a1) × width, -1 outside. */
export function columnMap(n: number, v0: number, v1: number, a0: number, a1: number, width: number, out: Int32Array): Int32Array {
  const m = out.length >= n ? out : new Int32Array(n);
  const k = (width / (a1 - a0)) * ((v1 - v0) / n);
  const off = ((v0 - a0) * width) / (a1 - a0);
  for (let x = 0; x < n; x++) {
    const c = Math.floor(off + (x + 0.5) * k);
    m[x] = c >= 0 && c < width ? c : -1;
  }
  return m;
}

/** Fills rows [y0, y1) of a pixel buffer (stride `w`, from x0, n pixels) with a row's classes, in `colors` (a palette's packed or dimmed). */
export function fillRow(buf: Uint32Array, w: number, x0: number, n: number, y0: number, y1: number, cols: Uint8Array, base: number, map: Int32Array, colors: Uint32Array, bg: number): void {
  if (y1 <= y0) return;
  const line = y0 * w + x0;
  for (let x = 0; x < n; x++) {
    const c = map[x];
    const cls = c >= 0 ? cols[base + c] : 0;
    buf[line + x] = cls === 0 ? bg : colors[cls];
  }
  for (let y = y0 + 1; y < y1; y++) buf.copyWithin(y * w + x0, line, line + n);
}

/**
 * A stacked area into rows [y0, y1): per pixel column the goroutines of each class, bottom up,
 * scaled so that `max` goroutines fill the height.
 */
export function fillStack(buf: Uint32Array, w: number, x0: number, n: number, y0: number, y1: number, cols: Float32Array, base: number, map: Int32Array, max: number, pal: Palette, bg: number): void {
  const h = y1 - y0;
  if (h <= 0) return;
  for (let y = y0; y < y1; y++) buf.fill(bg, y * w + x0, y * w + x0 + n);
  if (!(max > 0)) return;
  const k = h / max;
  for (let x = 0; x < n; x++) {
    const c = map[x];
    if (c < 0) continue;
    let acc = 0;
    let yPrev = y1;
    const at = base + c * NC;
    for (let cls = 1; cls < NC; cls++) {
      const v = cols[at + cls];
      if (!(v > 0)) continue;
      acc += v;
      const yTop = Math.max(y0, Math.round(y1 - acc * k));
      // a class present at all shows at least a pixel
      const top = yTop === yPrev && yPrev > y0 ? yPrev - 1 : yTop;
      const px = pal.packed[cls];
      for (let y = top; y < yPrev; y++) buf[y * w + x0 + x] = px;
      yPrev = top;
    }
  }
}

/** The largest column total of a stacked answer (classes 1..NC-1) at `base`, over `width` columns. */
export function stackMax(cols: Float32Array, base: number, width: number): number {
  let max = 0;
  for (let c = 0; c < width; c++) {
    let s = 0;
    for (let cls = 1; cls < NC; cls++) s += cols[base + c * NC + cls];
    if (s > max) max = s;
  }
  return max;
}
