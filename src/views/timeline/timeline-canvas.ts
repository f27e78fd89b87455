/**
 * The timeline canvas (issue #12): overview strip, time axis, GC/STW bands and the rows — group
 * rows as stacked areas, goroutine rows as state bars — drawn from the worker's window answers.
 * Only visible rows and time are asked for and drawn; a frame is one ImageData of the track plus
 * labels, coalesced per requestAnimationFrame. While a new window is computed, the last answer is
 * stretched to the view, so panning and zooming never wait for the worker.
 * Moving around: wheel zooms at the pointer, drag pans, W/S zoom, A/D pan, shift+drag selects a
 * range, double-click fits a segment, click selects a segment.
 */
import type { ResourceKind, TimelineLayout, TimelineResourceHit, TimelineSegment, TimelineWindow } from '../../worker/api';
import { NC } from '../../analysis/timeline';
import { formatDuration } from '../../analysis/units';
import { askTimelineOverview, askTimelineSegment, askTimelineWindow } from '../../store/timeline';
import { columnMap, fillRow, fillStack, palette, stackMax, tickLabel, tickStep, type Palette } from './timeline-draw';
import { ResourceBand, type BandFrame } from './resource-rows';
import { askResourceAt, type ResourceToggles } from '../../store/timeline-resources';

export const LABEL_W = 240;
const SCROLL_W = 14;
const OV_H = 40;
const AX_H = 22;
const BAND_H = 12;
export const ROWS_TOP = OV_H + AX_H + BAND_H + 2;
const HEAD_H = 26;
const ROW_H = 16;
const MIN_SPAN = 50;
const FONT_HEAD = '600 12px system-ui, sans-serif';
const FONT_TAIL = '12px system-ui, sans-serif';
const FONT_ROW = '11px ui-monospace, Menlo, Consolas, monospace';

interface Section {
  label: string;
  rows: Int32Array;
  /** layout group index; -1 the pinned leak candidates */
  group: number;
  blocked: number;
  expanded: boolean;
  /** of its goroutines (all of them, also when only the matching are listed): how many the table's filter holds */
  matched: number;
  all: number;
}

export interface HoverInfo {
  x: number;
  y: number;
  seg: TimelineSegment | null;
  /** a group row under the pointer: its label and counts by class at that time */
  group: { label: string; count: number; byClass: number[] } | null;
  /** a P, thread, task or region interval under the pointer */
  res?: TimelineResourceHit | null;
}

export interface CanvasCallbacks {
  onWindow(t0: number, t1: number): void;
  onHover(h: HoverInfo | null): void;
  onSelect(seg: TimelineSegment | null): void;
  onRange(t0: number, t1: number): void;
  /** Esc with a range selected: the whole trace again */
  onClearRange(): void;
  onHelp(): void;
  onSections(): void;
}

interface WakeMark {
  x: number;
  y: number;
  row: number;
  time: number;
  waker: number;
}

/** The canvas's CSS width in a host `cssW` wide. */
function canvasWidthFor(cssW: number): number {
  return Math.max(LABEL_W + SCROLL_W + 50, Math.floor(cssW));
}

/** The pixel columns of the time track (what a window is asked at) for a canvas `w` CSS pixels wide. */
function trackPxFor(w: number, dpr: number): number {
  return Math.max(1, Math.round((w - LABEL_W - SCROLL_W) * dpr));
}

/** The track's pixel columns the canvas will have in a host `hostW` CSS pixels wide (what the worker may make ahead). */
export function trackPxInHost(hostW: number): number {
  return trackPxFor(canvasWidthFor(hostW), window.devicePixelRatio || 1);
}

type Drag = { kind: 'pan'; x: number; t0: number; t1: number; moved: boolean } | { kind: 'box'; x0: number; x1: number } | { kind: 'overview' } | null;

export class TimelineCanvas {
  private ctx: CanvasRenderingContext2D;
  private dpr = 1;
  private w = 0;
  private h = 0;
  private image: ImageData | null = null;
  private buf: Uint32Array = new Uint32Array(0);
  private pal: Palette = palette('light');
  private layout: TimelineLayout | null = null;
  private by = 'start';
  private sort = 'atEnd';
  private sections: Section[] = [];
  private tops = new Float64Array(1);
  private vt0 = 0;
  private vt1 = 1;
  private scrollTop = 0;
  /** the last answers for goroutine rows and for group rows (asked separately) */
  private reply: TimelineWindow | null = null;
  private greply: TimelineWindow | null = null;
  private replyRows = new Map<number, number>();
  private replyRowList: number[] = [];
  private replyGroups = new Map<number, number>();
  private groupMax = new Map<number, number>();
  private gmap = new Int32Array(0);
  private overview: { bins: number; data: Float32Array } | null = null;
  /** the overview is asked once per trace, after the first windows (fetch) */
  private overviewAsked = false;
  private clipped = new Map<string, string>();
  private labels = new Map<number, string>();
  private asked = { rows: '', groups: '' };
  private inflight = { rows: false, groups: false };
  private frame = 0;
  private drag: Drag = null;
  private pointer: { x: number; y: number } | null = null;
  private hoverSeq = 0;
  private selected: TimelineSegment | null = null;
  private range: { t0: number; t1: number } | null = null;
  private wakes: WakeMark[] = [];
  private map = new Int32Array(0);
  private ovMap = new Int32Array(0);
  private ovMax = 0;
  private groupOf = new Int32Array(0);
  private highlightRow = -1;
  private pin = true;
  /** per trace row: 1 when the table's filter holds it (null: no filter), how many, and whether only those are listed */
  private match: Uint8Array | null = null;
  private matchRows: Int32Array | null = null;
  private matchTotal = 0;
  private onlyMatching = false;
  /** draw times (ms) of the last frames, read by the benchmark */
  readonly drawMs: number[] = [];
  /** the P / thread / task rows above the goroutine rows (resource-rows.ts) */
  private res = new ResourceBand(() => {
    this.placeScroller();
    this.request();
  });

