import { test, expect, type Page } from '@playwright/test';
import { byStates, loadTrace, openTimeline, shiftDragRange, shownEdges, shownReasons, transitionsInRange, waitingInRange } from './trace-helpers';

/**
 * One time range across the trace views (issues #12 and #13): a range shift+dragged on the
 * timeline is the range the state-flow diagram counts and the flame graph's blocked time covers.
 * Every number is checked against the fixture's model read in Node: transitions and Waiting time
 * inside [t0, t1), walked over its segments here. Esc on the timeline clears the range and both
 * views show the whole trace again.
 */

async function openStateFlowTab(page: Page): Promise<void> {
  await page.getByTestId('tab-stateflow').click();
  await expect(page.getByTestId('stateflow')).toBeVisible();
}

async function openFlameTab(page: Page): Promise<void> {
  await page.getByTestId('tab-flame').click();
  await expect(page.getByTestId('flame-canvas')).toBeVisible();
  await expect(page.getByTestId('flame-weight')).toHaveValue('blocked');
  await expect(page.getByTestId('flame-kind')).toHaveValue('waiting');
}

/** The flame graph's root weight (the blocked time of everything shown) once the tree for `t0`–`t1` is in. */
async function rootBlocked(page: Page): Promise<number> {
  await expect(page.getByTestId('flame-status')).toHaveText(/built in/);
  await expect(page.getByTestId('flame-selected').locator('.flame-selected-name')).toHaveText('All');
  return Number(await page.getByTestId('flame-selected-weight').getAttribute('data-weight'));
}

/** The state flow's Running→Waiting split, by reason. */
async function shownBlockReasons(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await shownReasons(page)) out[r.reason] = (out[r.reason] ?? 0) + r.count;
  return out;
}

/** Blocked time agrees to a nanosecond per million (sums of thousands of float intervals in another order). */
const close = (got: number, want: number) => Math.abs(got - want) <= Math.max(1, want * 1e-6);

for (const rel of ['go1.27/trace.out', 'go1.22/trace.out', 'go1.21/trace.out']) {
  test(`${rel}: a range shift+dragged on the timeline is what the state flow counts and the flame graph's blocked time covers; Esc gives the whole trace back`, async ({ page }) => {
    const lt = await loadTrace(rel);
    const t = lt.t;
    const whole = transitionsInRange(lt, -Infinity, Infinity);
    const wholeWait = waitingInRange(t, 0, t.durationNs);

    await openTimeline(page, rel);
    const { t0, t1 } = await shiftDragRange(page, 0.3, 0.6);
    expect(t1).toBeGreaterThan(t0);
    expect(t0 / t.durationNs).toBeCloseTo(0.3, 1);
    expect(t1 / t.durationNs).toBeCloseTo(0.6, 1);
    const inRange = transitionsInRange(lt, t0, t1);
    const wait = waitingInRange(t, t0, t1);
    // the range is a real part of the trace: its numbers are not the whole trace's
    expect(inRange.byStates).not.toEqual(whole.byStates);
    expect(Object.values(inRange.byStates).reduce((a, n) => a + n, 0)).toBeGreaterThan(0);
    expect(wait).toBeGreaterThan(0);
    expect(close(wait, wholeWait)).toBe(false);

    // (a) the state flow counts the transitions inside [t0, t1)
    await openStateFlowTab(page);
    const sfRange = page.getByTestId('sf-range');
    await expect(sfRange).toHaveAttribute('data-whole', '0');
    await expect(sfRange).toHaveAttribute('data-t0', String(t0));
    await expect(sfRange).toHaveAttribute('data-t1', String(t1));
    await expect.poll(async () => byStates(await shownEdges(page))).toEqual(inRange.byStates);
    // each edge's label is its count, and the Running→Waiting split is the range's by reason
    for (const e of await shownEdges(page)) if (e.label !== null) expect(Number(e.label.replace(/,/g, ''))).toBe(e.count);
    expect(await shownBlockReasons(page)).toEqual(inRange.blockReasons);

    // (b) the flame graph's blocked time ("every wait") is the Waiting time inside [t0, t1)
    await openFlameTab(page);
    await expect(page.getByTestId('flame-range-from')).toHaveValue(String(Math.round(t0 / 1e4) / 100));
    await expect.poll(() => rootBlocked(page).then((w) => close(w, wait)), { message: `blocked time in the range: want ${wait}` }).toBe(true);

    // (c) Esc on the timeline clears the range: both views are the whole trace again
    await page.getByTestId('tab-timeline').click();
    await expect(page.getByTestId('tl-range')).toContainText('selected');
    await page.locator('[data-testid=tl-canvas] canvas').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('tl-range')).toContainText('no range selected');
    await expect(page.getByTestId('tl-range')).toHaveAttribute('data-t0', '');
    await openStateFlowTab(page);
    await expect(sfRange).toHaveAttribute('data-whole', '1');
    // (X→X status restatements at generation boundaries are not transitions: listed apart, not counted here)
    await expect.poll(async () => byStates(await shownEdges(page))).toEqual(whole.byStates);
    expect(await shownBlockReasons(page)).toEqual(whole.blockReasons);
    await openFlameTab(page);
    await expect(page.getByTestId('flame-range-all')).toHaveCount(0);
    await expect.poll(() => rootBlocked(page).then((w) => close(w, wholeWait)), { message: `blocked time of the whole trace: want ${wholeWait}` }).toBe(true);
  });
}
