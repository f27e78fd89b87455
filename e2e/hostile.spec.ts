import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { dropFiles } from './helpers';

/**
 * Hostile content (issue #15): a dump whose function names, file paths and labels carry HTML,
 * script, `javascript:` URLs, bidi controls and a 100 KB name. In every view nothing runs, nothing
 * becomes an element, everything shows as the text it is, and no request leaves the page's origin.
 */

const XSS = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const BIDI = '\u202Eevil\u202C';
const LONG = 'main.' + 'A'.repeat(100_000);

function hostileDump(): string {
  const g = (id: number, state: string, frames: [string, string][], created?: [string, string, number]) =>
    [
      `goroutine ${id} [${state}]:`,
      ...frames.flatMap(([f, file]) => [`${f}(0x0?)`, `\t${file} +0x1`]),
      ...(created ? [`created by ${created[0]} in goroutine ${created[2]}`, `\t${created[1]} +0x2`] : []),
      '',
    ].join('\n');
  const parts: string[] = [
    g(1, 'running', [['main.main', '/src/main.go:10']]),
  ];
  for (let i = 0; i < 5; i++)
    parts.push(
      g(10 + i, 'chan receive, 12 minutes {"tenant": "' + XSS.replace(/"/g, '\\"') + '", "x": "' + BIDI + '"}', [
        [`main.${XSS}`, `/src/javascript:alert(1)/${SCRIPT}.go:${20 + i}`],
        ['main.(*Server).serve', '/src/server.go:33'],
      ], ['main.spawn' + BIDI, '/src/spawn.go:5', 1]),
    );
  for (let i = 0; i < 3; i++) parts.push(g(30 + i, 'select', [[LONG, '/src/long.go:7']], ['main.main', '/src/main.go:12', 1]));
  return parts.join('\n');
}

async function noScriptRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], script:not([src]):not([type="application/ld+json"])').count()).toBe(0);
  // no link anywhere on the page points at a script URL
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const h of hrefs) expect(h.trim().toLowerCase().startsWith('javascript:')).toBe(false);
}

test('hostile names, paths and labels show literally in every view, nothing runs, nothing leaves the origin', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  const origin = new URL(baseURL!).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto('/');
  await dropFiles(page, [{ name: 'hostile.txt', bytes: Buffer.from(hostileDump()) }]);
  await expect(page.getByTestId('report-summary')).toBeVisible();
  await expect(page.getByText(`main.${XSS}`).first()).toBeVisible();
  await noScriptRan(page);

  const views: string[] = [];
  for (const t of await page.getByRole('tab').all()) views.push((await t.getAttribute('data-testid'))!);
  expect(views).toContain('tab-goroutines');
  for (const v of views) {
    await page.getByTestId(v).click();
    await page.waitForTimeout(300);
    await noScriptRan(page);
  }

  // the goroutine table and a goroutine's detail
  await page.getByTestId('tab-goroutines').click();
  await expect(page.getByTestId('goroutine-table')).toBeVisible();
  await page.getByTestId('goroutine-table').getByText(`main.${XSS}`).first().click();
  await expect(page.getByTestId('goroutine-detail')).toContainText(`main.${XSS}`);
  await expect(page.getByTestId('goroutine-detail')).toContainText(SCRIPT);
  await noScriptRan(page);

  // exports are text, never markup in the page
  await page.getByTestId('tab-report').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
  const md = readFileSync((await download.path())!, 'utf8');
  expect(md).toContain(`main.${XSS}`);
  await noScriptRan(page);
  expect(foreign).toEqual([]);
});

test('a shared link of a hostile dump opens as text', async ({ page, browser }) => {
  await page.goto('/');
  await dropFiles(page, [{ name: 'hostile.txt', bytes: Buffer.from(hostileDump()) }]);
  await expect(page.getByTestId('report-summary')).toBeVisible();
  await page.getByTestId('share-open').click();
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(url).toContain('#');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('report-summary')).toBeVisible();
  await expect(other.getByText(`main.${XSS}`).first()).toBeVisible();
  await noScriptRan(other);
  await fresh.close();
});

test('axe finds no serious or critical violations on the start page and every view, light and dark', async ({ page }) => {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    const check = async (where: string) => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      found.push(...bad.map((v) => `${where} (${scheme}): ${v.id} — ${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
    };
    await check('start page');
    await dropFiles(page, [{ name: 'hostile.txt', bytes: Buffer.from(hostileDump()) }]);
    await expect(page.getByTestId('report-summary')).toBeVisible();
    for (const t of await page.getByRole('tab').all()) {
      await t.click();
      await page.waitForTimeout(400);
      await check((await t.getAttribute('data-testid'))!);
    }
  }
  expect(found).toEqual([]);
});