  constructor(
    private canvas: HTMLCanvasElement,
    private scroller: HTMLDivElement,
    private spacer: HTMLDivElement,
    private host: HTMLElement,
    private cb: CanvasCallbacks,
  ) {
    this.ctx = canvas.getContext('2d')!;
    canvas.addEventListener('wheel', this.onWheel, { passive: false });
    canvas.addEventListener('mousedown', this.onDown);
    window.addEventListener('mousemove', this.onMove);
    window.addEventListener('mouseup', this.onUp);
    canvas.addEventListener('mouseleave', this.onLeave);
    canvas.addEventListener('dblclick', this.onDouble);
    scroller.addEventListener('scroll', this.onScroll);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.canvas.removeEventListener('wheel', this.onWheel);
    this.canvas.removeEventListener('mousedown', this.onDown);
    window.removeEventListener('mousemove', this.onMove);
    window.removeEventListener('mouseup', this.onUp);
    this.canvas.removeEventListener('mouseleave', this.onLeave);
    this.canvas.removeEventListener('dblclick', this.onDouble);
    this.scroller.removeEventListener('scroll', this.onScroll);
  }

  resize(cssW: number, cssH: number): void {
    this.dpr = window.devicePixelRatio || 1;
    this.w = canvasWidthFor(cssW);
    this.h = Math.max(ROWS_TOP + 40, Math.floor(cssH));
    this.canvas.width = Math.round(this.w * this.dpr);
    this.canvas.height = Math.round(this.h * this.dpr);
    this.canvas.style.width = `${this.w}px`;
    this.canvas.style.height = `${this.h}px`;
    const tw = this.trackPx();
    this.image = new ImageData(Math.max(1, tw), Math.max(1, this.canvas.height));
    this.buf = new Uint32Array(this.image.data.buffer);
    this.map = new Int32Array(tw);
    this.gmap = new Int32Array(tw);
    this.ovMap = new Int32Array(tw);
    this.clipped.clear();
    this.res.resize(this.h, ROWS_TOP);
    this.placeScroller();
    this.request();
  }

  /** canvas y where the goroutine rows begin: under the axis and the resource band */
  private get top(): number {
    return ROWS_TOP + this.res.height;
  }

  private placeScroller(): void {
    this.scroller.style.top = `${this.top}px`;
    this.scroller.style.height = `${this.h - this.top}px`;
  }

  /** Which resource sections (Ps, threads, tasks and regions) show above the goroutine rows. */
  setResources(shown: ResourceToggles): void {
    this.res.setShown(shown);
  }

  setTheme(theme: 'light' | 'dark'): void {
    this.pal = palette(theme);
    this.res.setTheme(theme === 'dark');
    this.request();
  }

  /** A new layout (grouping, sort, pinning): sections rebuilt, expanded groups kept by label. */
  setLayout(layout: TimelineLayout, by: string, sort: string, pin: boolean): void {
    const same = this.layout && this.layout.input === layout.input;
    const fresh = !same || this.by !== by;
    this.layout = layout;
    this.res.setInput(layout.input);
    this.by = by;
    this.sort = sort;
    this.pin = pin;
    if (this.matchRows && this.match?.length !== layout.rows.length) this.computeMatch();
    this.buildSections(fresh ? (this.onlyMatching && this.match ? 'matches' : 'fresh') : 'keep');
    const ng = layout.labels.length;
    this.groupOf = new Int32Array(layout.rows.length);
    for (let g = 0; g < ng; g++) for (let i = layout.offsets[g]; i < layout.offsets[g + 1]; i++) this.groupOf[layout.rows[i]] = g;
    if (!same) {
      this.vt0 = 0;
      this.vt1 = Math.max(layout.durationNs, MIN_SPAN);
      this.selected = null;
      this.labels.clear();
    }
    if (!same) {
      this.overview = null;
      this.overviewAsked = false;
    }
    this.reply = null;
    this.greply = null;
    this.asked = { rows: '', groups: '' };
    this.relayout();
    this.cb.onWindow(this.vt0, this.vt1);
  }

  /**
   * Sections from the layout, the pinning and the table's filter: with `onlyMatching` a section
   * lists only its matching goroutines and one without any is left out. Expanded groups are kept
   * by label ('keep'), opened as a new layout opens them ('fresh'), or, when the matching are few,
   * every section with a match is opened: alone ('matches', only the matching listed) or besides
   * the ones open ('more', a new filter).
   */
  private buildSections(expand: 'fresh' | 'keep' | 'matches' | 'more'): void {
    const layout = this.layout;
    if (!layout) return;
    const wasExpanded = new Set(this.sections.filter((s) => s.expanded).map((s) => `${s.group < 0 ? '\u0000pinned' : s.label}`));
    const match = this.match;
    const only = this.onlyMatching && match !== null;
    const few = this.matchTotal <= 2000;
    const ng = layout.labels.length;
    const sections: Section[] = [];
    const add = (label: string, all: Int32Array, group: number, blocked: number, freshOpen: boolean) => {
      let matched = 0;
      if (match) for (let i = 0; i < all.length; i++) matched += match[all[i]];
      if (only && matched === 0) return;
      const rows = only ? all.filter((r) => match![r] === 1) : all;
      const key = group < 0 ? '\u0000pinned' : label;
      const expanded = expand === 'fresh' ? freshOpen : expand === 'matches' && few ? matched > 0 : wasExpanded.has(key) || (expand === 'more' && few && matched > 0);
      sections.push({ label, rows, group, blocked, expanded, matched, all: all.length });
    };
    if (this.pin && layout.pinned.length) add('Blocked at the end (leak candidates)', layout.pinned, -1, layout.pinned.length, layout.pinned.length <= 500);
    for (let g = 0; g < ng; g++) {
      const rows = layout.rows.subarray(layout.offsets[g], layout.offsets[g + 1]);
      add(layout.labels[g], rows, g, layout.blockedAtEnd[g], ng === 1 && rows.length <= 200_000);
    }
    this.sections = sections;
  }

  /** The goroutines the table's filter holds (trace rows; null: no filter), and whether only they are listed. */
  setMatches(rows: Int32Array | null, onlyMatching: boolean): void {
    const changed = rows !== this.matchRows;
    this.matchRows = rows;
    if (changed) this.computeMatch();
    const turnedOn = onlyMatching && !this.onlyMatching;
    const relist = onlyMatching !== this.onlyMatching || (onlyMatching && changed);
    this.onlyMatching = onlyMatching;
    if (!this.layout) return;
    if (relist || changed) {
      this.buildSections(onlyMatching && this.match && (turnedOn || changed) ? 'matches' : this.match && changed ? 'more' : 'keep');
      this.reply = null;
      this.asked = { rows: '', groups: '' };
      this.relayout();
    }
  }

