/**
 * Helpers of the trace views' tests (timeline, state flow, flame graph, and the cross-view spec):
 * a fixture's trace model read in Node, what the pages show (edges, the table's count, the
 * timeline's window and range), and the numbers a range should give, counted here from the model's
 * segments without the analysis code the page uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { dropFixture, FIXTURES } from './helpers';
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { GO_STATES, GoState, TraceGFlag, type TraceModel } from '../src/model/trace';

/** The timeline canvas' label column, scrollbar and the top of its rows (timeline-canvas.ts LABEL_W, SCROLL_W, ROWS_TOP). */
export const LABEL_W = 240;
export const SCROLL_W = 14;
export const ROWS_TOP = 40 + 22 + 12 + 2;

export interface LoadedTrace {
  t: TraceModel;
  str(id: number): string;
}

/** A fixture's execution trace, parsed in Node through the same parser the worker uses. */
export async function loadTrace(rel: string): Promise<LoadedTrace> {
  const b = new ModelBuilder();
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  const i = await parseInput(b, { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) });
  return { t: b.traces[b.inputs[i].trace], str: (id) => b.strings.get(id) };
}

/**
 * Goroutine transitions in [t0, t1) by "From->To" Go state names, walked over the segments here: a
 * segment starting in the range is a transition from the one before it (from NotExist, or from
 * Undetermined for a goroutine that existed before the trace, when it is the first), and a
 * goroutine that ended in the range went from its last segment's state to NotExist. With
 * `reasons`, Running->Waiting transitions are also counted by their reason's name.
 */
export function transitionsInRange(lt: LoadedTrace, t0: number, t1: number): { byStates: Record<string, number>; blockReasons: Record<string, number> } {
  const { t, str } = lt;
  const s = t.segments;
  const g = t.goroutines;
  const byStates: Record<string, number> = {};
  const blockReasons: Record<string, number> = {};
  const add = (from: number, to: number) => {
    const k = `${GO_STATES[from]}->${GO_STATES[to]}`;
    byStates[k] = (byStates[k] ?? 0) + 1;
  };
  for (let r = 0; r < g.count; r++) {
    const a = s.offset[r];
    const b = s.offset[r + 1];
    if (a === b) continue;
    for (let i = a; i < b; i++) {
      if (!(s.start[i] >= t0 && s.start[i] < t1)) continue;
      const from = i > a ? s.state[i - 1] : g.flags[r] & TraceGFlag.PreExisting ? GoState.Undetermined : GoState.NotExist;
      add(from, s.state[i]);
      if (from === GoState.Running && s.state[i] === GoState.Waiting) {
        const reason = str(s.reasons[s.reason[i]]);
        blockReasons[reason] = (blockReasons[reason] ?? 0) + 1;
      }
    }
    if (g.lastState[r] === GoState.NotExist && g.endedNs[r] >= t0 && g.endedNs[r] < t1) add(s.state[b - 1], GoState.NotExist);
  }
  return { byStates, blockReasons };
}

/**
 * Time goroutines spent Waiting within [t0, t1) (the flame graph's "every wait" blocked time): every
 * Waiting segment clipped to the range; a segment ends where the next starts, else where its
 * goroutine ended, else at the end of the trace.
 */
export function waitingInRange(t: TraceModel, t0: number, t1: number): number {
  const s = t.segments;
  const g = t.goroutines;
  let total = 0;
  for (let r = 0; r < g.count; r++) {
    const b = s.offset[r + 1];
    for (let i = s.offset[r]; i < b; i++) {
      if (s.state[i] !== GoState.Waiting) continue;
      const end = i + 1 < b ? s.start[i + 1] : g.lastState[r] === GoState.NotExist && g.endedNs[r] >= 0 ? g.endedNs[r] : t.durationNs;
      const d = Math.min(t1, end) - Math.max(t0, s.start[i]);
      if (d > 0) total += d;
    }
  }
  return total;
}

export interface ShownEdge {
  lane: string;
  fromState: string;
  toState: string;
  reason: string;
  count: number;
  goroutines: number;
  label: string | null;
}

/** The state-flow diagram's edges as drawn. */
export async function shownEdges(page: Page): Promise<ShownEdge[]> {
  await expect(page.getByTestId('sf-edge').first()).toBeAttached();
  return page.getByTestId('sf-edge').evaluateAll((els) =>
    els.map((e) => ({
      lane: e.getAttribute('data-lane')!,
      fromState: e.getAttribute('data-from-state')!,
      toState: e.getAttribute('data-to-state')!,
      reason: e.getAttribute('data-reason')!,
      count: Number(e.getAttribute('data-count')),
      goroutines: Number(e.getAttribute('data-goroutines')),
      label: e.querySelector('[data-testid=sf-edge-label]')?.textContent ?? null,
    })),
  );
}

/** The Running→Waiting rows of the diagram's waiting boxes: reason, count, the count as written, the box. */
export async function shownReasons(page: Page): Promise<{ reason: string; count: number; text: string; cls: string }[]> {
  return page.getByTestId('sf-reason').evaluateAll((els) =>
    els.map((e) => ({ reason: e.getAttribute('data-reason')!, count: Number(e.getAttribute('data-count')), text: e.querySelector('[data-testid=sf-reason-count]')!.textContent!, cls: e.getAttribute('data-class')! })),
  );
}

export const num = (s: string) => Number(s.replace(/,/g, ''));

/** Goroutine-lane edge counts summed by "From->To" state names. */
export function byStates(edges: ShownEdge[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of edges) if (e.lane === 'G') out[`${e.fromState}->${e.toState}`] = (out[`${e.fromState}->${e.toState}`] ?? 0) + e.count;
  return out;
}

/** The goroutine table's goroutine count once its answer is in. */
export async function shownGoroutines(page: Page): Promise<number> {
  const rc = page.getByTestId('row-count');
  await expect(rc).not.toHaveText('…');
  return Number(await rc.getAttribute('data-goroutines'));
}

/** Loads a fixture and opens the Timeline tab once it has drawn. */
export async function openTimeline(page: Page, rel: string): Promise<void> {
  await page.goto('/');
  await dropFixture(page, rel);
  await expect(page.getByTestId('report-summary').or(page.getByTestId('trace-stats')).first()).toBeVisible();
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-drawn', '1');
}

/** The timeline's visible window (ns). */
export async function visibleWindow(page: Page): Promise<{ t0: number; t1: number }> {
  const el = page.getByTestId('tl-window');
  return { t0: Number(await el.getAttribute('data-t0')), t1: Number(await el.getAttribute('data-t1')) };
}

/**
 * Shift+drags on the timeline's rows from fraction `fa` to `fb` of the track's width and returns
 * the selected range the page shows (tl-range).
 */
export async function shiftDragRange(page: Page, fa: number, fb: number): Promise<{ t0: number; t1: number }> {
  const canvas = page.locator('[data-testid=tl-canvas] canvas');
  const box = (await canvas.boundingBox())!;
  const trackW = box.width - LABEL_W - SCROLL_W;
  const xa = box.x + LABEL_W + trackW * fa;
  const xb = box.x + LABEL_W + trackW * fb;
  const y = box.y + ROWS_TOP + 60;
  await page.keyboard.down('Shift');
  await page.mouse.move(xa, y);
  await page.mouse.down();
  await page.mouse.move((xa + xb) / 2, y, { steps: 3 });
  await page.mouse.move(xb, y, { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const range = page.getByTestId('tl-range');
  await expect(range).toContainText('selected');
  return { t0: Number(await range.getAttribute('data-t0')), t1: Number(await range.getAttribute('data-t1')) };
}
