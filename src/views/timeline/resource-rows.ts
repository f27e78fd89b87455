/**
 * The timeline's resource rows (issue #12): a band between the time axis and the goroutine rows
 * with a section per kind the user turned on — a row per P (which goroutine ran on it, coloured by
 * its start function), per thread (running with a P / in a syscall / idle), per region name and per
 * user task. Drawn into the canvas' pixel buffer from the worker's answers for the visible window
 * (the last answer stretched to the view while the next is computed, as the goroutine rows are),
 * labels on the canvas. The band is at most ~45 % of the rows' height; the wheel over its labels
 * scrolls it. timeline-canvas.ts owns the events and calls in here.
 */
import { GO_HUES, RC } from '../../analysis/timeline-resources';
import { TL } from '../../analysis/timeline';
import type { ResourceKind, TimelineResourceLayout, TimelineResources } from '../../worker/api';
import { RESOURCE_KINDS, askResourceLayout, askResources, type ResourceToggles } from '../../store/timeline-resources';
import { columnMap, type Palette } from './timeline-draw';

const SEC_H = 18;
const ROW_H = 16;
/** space under the band, above the goroutine rows */
const GAP = 4;
/** a P-row span this wide (CSS px) gets its goroutine's name */
const LABEL_MIN = 44;
const FONT_SEC = '600 11px system-ui, sans-serif';
const FONT_ROW = '11px ui-monospace, Menlo, Consolas, monospace';
const FONT_SPAN = '10px system-ui, sans-serif';

const TITLES: Record<ResourceKind, string> = { procs: 'Processors (P)', threads: 'Threads (M)', tasks: 'Regions and tasks' };

type Rgb = [number, number, number];
const pack = ([r, g, b]: Rgb) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;

function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

interface ResPalette {
  hue: Uint32Array;
  held: number;
  idle: number;
  running: number;
  syscall: number;
  task: number;
  region: number;
  spanText: string;
  taskText: string;
}

function resPalette(dark: boolean, pal: Palette): ResPalette {
  const hue = new Uint32Array(GO_HUES);
  for (let i = 0; i < GO_HUES; i++) hue[i] = pack(hsl((i * 137.508) % 360, dark ? 0.5 : 0.62, dark ? 0.42 : 0.7));
  return {
    hue,
    held: pack(dark ? [38, 62, 48] : [214, 236, 219]),
    idle: pack(dark ? [62, 70, 80] : [196, 202, 210]),
    running: pal.packed[TL.Running],
    syscall: pal.packed[TL.Syscall],
    task: pack(dark ? [96, 165, 250] : [59, 110, 170]),
    region: pack(dark ? [129, 140, 248] : [99, 102, 241]),
    spanText: dark ? '#f1f5f9' : '#1b1f24',
    taskText: dark ? '#0b1220' : '#ffffff',
  };
}

interface Sec {
  kind: ResourceKind;
  /** content y of its header (0 = the band's top, unscrolled) */
  top: number;
  n: number;
}

/** What the canvas tells the band about the frame. */
export interface BandFrame {
  /** the visible time and the track's device pixels */
  t0: number;
  t1: number;
  tw: number;
  dpr: number;
  /** canvas y of the band's top (CSS px) and the label column's width */
  y0: number;
  labelW: number;
  pal: Palette;
}

interface TextSpan {
  x0: number;
  x1: number;
  y: number;
  text: string;
  kind: ResourceKind;
  row: number;
  goid: number;
}

export class ResourceBand {
  private shown: ResourceToggles = { procs: false, threads: false, tasks: false };
  private layout: TimelineResourceLayout | null = null;
  private input = -1;
  private replies: Partial<Record<ResourceKind, TimelineResources>> = {};
  private asked: Record<ResourceKind, string> = { procs: '', threads: '', tasks: '' };
  private inflight: Record<ResourceKind, boolean> = { procs: false, threads: false, tasks: false };
  private labels: Record<ResourceKind, Map<number, string>> = { procs: new Map(), threads: new Map(), tasks: new Map() };
  private sections: Sec[] = [];
  private total = 0;
  private scroll = 0;
  private viewH = 0;
  private rp: ResPalette | null = null;
  private dark = false;
  private map = new Int32Array(0);
  private spans: TextSpan[] = [];
  private drawnRows: { kind: ResourceKind; row: number; label: string; y: number }[] = [];
  /** CSS height of the band (0 when no section is on) */
  height = 0;

  /** `changed`: the band's height or content changed (the canvas re-places its rows and redraws) */
  constructor(private changed: () => void) {}