  private computeMatch(): void {
    const rows = this.matchRows;
    const n = this.layout?.rows.length ?? 0;
    this.matchTotal = 0;
    this.match = rows ? new Uint8Array(n) : null;
    if (!rows || !this.match) return;
    for (const r of rows)
      if (r >= 0 && r < n && !this.match[r]) {
        this.match[r] = 1;
        this.matchTotal++;
      }
  }

  setRange(r: { t0: number; t1: number } | null): void {
    this.range = r;
    this.request();
  }

  /** section states for the toolbar: how many goroutine rows are listed (expanded) and groups, how many goroutines match (-1: no filter) */
  summary(): { groups: number; expanded: number; goroutineRows: number; matching: number } {
    let goroutineRows = 0;
    let expanded = 0;
    for (const s of this.sections)
      if (s.expanded && s.group >= 0) {
        expanded++;
        goroutineRows += s.rows.length;
      }
    return { groups: this.sections.filter((s) => s.group >= 0).length, expanded, goroutineRows, matching: this.match ? this.matchTotal : -1 };
  }

  expandAll(on: boolean): void {
    for (const s of this.sections) if (s.group >= 0) s.expanded = on;
    this.relayout();
  }

  private relayout(): void {
    const tops = new Float64Array(this.sections.length + 1);
    for (let i = 0; i < this.sections.length; i++) tops[i + 1] = tops[i] + HEAD_H + (this.sections[i].expanded ? this.sections[i].rows.length * ROW_H : 0);
    this.tops = tops;
    this.spacer.style.height = `${tops[this.sections.length] + ROW_H}px`;
    this.cb.onSections();
    this.request();
  }

  private trackPx(): number {
    return trackPxFor(this.w, this.dpr);
  }

  private trackW(): number {
    return this.w - LABEL_W - SCROLL_W;
  }

  private timeAt(x: number): number {
    return this.vt0 + ((x - LABEL_W) / this.trackW()) * (this.vt1 - this.vt0);
  }

  private xOf(t: number): number {
    return LABEL_W + ((t - this.vt0) / (this.vt1 - this.vt0)) * this.trackW();
  }

  setWindow(t0: number, t1: number): void {
    const dur = Math.max(this.layout?.durationNs ?? 1, MIN_SPAN);
    let span = Math.min(dur, Math.max(MIN_SPAN, t1 - t0));
    if (!(span > 0)) span = dur;
    let a = t0;
    if (a < 0) a = 0;
    if (a + span > dur) a = dur - span;
    this.vt0 = a;
    this.vt1 = a + span;
    this.cb.onWindow(this.vt0, this.vt1);
    this.request();
  }

  get window(): { t0: number; t1: number } {
    return { t0: this.vt0, t1: this.vt1 };
  }

  zoom(factor: number, at = (this.vt0 + this.vt1) / 2): void {
    const f = Math.max(0.01, factor);
    this.setWindow(at - (at - this.vt0) * f, at + (this.vt1 - at) * f);
  }

  pan(fraction: number): void {
    const d = (this.vt1 - this.vt0) * fraction;
    this.setWindow(this.vt0 + d, this.vt1 + d);
  }

  scrollBy(dy: number): void {
    this.scroller.scrollTop += dy;
  }

  key(e: KeyboardEvent): boolean {
    const k = e.key.toLowerCase();
    const at = this.pointer && this.pointer.x > LABEL_W ? this.timeAt(this.pointer.x) : undefined;
    if (k === 'w') this.zoom(0.8, at);
    else if (k === 's') this.zoom(1.25, at);
    else if (k === 'a') this.pan(-0.2);
    else if (k === 'd') this.pan(0.2);
    else if (k === '0' || e.key === 'Home') this.setWindow(0, this.layout?.durationNs ?? 1);
    else if (e.key === '?') this.cb.onHelp();
    else if (e.key === 'ArrowDown') this.scrollBy(ROW_H * 3);
    else if (e.key === 'ArrowUp') this.scrollBy(-ROW_H * 3);
    else if (e.key === 'PageDown') this.scrollBy(this.h - this.top - 40);
    else if (e.key === 'PageUp') this.scrollBy(-(this.h - this.top - 40));
    else if (e.key === 'Escape') {
      this.select(null);
      if (this.range) this.cb.onClearRange();
    }
    else return false;
    return true;
  }

  // ---- rows ---------------------------------------------------------------------------------

