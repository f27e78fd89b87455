import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFixture, FIXTURES } from './helpers';
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { GoState, segmentEnd, segmentProc, type TraceModel } from '../src/model/trace';

/**
 * The timeline's P, thread and task/region rows (issue #12) against the trace model loaded here in
 * Node: a row per P and per thread of the trace, a hovered P interval names a goroutine that was
 * Running on that P then, a click on it selects that goroutine, the task rows carry the trace's
 * task and region names.
 */

/** The canvas' label column and scrollbar (timeline-canvas.ts LABEL_W, SCROLL_W). */
const LABEL_W = 240;
const SCROLL_W = 14;

interface Span {
  kind: string;
  row: number;
  x0: number;
  x1: number;
  y: number;
  goid: number;
  text: string;
}

async function traceModel(rel: string): Promise<{ t: TraceModel; str: (id: number) => string }> {
  const b = new ModelBuilder();
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  const i = await parseInput(b, { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) });
  return { t: b.traces[b.inputs[i].trace], str: (id) => b.strings.get(id) };
}

/** Every P id of the trace: the Ps with P segments and any P a goroutine ran on. */
function procIds(t: TraceModel): number[] {
  const ids = new Set(t.procSegments.ids);
  for (let i = 0; i < t.segments.count; i++) if (segmentProc(t, i) >= 0) ids.add(segmentProc(t, i));
  return [...ids].sort((a, b) => a - b);
}

async function openTimeline(page: Page, rel: string): Promise<void> {
  await page.goto('/');
  await dropFixture(page, rel);
  await expect(page.getByTestId('report-summary').or(page.getByTestId('trace-stats')).first()).toBeVisible();
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-drawn', '1');
}

async function resRows(page: Page): Promise<Record<string, number>> {
  return JSON.parse((await page.getByTestId('tl-canvas').getAttribute('data-res-rows')) ?? '{}');
}

async function visibleRes(page: Page): Promise<{ kind: string; row: number; label: string; y: number }[]> {
  return JSON.parse((await page.getByTestId('tl-canvas').getAttribute('data-res-visible')) ?? '[]');
}

async function window(page: Page): Promise<{ t0: number; t1: number }> {
  const el = page.getByTestId('tl-window');
  return { t0: Number(await el.getAttribute('data-t0')), t1: Number(await el.getAttribute('data-t1')) };
}

for (const rel of ['go1.27/trace.out', 'go1.21/trace.out', 'extra-traces/go1.27-multigen.trace']) {
  test.describe(`resource rows of ${rel}`, () => {
    test('Processors adds a row per P of the trace, Threads a row per thread; off by default, kept after a reload', async ({ page }) => {
      const { t } = await traceModel(rel);
      const ps = procIds(t);
      await openTimeline(page, rel);
      const host = page.getByTestId('tl-canvas');
      await expect(page.getByTestId('tl-res-procs')).not.toBeChecked();
      expect(await resRows(page)).toEqual({});
      await page.getByTestId('tl-res-procs').check();
      await expect.poll(() => resRows(page)).toEqual({ procs: ps.length });
      await expect(host).toHaveAttribute('data-res-drawn', '1');
      const procRows = (await visibleRes(page)).filter((r) => r.kind === 'procs');
      expect(procRows.map((r) => r.label)).toEqual(ps.map((p) => `P${p}`));
      // the goroutine rows moved down under the band, and still show
      await expect.poll(async () => ((await host.getAttribute('data-visible-rows')) ?? '').split(',').filter(Boolean).length).toBeGreaterThan(3);

      await page.getByTestId('tl-res-threads').check();
      await expect.poll(() => resRows(page)).toEqual({ procs: ps.length, threads: t.threadSegments.ids.length });
      const threadRows = (await visibleRes(page)).filter((r) => r.kind === 'threads');
      expect(threadRows.map((r) => r.label)).toEqual(Array.from(t.threadSegments.ids, (m) => `M ${m}`));

      // kept in this browser: after a reload and the same file, the same rows
      await openTimeline(page, rel);
      await expect(page.getByTestId('tl-res-procs')).toBeChecked();
      await expect.poll(() => resRows(page)).toEqual({ procs: ps.length, threads: t.threadSegments.ids.length });
      await page.getByTestId('tl-res-procs').uncheck();
      await page.getByTestId('tl-res-threads').uncheck();
      await expect.poll(() => resRows(page)).toEqual({});
    });

    test('hovering a P interval names a goroutine Running on that P then; a click selects it', async ({ page }) => {
      const { t } = await traceModel(rel);
      const ps = procIds(t);
      await openTimeline(page, rel);
      await page.getByTestId('tl-res-procs').check();
      const host = page.getByTestId('tl-canvas');
      const canvas = page.locator('[data-testid=tl-canvas] canvas');
      const box = (await canvas.boundingBox())!;
      const trackW = box.width - LABEL_W - SCROLL_W;
      // zoom in until a goroutine's run on a P is several pixels wide
      let span: Span | undefined;
      await canvas.focus();
      for (let i = 0; i < 40 && !span; i++) {
        await expect(host).toHaveAttribute('data-res-drawn', '1');
        await page.waitForTimeout(100);
        const spans: Span[] = JSON.parse((await host.getAttribute('data-res-spans')) ?? '[]');
        span = spans.filter((s) => s.kind === 'procs' && s.x1 - s.x0 >= 12).sort((a, b) => b.x1 - b.x0 - (a.x1 - a.x0))[0];
        if (!span) await page.keyboard.press('w');
      }
      expect(span, 'a goroutine span on a P row').toBeDefined();
      const s = span!;
      const x = (s.x0 + s.x1) / 2;
      await page.mouse.move(box.x + x, box.y + s.y);
      const tip = page.getByTestId('tl-tooltip');
      await expect(tip).toHaveAttribute('data-kind', 'procs');
      const goid = Number(await tip.getAttribute('data-goid'));
      const proc = Number(await tip.getAttribute('data-proc'));
      expect(goid).toBe(s.goid);
      expect(proc).toBe(ps[s.row]);
      await expect(tip).toContainText(`G${goid}`);
      // the model: that goroutine was Running on that P at the time under the pointer
      const w = await window(page);
      const time = w.t0 + ((x - LABEL_W) / trackW) * (w.t1 - w.t0);
      const px = (w.t1 - w.t0) / trackW;
      const r = Array.from(t.goroutines.goid).indexOf(goid);
      expect(r).toBeGreaterThanOrEqual(0);
      let on = false;
      for (let i = t.segments.offset[r]; i < t.segments.offset[r + 1]; i++)
        if (t.segments.state[i] === GoState.Running && segmentProc(t, i) === proc && t.segments.start[i] <= time + px && segmentEnd(t, i, r) >= time - px) on = true;
      expect(on, `G${goid} Running on P${proc} at ${time}`).toBe(true);
      const start = Number(await tip.getAttribute('data-start'));
      const end = Number(await tip.getAttribute('data-end'));
      expect(start).toBeLessThanOrEqual(time + px);
      expect(end).toBeGreaterThanOrEqual(time - px);

      // a click selects that goroutine: its Running segment and the detail pane
      await page.mouse.click(box.x + x, box.y + s.y);
      await expect(page.getByTestId('tl-segment')).toHaveAttribute('data-goid', String(goid));
      await expect(page.getByTestId('tl-segment')).toContainText('Running');
      await expect(page.getByTestId('goroutine-detail')).toContainText(`Goroutine ${goid}`);
      await expect(host).toHaveAttribute('data-highlight', String(r));
      await page.getByTestId('tl-help-button').click();
      await expect(page.getByTestId('tl-help')).toContainText('click on a P row');
    });
  });
}

