/**
 * The canvas painter: one pass over the layout's visible rectangles (flame-layout.ts), each painted
 * as flame-paint.ts decided. Text is measured once per font (labels use a monospace font, so one
 * character's width fits every label); the hatch pattern of wait-reason tips is made once per colour.
 */
import type { FlameTree } from '../../analysis/flame-types';
import type { FlameLayout } from './flame-layout';
import { LABEL_PAD, newRectPaint, paintRect, type FlamePaintState } from './flame-paint';

const charWidths = new Map<string, number>();

/** Width of one character of a monospace `font`, measured once per font and device pixel ratio. */
export function charWidthFor(ctx: CanvasRenderingContext2D, font: string, dpr: number): number {
  const key = `${font}|${dpr}`;
  let w = charWidths.get(key);
  if (w === undefined) {
    ctx.save();
    ctx.font = font;
    // an average over a typical name, in case the "monospace" fallback is not
    const sample = 'main.(*Server).handle[...]';
    w = ctx.measureText(sample).width / sample.length;
    ctx.restore();
    charWidths.set(key, w);
  }
  return w;
}

const hatches = new Map<string, CanvasPattern | null>();

/** Diagonal hatching in `color` for tips, made once per colour. */
export function hatchPattern(ctx: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | null {
  const key = `${color}|${dpr}`;
  if (hatches.has(key)) return hatches.get(key)!;
  const size = Math.max(4, Math.round(6 * dpr));
  const c = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(size, size) : Object.assign(document.createElement('canvas'), { width: size, height: size });
  const g = c.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  let p: CanvasPattern | null = null;
  if (g) {
    g.strokeStyle = color;
    g.lineWidth = Math.max(1, dpr);
    g.beginPath();
    // two segments so the pattern tiles without seams
    g.moveTo(0, size);
    g.lineTo(size, 0);
    g.moveTo(-size / 2, size / 2);
    g.lineTo(size / 2, -size / 2);
    g.moveTo(size / 2, size * 1.5);
    g.lineTo(size * 1.5, size / 2);
    g.stroke();
    p = ctx.createPattern(c as CanvasImageSource, 'repeat');
    // the pattern is in device pixels; the context draws in CSS pixels
    if (p && dpr !== 1 && typeof DOMMatrix !== 'undefined') p.setTransform(new DOMMatrix().scale(1 / dpr, 1 / dpr));
  }
  hatches.set(key, p);
  return p;
}

export interface DrawOptions {
  dpr: number;
  font: string;
  hatch: CanvasPattern | null;
}

const paint = newRectPaint();

/** Paints the layout onto a context whose transform is already scaled by the device pixel ratio. */
export function drawFlame(ctx: CanvasRenderingContext2D, tree: FlameTree, l: FlameLayout, s: FlamePaintState, opts: DrawOptions): void {
  const vp = l.viewport;
  ctx.fillStyle = s.colors.background;
  ctx.fillRect(0, 0, vp.width, vp.height);
  ctx.font = opts.font;
  ctx.textBaseline = 'middle';
  const h = vp.rowHeight - 1;
  for (let j = 0; j < l.count; j++) {
    paintRect(tree, l, j, s, paint);
    const x = l.x[j];
    const w = Math.max(0.5, l.w[j] - 0.5);
    const y = l.row[j] * vp.rowHeight - vp.scrollTop;
    ctx.globalAlpha = paint.alpha;
    ctx.fillStyle = paint.fill;
    ctx.fillRect(x, y, w, h);
    if (paint.hatch && opts.hatch && w > 2) {
      ctx.fillStyle = opts.hatch;
      ctx.fillRect(x, y, w, h);
    }
    if (paint.leakedShare > 0) {
      ctx.fillStyle = s.colors.bad;
      ctx.fillRect(x, y + h - 3, w * paint.leakedShare, 3);
    }
    if (paint.highlightShare > 0) {
      ctx.fillStyle = s.colors.accent;
      ctx.fillRect(x, y, w * paint.highlightShare, 3);
    }
    if (paint.label) {
      ctx.fillStyle = paint.textColor;
      ctx.fillText(paint.label, x + LABEL_PAD, y + h / 2 + 0.5);
    }
    if (paint.outlineWidth > 0 && w > 2) {
      ctx.globalAlpha = 1;
      ctx.strokeStyle = paint.outline;
      ctx.lineWidth = paint.outlineWidth;
      ctx.setLineDash(paint.dashed ? [3, 2] : []);
      const o = paint.outlineWidth / 2;
      ctx.strokeRect(x + o, y + o, Math.max(0, w - paint.outlineWidth), Math.max(0, h - paint.outlineWidth));
    }
  }
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
}