  setInput(input: number): void {
    if (input === this.input) return;
    this.input = input;
    this.layout = null;
    this.replies = {};
    this.asked = { procs: '', threads: '', tasks: '' };
    for (const k of RESOURCE_KINDS) this.labels[k].clear();
    this.scroll = 0;
    this.relayout();
    this.ensureLayout();
  }

  private ensureLayout(): void {
    if (this.layout || this.input < 0 || !RESOURCE_KINDS.some((k) => this.shown[k])) return;
    const input = this.input;
    void askResourceLayout(input).then((l) => {
      if (!l || this.input !== input) return;
      this.layout = l;
      this.relayout();
    });
  }

  setShown(shown: ResourceToggles): void {
    this.shown = { ...shown };
    this.ensureLayout();
    this.relayout();
  }

  setTheme(dark: boolean): void {
    this.dark = dark;
    this.rp = null;
  }

  /** The canvas' height changed. */
  resize(cssH: number, rowsTop: number): void {
    this.viewH = cssH - rowsTop;
    this.relayout();
  }

  private count(kind: ResourceKind): number {
    const l = this.layout;
    if (!l) return 0;
    return kind === 'procs' ? l.procs.length : kind === 'threads' ? l.threads.length : l.regionNames + l.tasks;
  }

  private relayout(): void {
    const secs: Sec[] = [];
    let y = 0;
    for (const kind of RESOURCE_KINDS) {
      if (!this.shown[kind]) continue;
      const n = this.count(kind);
      secs.push({ kind, top: y, n });
      y += SEC_H + n * ROW_H;
    }
    this.sections = secs;
    this.total = y;
    const max = Math.max(SEC_H + 3 * ROW_H, Math.floor(this.viewH * 0.45));
    const h = y > 0 ? Math.min(y, max) + GAP : 0;
    this.scroll = Math.max(0, Math.min(this.scroll, y + GAP - h));
    const was = this.height;
    this.height = h;
    if (was !== h || y > 0) this.changed();
  }

  /** Whether canvas y is in the band. */
  contains(y: number, y0: number): boolean {
    return this.height > 0 && y >= y0 && y < y0 + this.height - GAP;
  }

  /** Scrolls the band (the wheel over its labels); false when it has nothing to scroll. */
  scrollBy(dy: number): boolean {
    const inner = this.height - GAP;
    if (this.total <= inner) return false;
    this.scroll = Math.max(0, Math.min(this.total - inner, this.scroll + dy));
    this.changed();
    return true;
  }

  /** The section row at canvas y (row -1: a section header). */
  itemAt(y: number, y0: number): { kind: ResourceKind; row: number } | null {
    if (!this.contains(y, y0)) return null;
    const cy = y - y0 + this.scroll;
    for (const s of this.sections) {
      if (cy < s.top || cy >= s.top + SEC_H + s.n * ROW_H) continue;
      const off = cy - s.top - SEC_H;
      return { kind: s.kind, row: off < 0 ? -1 : Math.floor(off / ROW_H) };
    }
    return null;
  }

  /** Visible row range of a section: [a, b). */
  private visibleRows(s: Sec): [number, number] {
    const inner = this.height - GAP;
    const a = Math.max(0, Math.floor((this.scroll - s.top - SEC_H) / ROW_H));
    const b = Math.min(s.n, Math.ceil((this.scroll + inner - s.top - SEC_H) / ROW_H));
    return [a, b];
  }

  /** Asks the worker for the visible rows of each section over the visible time (one question per kind in flight). */
  fetch(t0: number, t1: number, width: number): void {
    const input = this.input;
    if (input < 0 || !this.layout) return;
    for (const s of this.sections) {
      const [a, b] = this.visibleRows(s);
      if (b <= a) continue;
      // rows in steps of 16, a step beyond each side, so small scrolls need no new answer
      const first = Math.max(0, Math.floor(a / 16) * 16 - 16);
      const last = Math.min(s.n, Math.ceil(b / 16) * 16 + 16);
      const have = this.replies[s.kind];
      const key = `${input}|${t0}|${t1}|${width}|${first}|${last}`;
      if (this.inflight[s.kind] || this.asked[s.kind] === key) continue;
      if (have && have.t0 === t0 && have.t1 === t1 && have.width === width && have.first <= a && have.first + have.count >= b) continue;
      this.asked[s.kind] = key;
      this.inflight[s.kind] = true;
      const kind = s.kind;
      askResources({ input, kind, first, count: last - first, t0, t1, width })
        .then((r) => {
          if (!r || this.input !== input) return;
          this.replies[kind] = r;
          const labels = this.labels[kind];
          if (labels.size > 5000) labels.clear();
          for (let k = 0; k < r.count; k++) labels.set(r.first + k, r.labels[k]);
        })
        .catch(() => {
          this.asked[kind] = '';
        })
        .finally(() => {
          this.inflight[kind] = false;
          this.changed();
        });
    }
  }

