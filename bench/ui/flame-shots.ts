/**
 * The flame graph's README screenshots (not a test), from the production build:
 *   npx tsx bench/ui/flame-shots.ts [OUTDIR]      (default docs/screenshots; run `npx vite build` first)
 * flame-entry-light.png: go1.27/debug2.txt entry-rooted, the chan-send site searched;
 * flame-park-dark.png: the same park-rooted in the dark theme, zoomed on [chan send];
 * flame-diff-light.png: grow-1.txt → grow-2.txt, diff against the first snapshot.
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startPreview } from './preview';

const FIX = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

async function open(page: Page, url: string, files: string[], dark: boolean): Promise<void> {
  await page.goto(url);
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('file-input').setInputFiles(files.map((f) => join(FIX, f)));
  await page.locator('[data-testid=report-summary], [data-testid=snapshot-stats], [data-testid=trace-stats]').first().waitFor({ timeout: 120_000 });
  await page.getByTestId('tab-flame').click();
  await page.getByTestId('flame-canvas').waitFor();
}

async function main(out: string): Promise<void> {
  const server = await startPreview(Number(process.env.SHOT_PORT ?? 4392));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    for (const shot of ['entry-light', 'park-dark', 'diff-light'] as const) {
      const dark = shot.endsWith('dark');
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
      await open(page, server.url, shot === 'diff-light' ? ['go1.27/grow-1.txt', 'go1.27/grow-2.txt'] : ['go1.27/debug2.txt'], dark);
      if (shot === 'entry-light') await page.getByTestId('flame-search').fill('produce');
      if (shot === 'park-dark') {
        await page.getByTestId('flame-orient-park').click();
        await page.locator('[data-testid=flame-child][data-label="[chan send]"]').click();
      }
      if (shot === 'diff-light') await page.getByTestId('flame-baseline').selectOption({ index: 1 });
      await page.waitForTimeout(600);
      await page.mouse.move(420, 330);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `flame-${shot}.png`) });
      await page.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')).catch((e) => {
  console.error(e);
  process.exit(1);
});
