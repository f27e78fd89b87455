import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFixture, FIXTURES, openOverview, statValue } from './helpers';

/** The leak report as a Go engineer reads it (issue #9): names, order, the crash's words, navigation. */

test('a long import path shows the part that tells park sites apart; the same function at two lines shows its lines', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'extra-dumps/go1.27-long-import-paths.txt');
  const sites = page.getByTestId('suspect-site');
  await expect(sites).toHaveCount(4);
  const texts = await sites.allInnerTexts();
  // the distinguishing tail is shown in full, the long prefix elided
  expect(texts.some((t) => t.includes('cache.(*fifo).run'))).toBe(true);
  expect(texts.some((t) => t.includes('cache.(*Reflector).watch'))).toBe(true);
  expect(texts.every((t) => !t.includes('staging/src/k8s.io/client-go'))).toBe(true);
  // two rows of one function differ by line (README: 4 at cacher.go:9, 2 at cacher.go:12)
  expect(texts.filter((t) => t.includes('cacher.(*Cacher).dispatchEvents')).sort()).toEqual(['k8s.io/…/storage/cacher.(*Cacher).dispatchEvents:12', 'k8s.io/…/storage/cacher.(*Cacher).dispatchEvents:9']);
  // the full name is one hover away
  await expect(sites.first().locator('.go-func')).toHaveAttribute('title', /^k8s\.io\/kubernetes\/staging\/src\/k8s\.io\//);
  // grouped by park site only, the two lines become one suspect with 2 call sites
  await page.getByTestId('group-level').selectOption('park-site');
  // (a locator that still matches the two rows of the previous grouping fails at once, strict, without
  // waiting: wait for the regrouped report to have one such row first)
  const merged = page.getByTestId('suspect-site').filter({ hasText: 'dispatchEvents' });
  await expect(merged).toHaveCount(1);
  await expect(merged).toHaveText(/dispatchEvents \(2 call sites\)/);
});

test('suspects come in the ranking’s tiers, each in order; every column header sorts', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('open-example').click();
  const sections = page.getByTestId('suspect-section');
  await expect(sections.first()).toBeVisible();
  await expect(sections.first().getByTestId('section-title')).toContainText('Proven leaked');
  const countsIn = async (i: number) => (await sections.nth(i).getByTestId('suspect-count').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
  const keysIn = async (i: number) => sections.nth(i).getByTestId('suspect').evaluateAll((els) => els.map((e) => [Number((e as HTMLElement).dataset.sortValue), Number((e as HTMLElement).dataset.sortThen)]));
  const n = await sections.count();
  // by rank: within a tier, in the order of the tier's own key (the row says which), highest first
  for (let i = 0; i < n; i++) {
    const k = await keysIn(i);
    expect(k.length).toBeGreaterThan(0);
    expect(k).toEqual([...k].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
  }
  // sort by goroutines (descending on first click), then ascending
  await page.getByTestId('sort-count').click();
  await expect(page.getByTestId('sort-count')).toHaveAttribute('data-sort', 'descending');
  for (let i = 0; i < n; i++) {
    const c = await countsIn(i);
    expect(c).toEqual([...c].sort((a, b) => b - a));
  }
  await page.getByTestId('sort-count').click();
  await expect(page.getByTestId('sort-count')).toHaveAttribute('data-sort', 'ascending');
  for (let i = 0; i < n; i++) {
    const c = await countsIn(i);
    expect(c).toEqual([...c].sort((a, b) => a - b));
  }
  // by park site: names in order within each tier
  await page.getByTestId('sort-site').click();
  for (let i = 0; i < n; i++) {
    const names = await sections.nth(i).getByTestId('suspect-site').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.func ?? ''));
    expect(names).toEqual([...names].sort());
  }
  // the pattern column sorts too
  await page.getByTestId('sort-pattern').click();
  await expect(page.getByTestId('sort-pattern')).toHaveAttribute('data-sort', 'ascending');
});

test('a go test timeout: the report starts with the panic line and the running tests, in the crash’s own words', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'extra-dumps/go1.27-gotest-timeout-v.txt');
  const cause = page.getByTestId('report-cause');
  await expect(cause).toBeVisible();
  await expect(cause).toContainText('panic: test timed out after 2s');
  await expect(page.getByTestId('running-tests')).toContainText('TestHang (2s)');
  await expect(page.getByTestId('running-tests')).toContainText('TestHang/sub (2s)');
  await expect(cause).toContainText('goroutine 5');
  await expect(cause).toContainText('testing.(*M).startAlarm.func1');
  // it comes before the suspects
  const causeBox = (await cause.boundingBox())!;
  const listBox = (await page.getByTestId('suspects').boundingBox())!;
  expect(causeBox.y).toBeLessThan(listBox.y);
});

test('the same timeout copied from a Windows console (tabs turned to spaces) still names the running tests', async ({ page }) => {
  await page.goto('/');
  const text = readFileSync(join(FIXTURES, 'extra-dumps/go1.27-gotest-timeout-v.txt'), 'utf8').replace(/\t/g, '    ').replace(/\n/g, '\r\n');
  await page.getByTestId('paste-box').fill(text);
  await page.getByTestId('paste-load').click();
  await expect(page.getByTestId('running-tests')).toContainText('TestHang/sub (2s)');
});

