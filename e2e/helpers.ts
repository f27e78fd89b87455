import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures');

export function truth(rel: string): { expect: { snapshots_total?: Record<string, unknown>; parkSites?: { function: string; count: number }[]; trace?: Record<string, unknown> } } {
  return JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8'));
}

/** Drops files on the page the way a browser does: a DataTransfer in a drop event on the window. */
export async function dropFiles(page: Page, files: { name: string; bytes: Buffer | Uint8Array; type?: string }[]): Promise<void> {
  // the drop handler is attached in an effect: wait until the app has committed its first render
  // (App sets data-theme in an effect that runs after its children's, DropOverlay's included)
  await page.waitForFunction(() => !!document.documentElement.dataset.theme);
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64'), type: f.type ?? 'application/octet-stream' }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      dt.items.add(new File([arr], it.name, { type: it.type }));
    }
    const target = document.querySelector('.app') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, payload);
}

export async function dropFixture(page: Page, rel: string): Promise<void> {
  await dropFiles(page, [{ name: rel.split('/').pop()!, bytes: readFileSync(join(FIXTURES, rel)) }]);
}

/** Reads the state table (name → count) as the page shows it. */
export async function shownStates(page: Page): Promise<Record<string, number>> {
  const rows = page.locator('[data-testid=states-table] tr');
  await expect(rows.first()).toBeVisible();
  const out: Record<string, number> = {};
  for (const r of await rows.all()) {
    const n = Number((await r.locator('td').first().innerText()).replace(/,/g, ''));
    out[await r.locator('[data-testid=state-name]').innerText()] = n;
  }
  return out;
}

export async function shownParkSites(page: Page): Promise<Record<string, number>> {
  const rows = page.locator('[data-testid=parksites-table] tr');
  await expect(rows.first()).toBeVisible();
  const out: Record<string, number> = {};
  for (const r of await rows.all()) {
    const n = Number((await r.locator('td').first().innerText()).replace(/,/g, ''));
    out[await r.locator('[data-testid=parksite-name]').innerText()] = n;
  }
  return out;
}

export async function statValue(page: Page, testid: string): Promise<number> {
  const t = await page.locator(`[data-testid=${testid}] .stat-value`).innerText();
  return Number(t.replace(/,/g, ''));
}

/** After a load the leak report shows first; counts per state and park site live on Overview. */
export async function openOverview(page: Page): Promise<void> {
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('stat-goroutines')).toBeVisible();
}

/** Picks a state in the table's state filter by its name (options read "name (count)"). */
export async function selectState(page: Page, state: string): Promise<void> {
  const options = await page.getByTestId('filter-state').locator('option').allInnerTexts();
  const label = state === '' ? 'all states' : options.find((o) => o.startsWith(`${state} (`));
  if (!label) throw new Error(`no state option ${state} in ${options.join(' | ')}`);
  await page.getByTestId('filter-state').selectOption({ label });
}