  private label(kind: ResourceKind, row: number): string {
    const l = this.layout;
    if (kind === 'procs' && l) return `P${l.procs[row]}`;
    if (kind === 'threads' && l) return `M ${l.threads[row]}`;
    return this.labels[kind].get(row) ?? '…';
  }

  /** Fills the band's rows into the track's pixel buffer (stride bw). */
  drawPixels(buf: Uint32Array, bw: number, f: BandFrame): void {
    this.spans = [];
    this.drawnRows = [];
    if (!this.height) return;
    const rp = (this.rp ??= resPalette(this.dark, f.pal));
    const { tw, dpr } = f;
    if (this.map.length < tw) this.map = new Int32Array(tw);
    const clipA = Math.round(f.y0 * dpr);
    const clipB = Math.round((f.y0 + this.height - GAP) * dpr);
    const fillBand = (ya: number, yb: number, px: number) => {
      for (let y = Math.max(ya, clipA); y < Math.min(yb, clipB); y++) buf.fill(px, y * bw, y * bw + tw);
    };
    fillBand(clipA, Math.round((f.y0 + this.height) * dpr), f.pal.bg);
    for (const s of this.sections) {
      const hy = f.y0 + s.top - this.scroll;
      fillBand(Math.round(hy * dpr), Math.round((hy + SEC_H - 1) * dpr), f.pal.header);
      const [a, b] = this.visibleRows(s);
      const r = this.replies[s.kind];
      const map = r ? columnMap(tw, f.t0, f.t1, r.t0, r.t1, r.width, this.map) : null;
      for (let row = a; row < b; row++) {
        const y = hy + SEC_H + row * ROW_H;
        const ya = Math.round((y + 1) * dpr);
        const yb = Math.round((y + ROW_H - 1) * dpr);
        fillBand(ya, yb, row % 2 ? f.pal.rowAlt : f.pal.bg);
        this.drawnRows.push({ kind: s.kind, row, label: this.label(s.kind, row), y: y + ROW_H / 2 });
        if (!r || !map || row < r.first || row >= r.first + r.count) continue;
        this.fillRow(buf, bw, tw, Math.max(ya, clipA), Math.min(yb, clipB), ya, yb, r, row - r.first, map, rp, f, y);
      }
    }
  }

  private fillRow(buf: Uint32Array, bw: number, tw: number, ya: number, yb: number, fullA: number, fullB: number, r: TimelineResources, k: number, map: Int32Array, rp: ResPalette, f: BandFrame, yCss: number): void {
    if (yb <= ya) return;
    const base = k * r.width;
    const mid = Math.floor((fullA + fullB) / 2);
    const line = (x: number, a: number, b: number, px: number) => {
      for (let y = Math.max(a, ya); y < Math.min(b, yb); y++) buf[y * bw + x] = px;
    };
    // levels of a region row are scaled to the most open in view
    let maxLevel = 0;
    if (r.kind === 'tasks') for (let x = 0; x < tw; x++) if (map[x] >= 0) maxLevel = Math.max(maxLevel, r.level[base + map[x]]);
    let runStart = 0;
    let runKey = -2;
    const endRun = (x: number) => {
      if (runKey < 0) return;
      const x0 = f.labelW + runStart / f.dpr;
      const x1 = f.labelW + x / f.dpr;
      if (r.kind === 'procs') this.spans.push({ x0, x1, y: yCss + ROW_H / 2, text: `G${r.goGoid[runKey]} ${r.goFunc[runKey]}`, kind: 'procs', row: r.first + k, goid: r.goGoid[runKey] });
      else if (r.kind === 'tasks' && runKey === RC.Task) this.spans.push({ x0, x1, y: yCss + ROW_H / 2, text: r.labels[k], kind: 'tasks', row: r.first + k, goid: -1 });
    };
    for (let x = 0; x < tw; x++) {
      const c = map[x];
      const cls = c >= 0 ? r.cls[base + c] : 0;
      let key = -1;
      switch (cls) {
        case RC.Goroutine: {
          const who = r.who[base + c];
          key = who;
          line(x, fullA, fullB, who >= 0 ? rp.hue[r.goHue[who]] : rp.running);
          break;
        }
        case RC.Held:
          line(x, fullA, fullB, rp.held);
          break;
        case RC.Idle:
          line(x, mid - Math.round(f.dpr), mid + Math.round(f.dpr), rp.idle);
          break;
        case RC.Running:
          line(x, fullA, fullB, rp.running);
          break;
        case RC.Syscall:
          line(x, fullA, fullB, rp.syscall);
          break;
        case RC.Task:
          key = RC.Task;
          line(x, fullA + Math.round(f.dpr), fullB - Math.round(f.dpr), rp.task);
          break;
        case RC.Region: {
          const h = Math.max(Math.round(2 * f.dpr), Math.round(((fullB - fullA) * r.level[base + c]) / (maxLevel || 1)));
          line(x, fullB - h, fullB, rp.region);
          break;
        }
        default:
          break;
      }
      if (key !== runKey) {
        // two goroutines back to back (the same colour when they share a start function): a gap between
        if (r.kind === 'procs' && key >= 0 && runKey >= 0 && x - runStart >= 4) line(x, fullA, fullB, f.pal.bg);
        endRun(x);
        runStart = x;
        runKey = key;
      }
    }
    endRun(tw);
  }

