import { test, expect, type Page } from '@playwright/test';
import { dropFixture, selectState, truth } from './helpers';

/**
 * The goroutine table's filter on the timeline: the goroutines it holds are marked and the others
 * dimmed, "only matching" lists just them, "clear filter" clears the table's filter too. The counts
 * are the truth's (goroutines waiting at the end for a reason) and the table's shown rows.
 */

const REL = 'go1.27/trace.out';
const t = truth(REL).expect.trace as { goroutines: number; atEnd: Record<string, number> };

async function load(page: Page): Promise<void> {
  await page.goto('/');
  await dropFixture(page, REL);
  await expect(page.getByTestId('report-summary').or(page.getByTestId('trace-stats')).first()).toBeVisible();
  await page.getByTestId('tab-goroutines').click();
  await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${t.goroutines} of ${t.goroutines} `));
}

/** The table's shown goroutines once its answer for the filter is in (its text reads "N of M"). */
async function tableShown(page: Page, n: number): Promise<number> {
  const rc = page.getByTestId('row-count');
  await expect(rc).toHaveText(new RegExp(`^${n} of ${t.goroutines} `));
  return Number(await rc.getAttribute('data-goroutines'));
}

async function openTimelineTab(page: Page): Promise<void> {
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-drawn', '1');
}

const listed = async (page: Page) => Number(await page.getByTestId('tl-rows').getAttribute('data-listed'));
const visibleRows = async (page: Page, attr: 'data-visible-rows' | 'data-matching-visible') => ((await page.getByTestId('tl-canvas').getAttribute(attr)) ?? '').split(',').filter(Boolean);

test(`${REL}: a state filter of the table marks its goroutines on the timeline; only matching lists just them; clear filter gives all back`, async ({ page }) => {
  const want = t.atEnd['Waiting|chan receive'];
  expect(want).toBeGreaterThan(1);
  await load(page);
  await openTimelineTab(page);
  await expect(page.getByTestId('tl-filter')).toHaveCount(0);
  await page.getByTestId('tl-group-by').selectOption('none');
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(t.goroutines));
  const before = await listed(page);

  await page.getByTestId('tab-goroutines').click();
  await selectState(page, 'chan receive');
  const shown = await tableShown(page, want);
  expect(shown).toBe(want);

  await openTimelineTab(page);
  const matching = page.getByTestId('tl-matching');
  await expect(matching).toHaveAttribute('data-matching', String(shown));
  await expect(matching).toHaveText(`Filter: ${shown} of ${t.goroutines} goroutines match`);
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-matching', String(shown));
  // the others are still listed (dimmed): all rows, some of them matching
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(before));
  const vis = await visibleRows(page, 'data-visible-rows');
  const visMatch = await visibleRows(page, 'data-matching-visible');
  expect(visMatch.length).toBeGreaterThan(0);
  expect(vis.length).toBeGreaterThan(visMatch.length);

  await page.getByTestId('tl-only-matching').check();
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(shown));
  await expect.poll(async () => (await visibleRows(page, 'data-visible-rows')).length).toBeGreaterThan(0);
  const only = await visibleRows(page, 'data-visible-rows');
  expect(await visibleRows(page, 'data-matching-visible')).toEqual(only);
  // every goroutine of the filter is listed once in its group (the pinned section lists them again)
  expect(new Set(only).size).toBe(shown);

  await page.getByTestId('tl-only-matching').uncheck();
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(before));

  await page.getByTestId('tl-only-matching').check();
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(shown));
  await page.getByTestId('tl-filter-clear').click();
  await expect(page.getByTestId('tl-filter')).toHaveCount(0);
  await expect(page.getByTestId('tl-canvas')).toHaveAttribute('data-matching', '');
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(before));
  // the table's filter is cleared too
  await page.getByTestId('tab-goroutines').click();
  await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${t.goroutines} of ${t.goroutines} `));
});

test(`${REL}: a text filter of the table (a park site's function) matches the table's rows, grouped by start function`, async ({ page }) => {
  await load(page);
  await page.getByTestId('filter-text').fill('poolWorker');
  const rc = page.getByTestId('row-count');
  await expect(rc).toHaveAttribute('data-for', 'poolWorker');
  await expect(rc).not.toHaveText(new RegExp(`^${t.goroutines} of `));
  const shown = Number(await rc.getAttribute('data-goroutines'));
  expect(shown).toBeGreaterThan(1);
  expect(shown).toBeLessThan(t.goroutines);

  await openTimelineTab(page);
  await expect(page.getByTestId('tl-matching')).toHaveAttribute('data-matching', String(shown));
  await page.getByTestId('tl-only-matching').check();
  await expect(page.getByTestId('tl-rows')).toHaveAttribute('data-listed', String(shown));
  await expect.poll(async () => new Set(await visibleRows(page, 'data-matching-visible')).size).toBe(shown);
  expect(await visibleRows(page, 'data-matching-visible')).toEqual(await visibleRows(page, 'data-visible-rows'));
});