  /** The section and row index (-1: its header) at content y (0 = first section's top). */
  private itemAt(cy: number): { s: number; i: number } | null {
    const tops = this.tops;
    let lo = 0;
    let hi = this.sections.length - 1;
    if (hi < 0 || cy < 0 || cy >= tops[this.sections.length]) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (tops[mid] <= cy) lo = mid;
      else hi = mid - 1;
    }
    const off = cy - tops[lo];
    if (off < HEAD_H) return { s: lo, i: -1 };
    const i = Math.floor((off - HEAD_H) / ROW_H);
    return i < this.sections[lo].rows.length ? { s: lo, i } : null;
  }

  /** Content y of a trace row's line in the listing (the first place it is listed), -1 when hidden. */
  private rowY(row: number): number {
    for (let s = 0; s < this.sections.length; s++) {
      const sec = this.sections[s];
      if (!sec.expanded) continue;
      if (sec.group >= 0 && this.groupOf[row] !== sec.group) continue;
      const i = sec.rows.indexOf(row);
      if (i >= 0) return this.tops[s] + HEAD_H + i * ROW_H;
    }
    return -1;
  }

  /** Expands the group of `row`, scrolls its row into the middle of the view and marks it. */
  reveal(row: number): void {
    if (!this.layout || row < 0 || row >= this.groupOf.length) return;
    const g = this.groupOf[row];
    const s = this.sections.findIndex((x) => x.group === g);
    if (s >= 0 && !this.sections[s].expanded) {
      this.sections[s].expanded = true;
      this.relayout();
    }
    const y = this.rowY(row);
    if (y >= 0) this.scroller.scrollTop = Math.max(0, y - (this.h - this.top) / 2);
    this.scrollTop = this.scroller.scrollTop;
    this.highlightRow = row;
    this.request();
  }

  /** Selects (and tells) a segment; the view draws its waker's arrow. */
  select(seg: TimelineSegment | null): void {
    this.selected = seg;
    if (seg) this.highlightRow = seg.row;
    this.cb.onSelect(seg);
    this.request();
  }

  /** Goes to the goroutine that woke the selected segment: its row, its segment at that time. */
  async followWaker(): Promise<void> {
    const seg = this.selected;
    if (!seg || seg.unblockedBy < 0 || !this.layout) return;
    this.reveal(seg.unblockedBy);
    const span = this.vt1 - this.vt0;
    if (seg.startNs < this.vt0 || seg.startNs > this.vt1) this.setWindow(seg.startNs - span / 2, seg.startNs + span / 2);
    const w = await askTimelineSegment('click', this.layout.input, seg.unblockedBy, Math.max(0, seg.startNs - 1e-3), (this.vt1 - this.vt0) / this.trackW() * 3);
    if (w) this.select(w);
    else this.highlightRow = seg.unblockedBy;
  }

  // ---- drawing ------------------------------------------------------------------------------

  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
      this.fetch();
    });
  }

  private visibleRange(): [number, number] {
    return [this.scrollTop, this.scrollTop + this.h - this.top];
  }

  private fetch(): void {
    const l = this.layout;
    if (!l) return;
    this.res.fetch(this.vt0, this.vt1, this.trackPx());
    const view = this.h - this.top;
    // rows a little beyond the view, in steps, so small scrolls need no new answer
    const step = Math.max(ROW_H * 8, Math.floor(view / 2));
    const y0 = Math.max(0, Math.floor(this.scrollTop / step) * step - step);
    const y1 = y0 + view + 3 * step;
    const width = this.trackPx();
    const base = `${l.input}|${this.by}|${this.sort}|${this.vt0}|${this.vt1}|${width}|${y0}|${this.sections.map((s) => (s.expanded ? 1 : 0)).join('')}`;
    const rows: number[] = [];
    const groups: number[] = [];
    for (let s = 0; s < this.sections.length; s++) {
      const top = this.tops[s];
      const bottom = this.tops[s + 1];
      if (bottom < y0 || top > y1) continue;
      const sec = this.sections[s];
      if (sec.group >= 0) groups.push(sec.group);
      if (!sec.expanded) continue;
      const a = Math.max(0, Math.floor((y0 - top - HEAD_H) / ROW_H));
      const b = Math.min(sec.rows.length, Math.ceil((y1 - top - HEAD_H) / ROW_H));
      for (let i = a; i < b; i++) rows.push(sec.rows[i]);
    }
    const t0 = this.vt0;
    const t1 = this.vt1;
    const send = (kind: 'rows' | 'groups', list: number[]) => {
      if (this.inflight[kind] || this.asked[kind] === base) return;
      this.asked[kind] = base;
      this.inflight[kind] = true;
      const req = { input: l.input, by: this.by as never, sort: this.sort as never, t0, t1, width, rows: kind === 'rows' ? Int32Array.from(list) : new Int32Array(0), groups: kind === 'groups' ? Int32Array.from(list) : new Int32Array(0) };
      askTimelineWindow(kind, req)
        .then((w) => {
          if (!w || this.layout !== l) return;
          if (kind === 'rows') {
            this.reply = w;
            this.replyRowList = list;
            this.replyRows = new Map(list.map((r, k) => [r, k]));
            if (this.labels.size > 20000) this.labels.clear();
            for (let k = 0; k < list.length; k++) this.labels.set(list[k], `G${w.rowGoid[k]}  ${w.rowStartFunc[k]}`);
          } else {
            this.greply = w;
            this.replyGroups = new Map(list.map((g, k) => [g, k]));
            this.groupMax.clear();
            for (let k = 0; k < list.length; k++) this.groupMax.set(list[k], stackMax(w.groupCols, k * w.width * NC, w.width));
          }
        })
        .catch(() => {
          this.asked[kind] = '';
        })
        .finally(() => {
          this.inflight[kind] = false;
          this.request();
        });
    };
    send('rows', rows);
    send('groups', groups);
    // after the windows: the worker makes it in the same walk as the whole trace's group areas
    if (!this.overviewAsked) {
      this.overviewAsked = true;
      void askTimelineOverview(l.input, this.by as never, this.sort as never, width).then((o) => {
        if (!o || this.layout?.input !== l.input) {
          if (this.layout?.input === l.input) this.overviewAsked = false;
          return;
        }
        this.overview = { bins: o.bins, data: o.overview };
        this.ovMax = stackMax(o.overview, 0, o.bins);
        this.request();
      });
    }
  }

  private draw(): void {
    const t0 = performance.now();
    const ctx = this.ctx;
    const pal = this.pal;
    const dpr = this.dpr;
    const W = this.w;
    const H = this.h;
    const l = this.layout;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = pal.panel;
    ctx.fillRect(0, 0, W, H);
    if (!l || !this.image) return;
    const tw = this.trackPx();
    const bw = this.image.width;
    const buf = this.buf;
    buf.fill(pal.bg);
    // overview: the whole trace
    const ov = this.overview;
    if (ov) {
      columnMap(tw, 0, Math.max(l.durationNs, 1), 0, Math.max(l.durationNs, 1), ov.bins, this.ovMap);
      fillStack(buf, bw, 0, tw, 0, Math.round((OV_H - 2) * dpr), ov.data, 0, this.ovMap, this.ovMax, pal, pal.header);
    } else for (let y = 0; y < Math.round((OV_H - 2) * dpr); y++) buf.fill(pal.header, y * bw, y * bw + tw);
    // rows
    const r = this.reply;
    const map = r ? columnMap(tw, this.vt0, this.vt1, r.t0, r.t1, r.width, this.map) : null;
    const gr = this.greply;
    const gmap = gr ? columnMap(tw, this.vt0, this.vt1, gr.t0, gr.t1, gr.width, this.gmap) : null;
    const [v0, v1] = this.visibleRange();
    const rowsTop = this.top;
    const wakes: WakeMark[] = [];
    const labelsToDraw: { y: number; text: string; head: boolean; sec: Section; row: number }[] = [];
    const first = this.itemAt(v0);
    let s = first ? first.s : this.sections.length;
    for (; s < this.sections.length && this.tops[s] < v1; s++) {
      const sec = this.sections[s];
      const top = this.tops[s];
      // header
      const hy = rowsTop + top - this.scrollTop;
      if (top + HEAD_H > v0) {
        const ya = Math.max(rowsTop, hy);
        const yb = hy + HEAD_H - 2;
        const k = this.replyGroups.get(sec.group);
        if (gr && gmap && k !== undefined && sec.group >= 0) fillStack(buf, bw, 0, tw, Math.round(ya * dpr), Math.round(yb * dpr), gr.groupCols, k * gr.width * NC, gmap, this.groupMax.get(sec.group) ?? 0, pal, pal.header);
        else for (let y = Math.round(ya * dpr); y < Math.round(yb * dpr); y++) buf.fill(pal.header, y * bw, y * bw + tw);
        labelsToDraw.push({ y: hy, text: sec.label, head: true, sec, row: -1 });
      }
      if (!sec.expanded) continue;
      const a = Math.max(0, Math.floor((v0 - top - HEAD_H) / ROW_H));
      const b = Math.min(sec.rows.length, Math.ceil((v1 - top - HEAD_H) / ROW_H));
      for (let i = a; i < b; i++) {
        const row = sec.rows[i];
        const y = rowsTop + top + HEAD_H + i * ROW_H - this.scrollTop;
        const ya = Math.max(rowsTop, y + 1);
        const yb = y + ROW_H - 1;
        const k = this.replyRows.get(row);
        const bg = i % 2 ? pal.rowAlt : pal.bg;
        // with a filter active, the goroutines it does not hold fade into the background
        const colors = this.match && !this.match[row] ? pal.dimmed : pal.packed;
        if (r && map && k !== undefined) fillRow(buf, bw, 0, tw, Math.round(ya * dpr), Math.round(yb * dpr), r.rowCols, k * r.width, map, colors, bg);
        else for (let yy = Math.round(ya * dpr); yy < Math.round(yb * dpr); yy++) buf.fill(bg, yy * bw, yy * bw + tw);
        labelsToDraw.push({ y, text: this.labels.get(row) ?? `row ${row}`, head: false, sec, row });
      }
    }
    if (r) {
      // wake-up marks of the rows drawn
      const yOf = new Map<number, number>();
      for (const it of labelsToDraw) if (!it.head && !yOf.has(it.row)) yOf.set(it.row, it.y);
      const rowsOfReply = this.replyRowList;
      for (let j = 0; j < r.wakeRow.length; j++) {
        const row = rowsOfReply[r.wakeRow[j]];
        const y = yOf.get(row);
        if (y === undefined) continue;
        const x = this.xOf(r.wakeTime[j]);
        if (x < LABEL_W || x > W - SCROLL_W) continue;
        wakes.push({ x, y, row, time: r.wakeTime[j], waker: r.waker[j] });
      }
    }
    this.wakes = wakes;
    this.res.drawPixels(buf, bw, this.bandFrame());
    ctx.putImageData(this.image, LABEL_W * dpr, 0, 0, 0, tw, Math.round(H * dpr));
    // vector layer
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const trackR = W - SCROLL_W;
    // overview window and shared range
    const ovX = (t: number) => LABEL_W + (t / Math.max(l.durationNs, 1)) * this.trackW();
    if (this.range) {
      ctx.fillStyle = pal.sel;
      ctx.fillRect(ovX(this.range.t0), 0, Math.max(1, ovX(this.range.t1) - ovX(this.range.t0)), OV_H - 2);
    }
    ctx.strokeStyle = pal.accent;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(ovX(this.vt0), 0.75, Math.max(2, ovX(this.vt1) - ovX(this.vt0)), OV_H - 3);
    // axis
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const span = this.vt1 - this.vt0;
    const step = tickStep(span, Math.max(2, Math.floor(this.trackW() / 110)));
    ctx.fillStyle = pal.muted;
    ctx.strokeStyle = pal.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let t = Math.ceil(this.vt0 / step) * step; t <= this.vt1; t += step) {
      const x = Math.round(this.xOf(t)) + 0.5;
      ctx.moveTo(x, OV_H);
      ctx.lineTo(x, H);
      ctx.fillText(tickLabel(t, step), x + 3, OV_H + AX_H / 2);
    }
    ctx.stroke();
    // GC and STW bands
    const band = (pairs: Float64Array, color: string, y: number, h: number) => {
      ctx.fillStyle = color;
      for (let i = 0; i < pairs.length; i += 2) {
        if (pairs[i + 1] < this.vt0 || pairs[i] > this.vt1) continue;
        const xa = Math.max(LABEL_W, this.xOf(pairs[i]));
        const xb = Math.min(trackR, this.xOf(pairs[i + 1]));
        ctx.fillRect(xa, y, Math.max(1, xb - xa), h);
      }
    };
    band(l.gc, pal.gc, OV_H + AX_H, BAND_H / 2 - 1);
    band(l.stw, pal.stw, OV_H + AX_H + BAND_H / 2, BAND_H / 2 - 1);
    // shared range on the rows
    if (this.range) {
      ctx.fillStyle = pal.sel;
      const xa = Math.max(LABEL_W, this.xOf(this.range.t0));
      const xb = Math.min(trackR, this.xOf(this.range.t1));
      if (xb > xa) ctx.fillRect(xa, ROWS_TOP, xb - xa, H - ROWS_TOP);
    }
    // label column
    ctx.fillStyle = pal.panel;
    ctx.fillRect(0, 0, LABEL_W, H);
    ctx.fillStyle = pal.muted;
    ctx.fillText('all goroutines by state', 8, OV_H / 2);
    ctx.fillText('time', 8, OV_H + AX_H / 2);
    ctx.fillText('GC · stop-the-world', 8, OV_H + AX_H + BAND_H / 2);
    this.res.drawLabels(ctx, this.bandFrame(), W - SCROLL_W, (font, text, max) => this.clip(font, text, max));
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, this.top, W, H - this.top);
    ctx.clip();
    // three passes, one font each (setting a canvas font is parsed every time)
    const heads = labelsToDraw.filter((it) => it.head);
    // with a filter: matching/all (short, the group's name keeps the room)
    const tails = heads.map((it) => ` ${this.match ? `${it.sec.matched.toLocaleString('en-US')}/${it.sec.all.toLocaleString('en-US')}` : it.sec.rows.length.toLocaleString('en-US')}${it.sec.blocked && it.sec.group >= 0 ? ` · ${it.sec.blocked} blocked` : ''}`);
    ctx.font = FONT_TAIL;
    const tailW = tails.map((t) => this.width(FONT_TAIL, t));
    for (let j = 0; j < heads.length; j++) {
      const it = heads[j];
      ctx.fillStyle = pal.css[0];
      ctx.fillRect(0, it.y, LABEL_W, HEAD_H - 2);
      // the share of the group the table's filter holds, as a bar along the header's foot
      if (this.match && it.sec.matched > 0) {
        ctx.fillStyle = pal.match;
        ctx.fillRect(6, it.y + HEAD_H - 5, Math.max(2, ((LABEL_W - 12) * it.sec.matched) / Math.max(1, it.sec.all)), 2);
      }
      ctx.fillStyle = it.sec.blocked ? pal.bad : pal.muted;
      ctx.fillText(tails[j], LABEL_W - 6 - tailW[j], it.y + HEAD_H / 2 - 1);
    }
    ctx.font = FONT_HEAD;
    ctx.fillStyle = pal.text;
    for (let j = 0; j < heads.length; j++) {
      const it = heads[j];
      ctx.fillText(`${it.sec.expanded ? '▾' : '▸'} ${this.clip(FONT_HEAD, it.text, LABEL_W - 24 - tailW[j])}`, 6, it.y + HEAD_H / 2 - 1);
    }
    ctx.font = FONT_ROW;
    for (const it of labelsToDraw) {
      if (it.head) continue;
      if (it.row === this.highlightRow) {
        ctx.fillStyle = pal.sel;
        ctx.fillRect(0, it.y, W - SCROLL_W, ROW_H);
      }
      if (this.match && this.match[it.row]) {
        ctx.fillStyle = pal.match;
        ctx.fillRect(6, it.y + 4, 6, ROW_H - 8);
      }
      ctx.fillStyle = it.row === this.highlightRow ? pal.accent : this.match && !this.match[it.row] ? pal.muted : pal.text;
      ctx.fillText(this.clip(FONT_ROW, it.text, LABEL_W - 20), 18, it.y + ROW_H / 2);
    }
    // wake marks (faint on the goroutines a filter does not hold)
    for (const m of wakes) {
      ctx.fillStyle = this.match && !this.match[m.row] ? pal.muted : pal.text;
      ctx.beginPath();
      ctx.moveTo(m.x - 3, m.y + 1);
      ctx.lineTo(m.x + 3, m.y + 1);
      ctx.lineTo(m.x, m.y + 5);
      ctx.closePath();
      ctx.fill();
    }
    // the selected segment and the arrow from its waker
    const sel = this.selected;
    if (sel) {
      const ys = labelsToDraw.find((it) => !it.head && it.row === sel.row)?.y;
      const xa = Math.max(LABEL_W, this.xOf(sel.startNs));
      const xb = Math.min(trackR, this.xOf(sel.endNs));
      if (ys !== undefined && xb >= LABEL_W && xa <= trackR) {
        ctx.strokeStyle = pal.accent;
        ctx.lineWidth = 2;
        ctx.strokeRect(xa, ys + 0.5, Math.max(2, xb - xa), ROW_H - 1);
      }
      if (sel.unblockedBy >= 0) {
        const x = this.xOf(sel.startNs);
        const yw = this.visibleRowY(sel.unblockedBy);
        const yTo = ys !== undefined ? ys + ROW_H / 2 : null;
        if (yTo !== null && x >= LABEL_W && x <= trackR) {
          const yFrom = yw !== null ? yw + ROW_H / 2 : yTo > this.top + 40 ? this.top : H;
          arrow(ctx, x, yFrom, x, yTo, pal.accent);
          ctx.fillStyle = pal.accent;
          ctx.font = '600 11px system-ui, sans-serif';
          ctx.fillText(`woken by G${sel.unblockedByGoid}`, x + 6, (yFrom + yTo) / 2);
        }
      }
    }
    // box selection being dragged
    if (this.drag?.kind === 'box') {
      const xa = Math.min(this.drag.x0, this.drag.x1);
      const xb = Math.max(this.drag.x0, this.drag.x1);
      ctx.fillStyle = pal.accentSoft;
      ctx.fillRect(xa, OV_H, xb - xa, H - OV_H);
      ctx.strokeStyle = pal.accent;
      ctx.lineWidth = 1;
      ctx.strokeRect(xa + 0.5, OV_H + 0.5, xb - xa, H - OV_H - 1);
      ctx.fillStyle = pal.text;
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.fillText(formatDuration(Math.abs(this.timeAt(xb) - this.timeAt(xa))), xa + 4, ROWS_TOP + 10);
    }
    ctx.restore();
    // pointer line
    if (this.pointer && this.pointer.x > LABEL_W && this.pointer.x < trackR && !this.drag) {
      ctx.strokeStyle = pal.muted;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(Math.round(this.pointer.x) + 0.5, OV_H);
      ctx.lineTo(Math.round(this.pointer.x) + 0.5, H);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = pal.grid;
    ctx.beginPath();
    ctx.moveTo(LABEL_W + 0.5, 0);
    ctx.lineTo(LABEL_W + 0.5, H);
    ctx.moveTo(0, ROWS_TOP - 1.5);
    ctx.lineTo(W, ROWS_TOP - 1.5);
    ctx.stroke();
    const ms = performance.now() - t0;
    this.drawMs.push(ms);
    if (this.drawMs.length > 2000) this.drawMs.splice(0, 1000);
    this.expose(labelsToDraw, r !== null || gr !== null, r !== null && gr !== null && ov !== null);
  }

  private widths = new Map<string, number>();

  /** Width of a text in `font` (the current font), remembered. */
  private width(font: string, text: string): number {
    const key = `${font}|${text}`;
    let v = this.widths.get(key);
    if (v === undefined) {
      if (this.widths.size > 20000) this.widths.clear();
      this.widths.set(key, (v = this.ctx.measureText(text).width));
    }
    return v;
  }

  /** A label cut to `max` px in the current font, remembered (labels repeat frame after frame). */
  private clip(font: string, text: string, max: number): string {
    const key = `${font}|${max}|${text}`;
    let c = this.clipped.get(key);
    if (c === undefined) {
      if (this.clipped.size > 50000) this.clipped.clear();
      this.clipped.set(key, (c = clip(this.ctx, text, max)));
    }
    return c;
  }

  /** Canvas y of a trace row's line when it is drawn now, else null. */
  private visibleRowY(row: number): number | null {
    const y = this.rowY(row);
    if (y < 0) return null;
    const cy = this.top + y - this.scrollTop;
    return cy >= this.top - ROW_H && cy <= this.h ? cy : null;
  }

  /** What tests and benchmarks read instead of pixels: the window, rows, wake marks, selection. */
  private expose(items: { y: number; head: boolean; row: number }[], hasData: boolean, complete: boolean): void {
    const h = this.exposed;
    h.dataset.t0 = String(this.vt0);
    h.dataset.t1 = String(this.vt1);
    h.dataset.drawn = hasData ? '1' : '0';
    // every part drawn from its answer: goroutine rows, group rows' stacked areas and the overview
    h.dataset.complete = complete ? '1' : '0';
    h.dataset.frames = String(this.drawMs.length);
    const vis = items.filter((it) => !it.head && it.y >= this.top && it.y + ROW_H <= this.h);
    h.dataset.visibleRows = vis.map((it) => it.row).join(',');
    h.dataset.wakes = JSON.stringify(this.wakes.filter((m) => m.y >= this.top && m.y + ROW_H <= this.h).slice(0, 40).map((m) => ({ x: Math.round(m.x * 10) / 10, y: m.y + ROW_H / 2, row: m.row, time: m.time, waker: m.waker })));
    h.dataset.highlight = String(this.highlightRow);
    h.dataset.matching = this.match ? String(this.matchTotal) : '';
    h.dataset.matchingVisible = this.match ? vis.filter((it) => this.match![it.row]).map((it) => it.row).join(',') : '';
    h.dataset.highlightVisible = vis.some((it) => it.row === this.highlightRow) ? '1' : '0';
    Object.assign(h.dataset, this.res.expose());
    // only what changed reaches the DOM
    for (const [k, v] of Object.entries(h.dataset)) if (this.host.dataset[k] !== v) this.host.dataset[k] = v;
  }

  private exposed = { dataset: {} as Record<string, string> };

  // ---- events -------------------------------------------------------------------------------

  private local(e: MouseEvent): { x: number; y: number } {
    const b = this.canvas.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  }

  private onScroll = () => {
    this.scrollTop = this.scroller.scrollTop;
    this.request();
  };

  private onWheel = (e: WheelEvent) => {
    const p = this.local(e);
    e.preventDefault();
    // over the labels, or with Alt: the rows scroll (the resource band's own over it); elsewhere the wheel zooms at the pointer
    if ((p.x < LABEL_W || e.altKey) && this.res.contains(p.y, ROWS_TOP) && this.res.scrollBy(e.deltaY)) return;
    if (p.x < LABEL_W || e.altKey) {
      this.scrollBy(e.deltaY);
      return;
    }
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY) || e.shiftKey) {
      this.pan(((e.shiftKey ? e.deltaY : e.deltaX) / this.trackW()) * 1);
      return;
    }
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    this.zoom(Math.exp(e.deltaY * unit * 0.002), this.timeAt(Math.max(LABEL_W, p.x)));
  };

  private onDown = (e: MouseEvent) => {
    if (e.button !== 0) return;
    const p = this.local(e);
    this.canvas.focus();
    if (p.y < OV_H && p.x > LABEL_W) {
      this.drag = { kind: 'overview' };
      this.centerOverview(p.x);
      return;
    }
    if (p.x < LABEL_W) {
      if (p.y >= this.top) this.clickLabel(p.y);
      return;
    }
    if (e.shiftKey) this.drag = { kind: 'box', x0: p.x, x1: p.x };
    else this.drag = { kind: 'pan', x: p.x, t0: this.vt0, t1: this.vt1, moved: false };
    e.preventDefault();
  };

  private centerOverview(x: number): void {
    const l = this.layout;
    if (!l) return;
    const t = ((x - LABEL_W) / this.trackW()) * l.durationNs;
    const span = this.vt1 - this.vt0;
    this.setWindow(t - span / 2, t + span / 2);
  }

  private onMove = (e: MouseEvent) => {
    const p = this.local(e);
    const d = this.drag;
    if (d?.kind === 'overview') {
      this.centerOverview(p.x);
      return;
    }
    if (d?.kind === 'box') {
      d.x1 = Math.max(LABEL_W, Math.min(this.w - SCROLL_W, p.x));
      this.request();
      return;
    }
    if (d?.kind === 'pan') {
      if (Math.abs(p.x - d.x) > 3) d.moved = true;
      if (d.moved) {
        const dt = ((p.x - d.x) / this.trackW()) * (d.t1 - d.t0);
        this.setWindow(d.t0 - dt, d.t1 - dt);
      }
      return;
    }
    if (e.target !== this.canvas) return;
    this.pointer = p;
    this.request();
    this.hover(p);
  };

  private onUp = (e: MouseEvent) => {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    const p = this.local(e);
    if (d.kind === 'box') {
      const a = this.timeAt(Math.min(d.x0, d.x1));
      const b = this.timeAt(Math.max(d.x0, d.x1));
      if (Math.abs(d.x1 - d.x0) > 2) this.cb.onRange(Math.max(0, a), Math.min(this.layout?.durationNs ?? b, b));
      this.request();
    } else if (d.kind === 'pan' && !d.moved) void this.clickAt(p);
  };

  private onLeave = () => {
    this.pointer = null;
    this.cb.onHover(null);
    this.request();
  };

  private onDouble = (e: MouseEvent) => {
    const p = this.local(e);
    const it = p.y >= this.top ? this.itemAt(p.y - this.top + this.scrollTop) : null;
    if (!it || it.i < 0 || !this.layout || p.x < LABEL_W) return;
    const row = this.sections[it.s].rows[it.i];
    void askTimelineSegment('click', this.layout.input, row, this.timeAt(p.x), this.slack()).then((seg) => {
      if (!seg) return;
      const pad = Math.max((seg.endNs - seg.startNs) * 0.1, MIN_SPAN / 2);
      this.setWindow(seg.startNs - pad, seg.endNs + pad);
    });
  };

  private slack(): number {
    return ((this.vt1 - this.vt0) / this.trackW()) * 2;
  }

  private clickLabel(y: number): void {
    const it = this.itemAt(y - this.top + this.scrollTop);
    if (!it) return;
    if (it.i < 0) {
      this.sections[it.s].expanded = !this.sections[it.s].expanded;
      this.relayout();
    } else {
      const row = this.sections[it.s].rows[it.i];
      this.highlightRow = row;
      this.selected = null;
      this.cb.onSelect({ row, goid: -1, segment: -1, state: '', reason: '', cls: 0, startNs: 0, endNs: 0, stackWhat: '', frames: [], unblockedBy: -1, unblockedByGoid: -1 });
      this.request();
    }
  }

  private async clickAt(p: { x: number; y: number }): Promise<void> {
    if (p.y < ROWS_TOP || !this.layout) return;
    if (this.res.contains(p.y, ROWS_TOP)) return this.clickResource(p);
    if (p.y < this.top) return;
    const it = this.itemAt(p.y - this.top + this.scrollTop);
    if (!it) return;
    if (it.i < 0) {
      this.sections[it.s].expanded = !this.sections[it.s].expanded;
      this.relayout();
      return;
    }
    const row = this.sections[it.s].rows[it.i];
    // a wake mark under the pointer selects the woken segment
    const mark = this.wakes.find((m) => m.row === row && Math.abs(m.x - p.x) <= 4);
    const time = mark ? mark.time + 1e-3 : this.timeAt(p.x);
    const seg = await askTimelineSegment('click', this.layout.input, row, time, mark ? 0 : this.slack());
    if (seg) this.select(seg);
  }

  private bandFrame(): BandFrame {
    return { t0: this.vt0, t1: this.vt1, tw: this.trackPx(), dpr: this.dpr, y0: ROWS_TOP, labelW: LABEL_W, pal: this.pal };
  }

  /** The resource interval under a point in the band: its kind and row, asked of the worker. */
  private resourceHit(kind: 'hover' | 'click', p: { x: number; y: number }): Promise<{ kind: ResourceKind; hit: TimelineResourceHit | null } | null> {
    const it = this.res.itemAt(p.y, ROWS_TOP);
    if (!it || it.row < 0 || !this.layout || p.x < LABEL_W) return Promise.resolve(null);
    return askResourceAt(kind, this.layout.input, it.kind, it.row, this.timeAt(p.x), this.slack() / 2).then((hit) => ({ kind: it.kind, hit }));
  }

  private hoverResource(p: { x: number; y: number }): void {
    const mine = ++this.hoverSeq;
    void this.resourceHit('hover', p).then((h) => {
      if (mine !== this.hoverSeq || !this.pointer) return;
      this.cb.onHover(h?.hit ? { x: p.x, y: p.y, seg: null, group: null, res: h.hit } : null);
    });
  }

  /** A click on a P (thread, region) interval selects the goroutine that ran there, at that time. */
  private async clickResource(p: { x: number; y: number }): Promise<void> {
    const h = await this.resourceHit('click', p);
    const l = this.layout;
    if (!h?.hit || h.hit.goroutine < 0 || !l) return;
    const row = h.hit.goroutine;
    this.reveal(row);
    const time = Math.min(Math.max(this.timeAt(p.x), h.hit.startNs), Math.max(h.hit.startNs, h.hit.endNs - 1e-3));
    const seg = await askTimelineSegment('click', l.input, row, time, 0);
    if (seg) this.select(seg);
    else this.cb.onSelect({ row, goid: h.hit.goid, segment: -1, state: '', reason: '', cls: 0, startNs: 0, endNs: 0, stackWhat: '', frames: [], unblockedBy: -1, unblockedByGoid: -1 });
  }

  private hover(p: { x: number; y: number }): void {
    const l = this.layout;
    if (!l || p.x < LABEL_W || p.y < ROWS_TOP) {
      this.cb.onHover(null);
      return;
    }
    if (this.res.contains(p.y, ROWS_TOP)) return this.hoverResource(p);
    const it = p.y >= this.top ? this.itemAt(p.y - this.top + this.scrollTop) : null;
    if (!it) {
      this.cb.onHover(null);
      return;
    }
    const sec = this.sections[it.s];
    if (it.i < 0) {
      const r = this.greply;
      const k = this.replyGroups.get(sec.group);
      let byClass: number[] = [];
      if (r && k !== undefined) {
        const c = Math.floor(((this.timeAt(p.x) - r.t0) / (r.t1 - r.t0)) * r.width);
        if (c >= 0 && c < r.width) byClass = Array.from(r.groupCols.subarray((k * r.width + c) * NC, (k * r.width + c + 1) * NC));
      }
      this.cb.onHover({ x: p.x, y: p.y, seg: null, group: { label: sec.label, count: sec.all, byClass } });
      return;
    }
    const row = sec.rows[it.i];
    const mine = ++this.hoverSeq;
    void askTimelineSegment('hover', l.input, row, this.timeAt(p.x), this.slack()).then((seg) => {
      if (mine !== this.hoverSeq || !this.pointer) return;
      this.cb.onHover(seg ? { x: p.x, y: p.y, seg, group: null } : null);
    });
  }
}

function clip(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  const dir = y1 >= y0 ? 1 : -1;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 4, y1 - 7 * dir);
  ctx.lineTo(x1 + 4, y1 - 7 * dir);
  ctx.closePath();
  ctx.fill();
}