  /** The band's labels, section titles, span texts and its lower edge, on the vector layer. */
  drawLabels(ctx: CanvasRenderingContext2D, f: BandFrame, W: number, clip: (font: string, text: string, max: number) => string): void {
    if (!this.height) return;
    const rp = (this.rp ??= resPalette(this.dark, f.pal));
    const inner = this.height - GAP;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, f.y0, W, inner);
    ctx.clip();
    ctx.textBaseline = 'middle';
    // span texts
    ctx.font = FONT_SPAN;
    for (const s of this.spans) {
      if (s.x1 - s.x0 < LABEL_MIN) continue;
      ctx.fillStyle = s.kind === 'tasks' ? rp.taskText : rp.spanText;
      ctx.fillText(clip(FONT_SPAN, s.text, s.x1 - s.x0 - 6), s.x0 + 3, s.y);
    }
    ctx.fillStyle = f.pal.panel;
    ctx.fillRect(0, f.y0, f.labelW, inner);
    ctx.font = FONT_SEC;
    for (const s of this.sections) {
      const y = f.y0 + s.top - this.scroll;
      if (y + SEC_H < f.y0 || y > f.y0 + inner) continue;
      const tail = !this.layout ? ' · …' : s.n ? ` · ${s.n.toLocaleString('en-US')}` : ' · none in this trace';
      ctx.fillStyle = f.pal.muted;
      ctx.fillText(`${TITLES[s.kind]}${tail}`, 8, y + SEC_H / 2);
    }
    ctx.font = FONT_ROW;
    ctx.fillStyle = f.pal.text;
    for (const it of this.drawnRows) ctx.fillText(clip(FONT_ROW, it.label, f.labelW - 26), 18, it.y);
    ctx.restore();
    // the band's lower edge, and how far it is scrolled when it does not fit
    ctx.strokeStyle = f.pal.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, f.y0 + this.height - GAP / 2);
    ctx.lineTo(W, f.y0 + this.height - GAP / 2);
    ctx.stroke();
    if (this.total > inner) {
      const h = Math.max(12, (inner * inner) / this.total);
      const y = f.y0 + ((inner - h) * this.scroll) / (this.total - inner);
      ctx.fillStyle = f.pal.muted;
      ctx.globalAlpha = 0.5;
      ctx.fillRect(f.labelW - 5, y, 3, h);
      ctx.globalAlpha = 1;
    }
  }

  /** What tests read instead of pixels: rows per kind, the rows drawn, the labelled spans. */
  expose(): Record<string, string> {
    const rows: Record<string, number> = {};
    for (const s of this.sections) rows[s.kind] = s.n;
    const drawn = this.sections.every((s) => {
      const r = this.replies[s.kind];
      return s.n === 0 || (r !== undefined && r.count > 0);
    });
    return {
      resRows: JSON.stringify(rows),
      resDrawn: this.layout && drawn ? '1' : '0',
      resVisible: JSON.stringify(this.drawnRows.slice(0, 80).map((r) => ({ kind: r.kind, row: r.row, label: r.label, y: r.y }))),
      resSpans: JSON.stringify(
        this.spans
          .filter((s) => s.x1 - s.x0 >= 4)
          .slice(0, 80)
          .map((s) => ({ kind: s.kind, row: s.row, x0: Math.round(s.x0 * 10) / 10, x1: Math.round(s.x1 * 10) / 10, y: s.y, goid: s.goid, text: s.text })),
      ),
    };
  }
}
