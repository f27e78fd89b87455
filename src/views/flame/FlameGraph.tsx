/**
 * The flame graph of park sites: a canvas that draws a FlameTree (src/analysis/flame.ts), fully
 * controlled by its props — the store that will own its state (zoom, search, colouring) is not
 * wired yet, so every piece of state it does not keep by itself comes in as a prop and goes out as
 * a callback. The drawing math is in flame-layout.ts (pure, tested in Node), the look of each
 * rectangle in flame-paint.ts, the pixels in flame-draw.ts; this file only ties them to React, the
 * mouse and the keyboard.
 *
 * Inside the component: hover tooltip, click to zoom (breadcrumb; Esc/Backspace back), arrows to
 * move between frames, Enter to zoom, `?` for the keys, export of the current view as SVG or PNG,
 * and "copy folded stacks". Redraws are coalesced per animation frame.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { highlightWeights, nodeLabel, pathTo, rowsUnder, toFolded } from '../../analysis/flame';
import type { FlameTree } from '../../analysis/flame-types';
import { hitTest, layoutVisible, neighbor, newLayout, RectKind, searchRegExp, searchTree, subtreeMaxDepth, type Direction } from './flame-layout';
import { legendEntries, nodeFills, THEME_COLORS, type FlameColorBy, type FlameTheme } from './flame-colors';
import { charWidthFor, drawFlame, hatchPattern } from './flame-draw';
import type { FlamePaintState } from './flame-paint';
import { flameToSvg } from './flame-svg';
import { FLAME_KEYS, formatShare, formatWeight, nodeDetails } from './flame-text';
import { shortFunc } from '../names';
import './flame.css';

export interface FlameSearchResult {
  /** nodes whose label matches */
  nodes: number;
  /** weight of the paths through a match, and its share of the total */
  weight: number;
  share: number;
  /** set when the search text is not a valid regular expression (it is then matched literally) */
  error: string | null;
}

export interface FlameGraphProps {
  /** what to draw (null: an empty state) */
  tree: FlameTree | null;
  theme: FlameTheme;
  /** fill colours: by dominant leak pattern, by package kind, or by change from the baseline */
  colorBy?: FlameColorBy;
  /** the node that fills the width (controlled); omit to let the component keep it */
  zoomNode?: number;
  /** a click, Enter, a breadcrumb or Esc/Backspace asks to zoom to this node */
  onZoom?: (node: number) => void;
  /** a regular expression (case-insensitive; invalid ones match literally) highlighting matching nodes */
  search?: string;
  /** when given, the component shows its own search box bound to `search` */
  onSearchChange?: (text: string) => void;
  /** reports what `search` matched, whenever it or the tree changes */
  onSearchResult?: (r: FlameSearchResult) => void;
  /** outline every node of this function (e.g. the goroutine table's selection) */
  selectedFunction?: string | null;
  /** rows to show as a share of each node (a bar along its top): e.g. the table's current filter */
  highlightRows?: ArrayLike<number> | null;
  /** nodes to outline */
  highlightNodes?: ArrayLike<number> | null;
  /** the node under the mouse (or the keyboard focus), null when none */
  onHover?: (node: number | null) => void;
  /** a node was clicked (or Enter): its goroutine rows, exactly (rowsUnder) */
  onSelectNode?: (node: number, rows: Int32Array) => void;
  /** CSS px of the chart area (default 420); the width follows the container */
  height?: number;
  /** CSS px per row (default 18) */
  rowHeight?: number;
  /** file name stem of exports (default "flame") */
  exportName?: string;
  className?: string;
}

