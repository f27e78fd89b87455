import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, FIXTURES, truth } from './helpers';
import { LABEL_W, openTimeline, ROWS_TOP, SCROLL_W, visibleWindow as visible } from './trace-helpers';

for (const rel of ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out']) {
  test.describe(`timeline of ${rel}`, () => {
    const t = truth(rel).expect.trace as { goroutines: number; atEnd: Record<string, number> };

    test('a row per goroutine of the trace; the leak candidates pinned on top are the truth’s blocked at the end', async ({ page }) => {
      await openTimeline(page, rel);
      await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-goroutines', String(t.goroutines));
      await page.getByTestId('tl-group-by').selectOption('none');
      await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(t.goroutines));
      await page.getByTestId('tl-group-by').selectOption('start');
      await page.getByTestId('tl-expand-all').click();
      await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(t.goroutines));

      const waiting = Object.entries(t.atEnd).filter(([k]) => k.startsWith('Waiting|'));
      const total = waiting.reduce((a, [, n]) => a + n, 0);
      await expect(page.getByTestId('tl-pinned')).toHaveAttribute('data-count', String(total));
      const shown: Record<string, number> = {};
      for (const item of await page.getByTestId('tl-pinned').locator('[data-key]').all()) shown[(await item.getAttribute('data-key'))!] = Number(await item.getAttribute('data-count'));
      // Go's reader gives a status restatement no reason ("Waiting|"): those show their last known reason
      let excess = 0;
      for (const [k, n] of waiting) if (k !== 'Waiting|') expect(shown[k] ?? 0, k).toBeGreaterThanOrEqual(n);
      for (const [k, n] of Object.entries(shown)) {
        expect(k.startsWith('Waiting|')).toBe(true);
        excess += n - (k === 'Waiting|' ? 0 : (t.atEnd[k] ?? 0));
      }
      expect(excess).toBe(t.atEnd['Waiting|'] ?? 0);
      // the pinned rows are listed first, one row each
      const first = (await page.getByTestId('tl-canvas').getAttribute('data-visible-rows'))!.split(',').filter(Boolean);
      expect(first.length).toBeGreaterThan(5);
      // the canvas's text alternative: its groups as a table, every goroutine in one, the blocked ones as pinned
      await page.getByTestId('tl-table').locator('summary').click();
      const cells = await page.getByTestId('tl-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(cells.length).toBeGreaterThan(1);
      const num = (x: string) => Number(x.replace(/,/g, ''));
      expect(cells.reduce((a, c) => a + num(c[1]), 0)).toBe(t.goroutines);
      expect(cells.reduce((a, c) => a + num(c[2]), 0)).toBe(total);
    });

    test('keys and the wheel change the visible range; shift+drag sets the shared range', async ({ page }) => {
      await openTimeline(page, rel);
      const canvas = page.locator('[data-testid=tl-canvas] canvas');
      const box = (await canvas.boundingBox())!;
      const trackW = box.width - LABEL_W - SCROLL_W;
      const full = await visible(page);
      expect(full.t0).toBe(0);
      expect(full.t1).toBeGreaterThan(0);
      await canvas.focus();
      await page.keyboard.press('w');
      let v = await visible(page);
      expect(v.t1 - v.t0).toBeCloseTo((full.t1 - full.t0) * 0.8, 0);
      await page.keyboard.press('w');
      v = await visible(page);
      const span = v.t1 - v.t0;
      expect(span).toBeCloseTo((full.t1 - full.t0) * 0.64, 0);
      await page.keyboard.press('d');
      const panned = await visible(page);
      expect(panned.t0).toBeCloseTo(v.t0 + 0.2 * span, 0);
      expect(panned.t1 - panned.t0).toBeCloseTo(span, 0);
      await page.keyboard.press('a');
      await page.keyboard.press('a');
      const back = await visible(page);
      expect(back.t0).toBeCloseTo(Math.max(0, v.t0 - 0.2 * span), 0);
      await page.keyboard.press('s');
      expect((await visible(page)).t1 - (await visible(page)).t0).toBeCloseTo(span * 1.25, 0);

      // wheel at a point: zooms in, and the time under the pointer stays where it is
      const px = LABEL_W + trackW * 0.3;
      const before = await visible(page);
      const atPointer = before.t0 + ((px - LABEL_W) / trackW) * (before.t1 - before.t0);
      await page.mouse.move(box.x + px, box.y + ROWS_TOP + 30);
      await page.mouse.wheel(0, -300);
      await expect.poll(async () => (await visible(page)).t1 - (await visible(page)).t0).toBeLessThan(before.t1 - before.t0);
      const after = await visible(page);
      const stillAt = after.t0 + ((px - LABEL_W) / trackW) * (after.t1 - after.t0);
      expect(Math.abs(stillAt - atPointer)).toBeLessThan((before.t1 - before.t0) * 0.01);

      // shift+drag: the selected range is the time between the two points
      await page.keyboard.press('0');
      const w = await visible(page);
      const xa = LABEL_W + trackW * 0.25;
      const xb = LABEL_W + trackW * 0.5;
      const y = box.y + ROWS_TOP + 60;
      await page.keyboard.down('Shift');
      await page.mouse.move(box.x + xa, y);
      await page.mouse.down();
      await page.mouse.move(box.x + (xa + xb) / 2, y, { steps: 3 });
      await page.mouse.move(box.x + xb, y, { steps: 3 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      const range = page.getByTestId('tl-range');
      await expect(range).toContainText('selected');
      const r0 = Number(await range.getAttribute('data-t0'));
      const r1 = Number(await range.getAttribute('data-t1'));
      const span2 = w.t1 - w.t0;
      expect(Math.abs(r0 - (w.t0 + 0.25 * span2))).toBeLessThan(span2 * 0.01);
      expect(Math.abs(r1 - (w.t0 + 0.5 * span2))).toBeLessThan(span2 * 0.01);
      // the visible range did not move: selecting is not panning
      expect(await visible(page)).toEqual(w);
      await page.getByTestId('tl-help-button').click();
      await expect(page.getByTestId('tl-help')).toContainText('W / S');
    });

    test('clicking a woken segment shows who woke it; the link goes to the waker’s row', async ({ page }) => {
      await openTimeline(page, rel);
      await page.getByTestId('tl-group-by').selectOption('none');
      await page.getByTestId('tl-pin').uncheck();
      const host = page.getByTestId('tl-canvas');
      const box = (await page.locator('[data-testid=tl-canvas] canvas').boundingBox())!;
      let wakes: { x: number; y: number; row: number; waker: number }[] = [];
      // scroll until a wake-up whose waker is another goroutine shows
      for (let i = 0; i < 12; i++) {
        await expect(host).toHaveAttribute('data-drawn', '1');
        await page.waitForTimeout(150);
        wakes = JSON.parse((await host.getAttribute('data-wakes')) ?? '[]');
        wakes = wakes.filter((m) => m.waker !== m.row);
        if (wakes.length) break;
        await page.locator('[data-testid=tl-canvas] canvas').focus();
        await page.keyboard.press('PageDown');
      }
      expect(wakes.length).toBeGreaterThan(0);
      const m = wakes[0];
      await page.mouse.click(box.x + m.x, box.y + m.y);
      const seg = page.getByTestId('tl-segment');
      await expect(seg).toBeVisible();
      await expect(seg).toContainText('Runnable');
      const wakerGoid = await seg.getAttribute('data-waker');
      expect(Number(wakerGoid)).toBeGreaterThanOrEqual(0);
      await page.getByTestId('tl-follow-waker').click();
      await expect(host).toHaveAttribute('data-highlight', String(m.waker));
      await expect(host).toHaveAttribute('data-highlight-visible', '1');
      await expect(seg).toHaveAttribute('data-goid', wakerGoid!);
      // and the goroutine detail pane shows the waker
      await expect(page.getByTestId('goroutine-detail')).toContainText(`Goroutine ${wakerGoid}`);
    });
  });
}

test('show in timeline: from the goroutine table to its row on the timeline', async ({ page }) => {
  await openTimeline(page, 'go1.27/trace.out');
  await page.getByTestId('tab-goroutines').click();
  const row = page.locator('[data-testid=goroutine-row]').nth(3);
  await row.click();
  await page.getByTestId('show-in-timeline').click();
  await expect(page.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
  const host = page.getByTestId('tl-canvas');
  await expect(host).toHaveAttribute('data-highlight-visible', '1');
});

test('a dump series: a goroutine present in both snapshots is one row with two marks', async ({ page }) => {
  await page.goto('/');
  const names = ['grow-1.txt', 'grow-2.txt'];
  await dropFiles(
    page,
    names.map((n) => ({ name: n, bytes: readFileSync(join(FIXTURES, 'go1.27', n)) })),
  );
  await expect(page.getByTestId('report-summary').first()).toBeVisible();
  await page.getByTestId('tab-timeline').click();
  const ids = names.map((n) => new Set([...readFileSync(join(FIXTURES, 'go1.27', n), 'utf8').matchAll(/^goroutine (\d+) \[/gm)].map((x) => Number(x[1]))));
  const union = new Set([...ids[0], ...ids[1]]);
  const both = [...ids[0]].filter((x) => ids[1].has(x));
  const onlyLater = [...ids[1]].filter((x) => !ids[0].has(x));
  const st = page.getByTestId('series-timeline');
  await expect(st).toHaveAttribute('data-rows', String(union.size));
  await expect(st).toHaveAttribute('data-in-all', String(both.length));
  await page.getByTestId('series-find').fill(String(both[both.length - 1]));
  await expect(page.getByTestId('series-row')).toHaveCount(1);
  await expect(page.getByTestId('series-row')).toHaveAttribute('data-marks', '2');
  await expect(page.getByTestId('series-row').getByTestId('series-mark')).toHaveCount(2);
  await page.getByTestId('series-find').fill(String(onlyLater[0]));
  await expect(page.getByTestId('series-row')).toHaveAttribute('data-marks', '1');
});
