/**
 * The current view of the flame graph as a standalone SVG document (pure: a string). Every text
 * that comes from the input (function names, file paths, wait reasons) is escaped: a dump never
 * becomes markup.
 */
import { nodeLabel } from '../../analysis/flame';
import type { FlameTree } from '../../analysis/flame-types';
import { RectKind, type FlameLayout } from './flame-layout';
import { LABEL_PAD, newRectPaint, paintRect, type FlamePaintState } from './flame-paint';
import { describeNode } from './flame-text';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;'));
}

export interface SvgOptions {
  /** CSS px font size and family of the labels */
  fontSize: number;
  fontFamily: string;
  /** a heading above the chart (escaped) */
  title?: string;
}

const n2 = (v: number) => Math.round(v * 100) / 100;

export function flameToSvg(tree: FlameTree, l: FlameLayout, paint: FlamePaintState, opts: SvgOptions): string {
  const vp = l.viewport;
  const head = opts.title ? opts.fontSize + 12 : 0;
  const height = Math.min(vp.height, l.rows * vp.rowHeight - vp.scrollTop) + head;
  const c = paint.colors;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(vp.width)}" height="${n2(height)}" viewBox="0 0 ${n2(vp.width)} ${n2(height)}" font-family="${escapeXml(opts.fontFamily)}" font-size="${opts.fontSize}">`,
    `<defs><pattern id="tip-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="${c.hatch}" stroke-width="2"/></pattern></defs>`,
    `<rect width="100%" height="100%" fill="${c.background}"/>`,
  );
  if (opts.title) out.push(`<text x="4" y="${opts.fontSize + 4}" fill="${c.text}">${escapeXml(opts.title)}</text>`);
  const p = newRectPaint();
  for (let j = 0; j < l.count; j++) {
    paintRect(tree, l, j, paint, p);
    const x = l.x[j];
    const w = Math.max(0.5, l.w[j] - 0.5);
    const y = head + l.row[j] * vp.rowHeight - vp.scrollTop;
    const h = vp.rowHeight - 1;
    const node = l.node[j];
    const title = l.kind[j] === RectKind.Remainder ? `${nodeLabel(tree, node)}: nodes narrower than a pixel` : describeNode(tree, node).join('\n');
    out.push(`<g opacity="${n2(p.alpha)}"><title>${escapeXml(title)}</title>`);
    out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${h}" fill="${p.fill}"/>`);
    if (p.hatch) out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${h}" fill="url(#tip-hatch)"/>`);
    if (p.leakedShare > 0) out.push(`<rect x="${n2(x)}" y="${n2(y + h - 3)}" width="${n2(w * p.leakedShare)}" height="3" fill="${c.bad}"/>`);
    if (p.highlightShare > 0) out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w * p.highlightShare)}" height="3" fill="${c.accent}"/>`);
    if (p.outlineWidth > 0)
      out.push(
        `<rect x="${n2(x + p.outlineWidth / 2)}" y="${n2(y + p.outlineWidth / 2)}" width="${n2(Math.max(0, w - p.outlineWidth))}" height="${n2(Math.max(0, h - p.outlineWidth))}" fill="none" stroke="${p.outline}" stroke-width="${p.outlineWidth}"${p.dashed ? ' stroke-dasharray="3 2"' : ''}/>`,
      );
    if (p.label) out.push(`<text x="${n2(x + LABEL_PAD)}" y="${n2(y + h / 2)}" dominant-baseline="central" fill="${p.textColor}">${escapeXml(p.label)}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