const FONT_FAMILY = "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function FlameGraph(props: FlameGraphProps) {
  const { tree, theme, colorBy = 'pattern', rowHeight = 18, height = 420, exportName = 'flame' } = props;
  const colors = THEME_COLORS[theme];
  const fontSize = Math.max(9, Math.min(13, Math.round(rowHeight * 0.62)));
  const font = `${fontSize}px ${FONT_FAMILY}`;

  // ---- zoom: controlled when zoomNode is given, else kept here; a history for Esc/Backspace ----
  const [ownZoom, setOwnZoom] = useState(0);
  const requested = props.zoomNode ?? ownZoom;
  const zoom = tree && requested >= 0 && requested < tree.count ? requested : 0;
  const history = useRef<number[]>([]);
  const onZoomProp = props.onZoom;
  const zoomTo = useCallback(
    (node: number, remember = true) => {
      if (remember && node !== zoom) history.current.push(zoom);
      if (props.zoomNode === undefined) setOwnZoom(node);
      onZoomProp?.(node);
    },
    [zoom, props.zoomNode, onZoomProp],
  );
  const [focus, setFocus] = useState(-1);
  const [hover, setHover] = useState(-1);
  const [hoverRemainder, setHoverRemainder] = useState(false);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // a new tree starts unzoomed, with nothing focused (reset while rendering, not in an effect)
  const [shownTree, setShownTree] = useState(tree);
  if (shownTree !== tree) {
    setShownTree(tree);
    setFocus(-1);
    setHover(-1);
    setOwnZoom(0);
  }
  useEffect(() => {
    history.current = [];
  }, [tree]);

  // ---- size ----
  // the scroll box exists only while there is something to draw: follow it with a callback ref
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const [scrollEl, setScrollEl] = useState<HTMLDivElement | null>(null);
  const bindScroll = useCallback((el: HTMLDivElement | null) => {
    scrollRef.current = el;
    setScrollEl(el);
  }, []);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!scrollEl) return;
    // the observer reports the box's size once when it starts observing, then on every change
    const ro = new ResizeObserver(() => setWidth(scrollEl.clientWidth));
    ro.observe(scrollEl);
    return () => ro.disconnect();
  }, [scrollEl]);
  const scrollTop = useRef(0);
  /** the horizontal window within the zoomed node (wheel zoom, drag pan): weight offset and span, 0 = all */
  const view = useRef({ x0: 0, span: 0 });
  const dragged = useRef(false);

  // ---- what each frame needs, computed when its inputs change ----
  const maxDepth = useMemo(() => (tree ? subtreeMaxDepth(tree, zoom) : 0), [tree, zoom]);
  const contentHeight = (maxDepth + 1) * rowHeight;
  // the stage keeps one height while zooming: as tall as the whole tree needs, up to `height`
  const viewHeight = Math.max(rowHeight, Math.min(height, tree ? (tree.maxDepth + 1) * rowHeight : rowHeight));
  const fills = useMemo(() => (tree ? nodeFills(tree, colorBy, theme) : { fill: [], text: [] }), [tree, colorBy, theme]);
  const searchState = useMemo(() => {
    const { re, error } = searchRegExp(props.search ?? '');
    if (!tree || !re) return { result: null, error };
    return { result: searchTree(tree, re), error };
  }, [tree, props.search]);
  const onSearchResult = props.onSearchResult;
  useEffect(() => {
    if (!onSearchResult) return;
    const r = searchState.result;
    onSearchResult({ nodes: r?.nodes ?? 0, weight: r?.weight ?? 0, share: r?.share ?? 0, error: searchState.error });
  }, [searchState, onSearchResult]);
  const highlightWeight = useMemo(() => (tree && props.highlightRows ? highlightWeights(tree, props.highlightRows) : null), [tree, props.highlightRows]);
  const highlightNodes = useMemo(() => {
    if (!tree || !props.highlightNodes) return null;
    const a = new Uint8Array(tree.count);
    for (let i = 0; i < props.highlightNodes.length; i++) {
      const n = props.highlightNodes[i];
      if (n >= 0 && n < tree.count) a[n] = 1;
    }
    return a;
  }, [tree, props.highlightNodes]);
  const selectedName = useMemo(() => (tree && props.selectedFunction ? tree.names.indexOf(props.selectedFunction) : -1), [tree, props.selectedFunction]);

  // ---- drawing, coalesced per animation frame ----
  const layout = useRef(newLayout());
  const frame = useRef(0);
  const paintState = useRef<FlamePaintState | null>(null);
  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    if (!canvas || !tree || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(viewHeight * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const win = view.current;
    const l = layoutVisible(tree, { zoom, width, height: viewHeight, rowHeight, scrollTop: scrollTop.current, x0: win.x0, span: win.span }, layout.current, maxDepth);
    const s: FlamePaintState = {
      colors,
      fill: fills.fill,
      text: fills.text,
      charWidth: charWidthFor(ctx, font, dpr),
      matched: searchState.result?.matched ?? null,
      selectedName,
      highlightNodes,
      highlightWeight,
      hover,
      focus,
    };
    paintState.current = s;
    drawFlame(ctx, tree, l, s, { dpr, font, hatch: hatchPattern(ctx, colors.hatch, dpr) });
  }, [tree, width, viewHeight, zoom, rowHeight, maxDepth, colors, fills, font, searchState, selectedName, highlightNodes, highlightWeight, hover, focus]);
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);
  useEffect(() => {
    schedule();
    return () => {
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [schedule]);
  // a new zoom starts at the top, showing all of the node
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    scrollTop.current = 0;
    view.current = { x0: 0, span: 0 };
  }, [zoom, tree]);

  // ---- wheel: Ctrl/⌘ + wheel (or a pinch) zooms around the pointer, Shift + wheel or a sideways
  // swipe pans; a plain wheel scrolls the rows. The window lives in a ref: a frame, not a render. ----
  const moveWindow = useCallback(
    (x0: number, span: number) => {
      if (!tree) return;
      const zw = tree.weight[zoom];
      if (!(zw > 0)) return;
      const sp = Math.min(zw, Math.max(zw * 1e-7, span));
      view.current = sp >= zw ? { x0: 0, span: 0 } : { x0: Math.max(0, Math.min(zw - sp, x0)), span: sp };
      schedule();
    },
    [tree, zoom, schedule],
  );
  useEffect(() => {
    const el = scrollEl;
    if (!el || !tree) return;
    const onWheel = (e: WheelEvent) => {
      const zooming = e.ctrlKey || e.metaKey;
      const panning = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (!zooming && !panning) return;
      e.preventDefault();
      const zw = tree.weight[zoom];
      const v = view.current;
      const span = v.span > 0 ? v.span : zw;
      const r = el.getBoundingClientRect();
      const fx = Math.max(0, Math.min(1, (e.clientX - r.left) / r.width));
      if (zooming) {
        const next = span * Math.exp(e.deltaY * 0.002);
        const sp = Math.min(zw, next);
        moveWindow(v.x0 + fx * span - fx * sp, sp);
      } else moveWindow(v.x0 + ((e.shiftKey ? e.deltaY : e.deltaX) / r.width) * span, span);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scrollEl, tree, zoom, moveWindow]);

  // ---- drag: pans the window sideways and scrolls the rows; a drag is not a click ----
  const onDown = (e: MouseEvent) => {
    if (e.button !== 0 || !tree) return;
    const startX = e.clientX;
    const startY = e.clientY;
    const v0 = { ...view.current };
    const top0 = scrollRef.current?.scrollTop ?? 0;
    const zw = tree.weight[zoom];
    dragged.current = false;
    const move = (m: globalThis.MouseEvent) => {
      const dx = m.clientX - startX;
      const dy = m.clientY - startY;
      if (!dragged.current && Math.abs(dx) + Math.abs(dy) < 4) return;
      dragged.current = true;
      const span = v0.span > 0 ? v0.span : zw;
      if (v0.span > 0) moveWindow(v0.x0 - (dx / Math.max(1, width)) * span, span);
      const sc = scrollRef.current;
      if (sc && dy) {
        sc.scrollTop = top0 - dy;
        scrollTop.current = sc.scrollTop;
        schedule();
      }
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  // ---- mouse ----
  const onHoverProp = props.onHover;
  const pointAt = (e: MouseEvent): number => {
    const c = canvasRef.current;
    if (!c) return -1;
    const r = c.getBoundingClientRect();
    return hitTest(layout.current, e.clientX - r.left, e.clientY - r.top);
  };
  const onMove = (e: MouseEvent) => {
    const j = pointAt(e);
    const node = j >= 0 ? layout.current.node[j] : -1;
    const rem = j >= 0 && layout.current.kind[j] === RectKind.Remainder;
    if (node !== hover || rem !== hoverRemainder) {
      setHover(node);
      setHoverRemainder(rem);
      onHoverProp?.(node >= 0 ? node : null);
    }
    const tip = tipRef.current;
    const wrap = scrollRef.current?.parentElement;
    if (tip && wrap) {
      const wr = wrap.getBoundingClientRect();
      const x = e.clientX - wr.left + 14;
      const y = e.clientY - wr.top + 14;
      const maxX = wr.width - tip.offsetWidth - 4;
      tip.style.left = `${Math.max(4, Math.min(x, maxX))}px`;
      tip.style.top = `${y}px`;
    }
  };
  const onLeave = () => {
    if (hover !== -1) {
      setHover(-1);
      onHoverProp?.(null);
    }
  };
  const onSelectProp = props.onSelectNode;
  const select = (node: number) => {
    if (!tree) return;
    zoomTo(node);
    setFocus(node);
    onSelectProp?.(node, rowsUnder(tree, node));
  };
  const onClick = (e: MouseEvent) => {
    if (dragged.current) {
      dragged.current = false;
      return;
    }
    const j = pointAt(e);
    if (j < 0) return;
    // a remainder stands for children too narrow to see: zoom into their parent
    select(layout.current.node[j]);
  };

  // ---- keyboard ----
  const back = () => {
    if (!tree) return;
    const prev = history.current.pop();
    if (prev !== undefined && prev < tree.count) zoomTo(prev, false);
    else if (tree.parent[zoom] >= 0) zoomTo(tree.parent[zoom], false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!tree) return;
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    const dirs: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    if (e.key in dirs) {
      e.preventDefault();
      const from = focus >= 0 && focus < tree.count ? focus : zoom;
      const to = neighbor(tree, layout.current, from, dirs[e.key]);
      setFocus(to);
      onHoverProp?.(to);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      select(focus >= 0 && focus < tree.count ? focus : zoom);
    } else if (e.key === 'Escape' || e.key === 'Backspace') {
      e.preventDefault();
      if (help) setHelp(false);
      else back();
    } else if (e.key === '?') {
      e.preventDefault();
      setHelp((h) => !h);
    }
  };

  // ---- exports ----
  const exportSvg = () => {
    if (!tree || !paintState.current) return;
    const svg = flameToSvg(tree, layout.current, paintState.current, { fontSize, fontFamily: FONT_FAMILY, title: `${nodeLabel(tree, zoom)} — ${formatWeight(tree, tree.weight[zoom])}` });
    download(`${exportName}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  };
  const exportPng = () => {
    canvasRef.current?.toBlob((b) => {
      if (b) download(`${exportName}.png`, b);
      else setNotice('The browser could not make a PNG of the canvas.');
    }, 'image/png');
  };
  const copyFolded = async () => {
    if (!tree) return;
    const text = toFolded(tree, { node: zoom }).join('\n') + '\n';
    try {
      await navigator.clipboard.writeText(text);
      setNotice(`Copied ${text.split('\n').length - 1} folded lines.`);
    } catch {
      download(`${exportName}.folded.txt`, new Blob([text], { type: 'text/plain' }));
      setNotice('The clipboard is not available here: the folded stacks were saved as a file instead.');
    }
  };
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  const legend = useMemo(() => (tree ? legendEntries(tree, colorBy, theme) : []), [tree, colorBy, theme]);
  const crumbs = tree ? pathTo(tree, zoom) : [];
  const shown = hover >= 0 ? hover : -1;
  const details = tree && shown >= 0 && !hoverRemainder ? nodeDetails(tree, shown) : null;
  const search = searchState.result;

  if (!tree) return <div className={`flame flame-empty ${props.className ?? ''}`}>No flame graph to show.</div>;
  return (
    <div className={`flame flame-${theme} ${props.className ?? ''}`} data-testid="flame">
      <div className="flame-toolbar">
        {props.onSearchChange && (
          <input
            className="flame-search"
            type="search"
            placeholder="Search functions (regular expression)"
            value={props.search ?? ''}
            onChange={(e) => props.onSearchChange!(e.target.value)}
            aria-label="Search the flame graph"
            data-testid="flame-search"
          />
        )}
        {search && (
          <span className="flame-match small" data-testid="flame-match">
            {search.nodes ? `${search.nodes} matching node${search.nodes === 1 ? '' : 's'}: ${formatWeight(tree, search.weight)}, ${formatShare(search.weight, tree.total)} of all` : 'no match'}
          </span>
        )}
        {searchState.error && <span className="flame-error small">{searchState.error}</span>}
        <span className="flame-spacer" />
        <button className="btn small" onClick={exportSvg} title="Save the current view as SVG" data-testid="flame-export-svg">
          SVG
        </button>
        <button className="btn small" onClick={exportPng} title="Save the current view as PNG" data-testid="flame-export-png">
          PNG
        </button>
        <button className="btn small" onClick={copyFolded} title="Copy the zoomed subtree as folded stacks (flamegraph.pl, speedscope, Pyroscope)" data-testid="flame-copy">
          Copy folded
        </button>
        <button className="btn small" onClick={() => setHelp((h) => !h)} title="Keys" aria-label="Keys" aria-expanded={help}>
          ?
        </button>
      </div>
      <nav className="flame-crumbs small" aria-label="Zoom path" data-testid="flame-crumbs">
        {crumbs.map((n, i) => (
          <span key={n}>
            {i > 0 && <span className="flame-crumb-sep"> › </span>}
            <button className={`flame-crumb${n === zoom ? ' current' : ''}`} onClick={() => zoomTo(n)} title={nodeLabel(tree, n)} disabled={n === zoom}>
              {n === 0 ? `${nodeLabel(tree, 0)} (${formatWeight(tree, tree.total)})` : shortFunc(nodeLabel(tree, n))}
            </button>
          </span>
        ))}
      </nav>
      {notice && <div className="flame-notice small">{notice}</div>}
      <div className="flame-stage">
        {tree.total <= 0 ? (
          <div className="flame-empty small">
            Nothing to draw: no goroutine weighs anything in this measure ({tree.unit}){tree.weightKind === 'wait' ? ' — no goroutine header of this snapshot prints ", N minutes"' : ''}
            {tree.weightKind === 'leaked' ? ' — no goroutine of this snapshot is marked (leaked)' : ''}.
          </div>
        ) : (
          <div
            className="flame-scroll"
            ref={bindScroll}
            style={{ height: viewHeight }}
            onScroll={(e) => {
              scrollTop.current = (e.target as HTMLDivElement).scrollTop;
              schedule();
            }}
            tabIndex={0}
            role="application"
            aria-label="Flame graph: arrows move between frames, Enter zooms, Escape goes back, ? lists the keys; Ctrl+wheel zooms, drag pans"
            onKeyDown={onKey}
          >
            <div style={{ height: contentHeight, position: 'relative' }}>
              <canvas
                ref={canvasRef}
                className="flame-canvas"
                style={{ height: viewHeight }}
                onMouseMove={onMove}
                onMouseLeave={onLeave}
                onMouseDown={onDown}
                onClick={onClick}
                data-testid="flame-canvas"
              />
            </div>
          </div>
        )}
        <div ref={tipRef} className="flame-tip small" style={{ visibility: details || hoverRemainder ? 'visible' : 'hidden' }} role="tooltip">
          {details && (
            <>
              <div className="flame-tip-title mono">{details.title}</div>
              <div className="muted">{details.what}</div>
              {details.location && <div className="mono muted flame-tip-loc">{details.location}</div>}
              <table>
                <tbody>
                  {details.facts.map(([k, v]) => (
                    <tr key={k}>
                      <td className="muted">{k}</td>
                      <td>{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {hoverRemainder && hover >= 0 && <div>Nodes under {nodeLabel(tree, hover)} narrower than a pixel: click to zoom in.</div>}
        </div>
        {help && (
          <div className="flame-help small" role="dialog" aria-label="Flame graph keys">
            <table>
              <tbody>
                {FLAME_KEYS.map(([k, v]) => (
                  <tr key={k}>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="flame-legend small" data-testid="flame-legend">
        {legend.map((e) => (
          <span key={e.label} className="flame-legend-item" title={e.title}>
            <span className="flame-swatch" style={{ background: e.color }} />
            {e.label}
          </span>
        ))}
        <span className="flame-legend-item" title="The end of every path: the wait reason the runtime printed (or, without one, the call the park site waits in)">
          <span className="flame-swatch flame-swatch-hatch" />
          wait reason (tip)
        </span>
        <span className="flame-legend-item" title="Goroutines the runtime proved leaked (goroutineleak profile, (leaked) in the header)">
          <span className="flame-swatch flame-swatch-leaked" />
          proven leaked (outline; bar = share)
        </span>
        {highlightWeight && (
          <span className="flame-legend-item">
            <span className="flame-swatch flame-swatch-highlight" />
            highlighted goroutines (bar = share)
          </span>
        )}
      </div>
    </div>
  );
}
