/**
 * A screenshot of the production build with files loaded (not a test): for looking at what was
 * built and for the README's pictures.
 *   npx tsx bench/ui/screenshot.ts OUT.png [--width 1440] [--height 900] [--dark] [--tab report|overview|goroutines]
 *     [--click TESTID]... [--keys KEYS] FILE...
 * --keys: characters typed, one key each, into the timeline's canvas after the clicks (e.g. wwww to zoom in).
 * Run `npm run build` first.
 */
import { chromium } from '@playwright/test';
import { startPreview } from './preview';

async function main(argv: string[]): Promise<void> {
  const out = argv[0];
  let width = 1440;
  let height = 900;
  let dark = false;
  let tab = '';
  const clicks: string[] = [];
  let keys = '';
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--width') width = Number(argv[++i]);
    else if (a === '--height') height = Number(argv[++i]);
    else if (a === '--dark') dark = true;
    else if (a === '--tab') tab = argv[++i];
    else if (a === '--click') clicks.push(argv[++i]);
    else if (a === '--keys') keys = argv[++i];
    else files.push(a);
  }
  const server = await startPreview(4192);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(server.url);
    if (files.length) {
      await page.getByTestId('file-input').setInputFiles(files);
      await page.locator('[data-testid=report-summary], [data-testid=snapshot-stats], [data-testid=trace-stats]').first().waitFor({ timeout: 300_000 });
    }
    if (tab) await page.getByTestId(`tab-${tab}`).click();
    for (const c of clicks) await page.getByTestId(c).first().click();
    if (keys) {
      await page.locator('[data-testid=tl-canvas] canvas').focus();
      for (const k of keys) await page.keyboard.press(k);
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
