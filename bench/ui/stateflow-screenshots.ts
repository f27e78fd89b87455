/**
 * The README's state-flow pictures (not a test): the production build at 1280×800 with fixtures
 * loaded, the State flow tab open.
 *   npm run build && npx tsx bench/ui/stateflow-screenshots.ts [OUT_DIR] [--port 4293]
 * Writes stateflow-light.png (Go 1.27 trace, whole trace), stateflow-dark.png (a range and a
 * cursor), stateflow-schedtrace.png (a scheddetail log's SCHED block) and stateflow-dump.png.
 */
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startPreview } from './preview';

const FIX = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

async function main(argv: string[]): Promise<void> {
  const out = argv[0] && !argv[0].startsWith('--') ? argv[0] : join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  const port = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : 4293;
  const server = await startPreview(port);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const open = async (file: string, dark: boolean): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(server.url);
    await page.getByTestId('file-input').setInputFiles(join(FIX, file));
    await page.getByTestId('tab-stateflow').click();
    await page.getByTestId('stateflow').waitFor();
    await page.waitForTimeout(600);
    return page;
  };
  try {
    let page = await open('go1.27/trace.out', false);
    await page.screenshot({ path: join(out, 'stateflow-light.png') });
    page = await open('go1.27/trace.out', true);
    const b = (await page.getByTestId('sf-overview').boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.05, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.mouse.click(b.x + b.width * 0.3, b.y + b.height / 2);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(out, 'stateflow-dark.png') });
    page = await open('go1.27/schedtrace-detail.txt', false);
    await page.getByTestId('sf-sched-slider').fill('1');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, 'stateflow-schedtrace.png') });
    page = await open('go1.27/debug2.txt', false);
    await page.screenshot({ path: join(out, 'stateflow-dump.png') });
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