for (const rel of ['extra-traces/go1.27-multigen.trace', 'extra-traces/go1.19-multigen.trace']) {
  test(`${rel}: the task and region rows carry the trace's task and region names`, async ({ page }) => {
    const { t, str } = await traceModel(rel);
    const regionNames = [...new Set(Array.from(t.regions.name, str))];
    const taskNames = Array.from(t.tasks.name, str);
    expect(taskNames.length).toBeGreaterThan(0);
    await openTimeline(page, rel);
    await page.getByTestId('tl-res-tasks').check();
    await expect.poll(() => resRows(page)).toEqual({ tasks: regionNames.length + t.tasks.count });
    const host = page.getByTestId('tl-canvas');
    await expect(host).toHaveAttribute('data-res-drawn', '1');
    await expect.poll(async () => (await visibleRes(page)).every((r) => r.label !== '…')).toBe(true);
    const labels = (await visibleRes(page)).filter((r) => r.kind === 'tasks');
    expect(labels.slice(0, regionNames.length).map((r) => r.label)).toEqual(regionNames.map((n) => `region ${n} · ${Array.from(t.regions.name, str).filter((x) => x === n).length}`));
    expect(labels.slice(regionNames.length).map((r) => r.label.replace(/ #\d+$/, ''))).toEqual([...taskNames].sort());
    // hovering the task's bar tells its name
    const taskRow = labels[regionNames.length];
    const canvas = page.locator('[data-testid=tl-canvas] canvas');
    const box = (await canvas.boundingBox())!;
    const i = 0;
    const a = Math.max(0, t.tasks.start[i]);
    const b = t.tasks.end[i] < 0 ? t.durationNs : t.tasks.end[i];
    const w = await window(page);
    const trackW = box.width - LABEL_W - SCROLL_W;
    const x = LABEL_W + (((a + b) / 2 - w.t0) / (w.t1 - w.t0)) * trackW;
    await page.mouse.move(box.x + x, box.y + taskRow.y);
    const tip = page.getByTestId('tl-tooltip');
    await expect(tip).toHaveAttribute('data-name', taskNames[i]);
    await expect(tip).toContainText(`task ${taskNames[i]}`);
    // and the region row a region of that name
    await page.mouse.move(box.x + x, box.y + labels[0].y);
    await expect(tip).toHaveAttribute('data-kind', 'tasks');
    await expect(tip).toContainText(/region|task/);
  });
}