test('a passing test’s trace without suspects opens on the report like any other, and says why it has none', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'extra-traces/go1.21-gotest-context.trace');
  await expect(page.getByTestId('tab-report')).toHaveAttribute('aria-selected', 'true');
  // a passing `go test -trace` (Go 1.21): nothing is blocked like a leak, and the goroutines the trace shows no stack for are not blamed
  await expect(page.getByTestId('no-suspects')).toContainText('No suspects: nothing alive at the end of the trace is blocked in a way that looks like a leak');
  await expect(page.getByTestId('suspect')).toHaveCount(0);
  await expect(page.getByText('without a stack in the trace')).toBeVisible();
  await expect(page.getByText('unknown (no park site)')).toHaveCount(0);
});

test('a crash dump with per-thread g0 stacks: the report header and the overview count alike', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'extra-dumps/go1.27-sigquit-crash.txt');
  const summary = page.getByTestId('report-summary');
  await expect(summary).toContainText(/goroutine stacks, \d+ of them per-thread g0/);
  const [, stacks, g0] = /([\d,]+) goroutine stacks, (\d+) of them per-thread g0/.exec(await summary.innerText())!;
  await openOverview(page);
  expect(await statValue(page, 'stat-goroutines')).toBe(Number(stacks.replace(/,/g, '')));
  await expect(page.getByTestId('stat-goroutines')).toContainText(`${g0} of them per-thread g0`);
});

test('Back and Forward move between tabs and selections; a reload restores the files and the view', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('open-example').click();
  await expect(page.getByTestId('suspects')).toBeVisible();
  await page.getByTestId('suspect').nth(2).click();
  const third = await page.getByTestId('suspect').nth(2).getByTestId('suspect-site').getAttribute('data-func');
  await expect(page.getByTestId('suspect-detail')).toContainText(third!);
  await page.getByTestId('tab-goroutines').click();
  await page.getByTestId('goroutine-row').nth(4).click();
  const goid = (await page.getByTestId('goroutine-detail').locator('h2').innerText()).match(/Goroutine (\d+)/)![1];
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('snapshot-stats')).toBeVisible();
  // Back: the goroutines tab with the goroutine selected; Back again: no goroutine selected
  await page.goBack();
  await expect(page.getByTestId('tab-goroutines')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('goroutine-detail')).toContainText(`Goroutine ${goid}`);
  await page.goBack();
  await expect(page.getByTestId('goroutine-detail')).not.toContainText(`Goroutine ${goid}`);
  await page.goBack();
  // the report, with the suspect that was selected when we left it
  await expect(page.getByTestId('tab-report')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('suspect-detail')).toContainText(third!);
  await page.goForward();
  await page.goForward();
  await expect(page.getByTestId('goroutine-detail')).toContainText(`Goroutine ${goid}`);
  // a reload brings back the example and this exact view
  await page.reload();
  await expect(page.getByTestId('tab-goroutines')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('goroutine-detail')).toContainText(`Goroutine ${goid}`);
  await page.getByTestId('tab-report').click();
  await expect(page.getByTestId('suspect-detail')).toContainText(third!);
});

test('switching tabs keeps the selected suspect; a creator link highlights the creator and offers a way back', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug2.txt');
  await page.getByTestId('suspect').nth(1).click();
  const site = await page.getByTestId('suspect').nth(1).getByTestId('suspect-site').getAttribute('data-func');
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('tab-report').click();
  await expect(page.getByTestId('suspect-detail')).toContainText(site!);
  // labeledHandler's goroutines are created by spawnLabeled in goroutine 1, which is in the dump
  await page.getByTestId('tab-goroutines').click();
  await page.getByTestId('filter-text').fill('labeledHandler');
  await page.getByTestId('goroutine-row').first().click();
  const from = (await page.getByTestId('goroutine-detail').locator('h2').innerText()).match(/Goroutine (\d+)/)![1];
  await page.getByTestId('creator-link').click();
  await expect(page.getByTestId('goroutine-detail').locator('h2')).toContainText('Goroutine 1');
  await expect(page.getByTestId('goroutine-detail')).toContainText('not among the goroutines the table shows');
  await page.getByTestId('detail-back').click();
  await expect(page.getByTestId('goroutine-detail').locator('h2')).toContainText(`Goroutine ${from}`);
});

test('the ⚙ popover closes on Esc and on a click outside', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('settings').click();
  await expect(page.getByTestId('settings-popover')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-popover')).toHaveCount(0);
  await page.getByTestId('settings').click();
  await expect(page.getByTestId('settings-popover')).toBeVisible();
  await page.mouse.click(200, 500);
  await expect(page.getByTestId('settings-popover')).toHaveCount(0);
});

test('at 800 px the report stays readable: the summary on one or two lines, nothing cut off', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto('/');
  await page.getByTestId('open-example').click();
  const summary = page.getByTestId('report-summary');
  await expect(summary).toBeVisible();
  const box = (await summary.boundingBox())!;
  const lineHeight = await summary.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
  expect(box.height).toBeLessThanOrEqual(2 * lineHeight + 2);
  // no horizontal overflow of the page, and badges are whole
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const badge = (await page.locator('.lr-leaked').first().boundingBox())!;
  const list = (await page.getByTestId('suspects').boundingBox())!;
  expect(badge.x + badge.width).toBeLessThanOrEqual(list.x + list.width);
});
