/**
 * A screenshot of the production build with files loaded (not a test): for looking at what was
 * built and for the README's pictures.
 *   npx tsx bench/ui/screenshot.ts OUT.png [--width 1440] [--height 900] [--dark] [--tab report|overview|goroutines]
 *     [--click TESTID]... [--fill TESTID=TEXT]... [--select TESTID=LABEL]... [--keys KEYS] [--port N] FILE...
 * --click, --fill (types into an input) and --select (an option by its label's start) run in the order given.
 * --keys: characters typed, one key each, into the timeline's canvas after those (e.g. wwww to zoom in).
 * e.g. the table's filter on the timeline:
 *   --tab goroutines --select 'filter-state=chan receive' --click tab-timeline --click tl-only-matching
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
  const steps: { kind: 'click' | 'fill' | 'select'; testid: string; value: string }[] = [];
  const step = (kind: 'fill' | 'select', arg: string) => {
    const eq = arg.indexOf('=');
    if (eq < 0) throw new Error(`--${kind} TESTID=VALUE, not ${arg}`);
    steps.push({ kind, testid: arg.slice(0, eq), value: arg.slice(eq + 1) });
  };
  let keys = '';
  let port = 4192;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--width') width = Number(argv[++i]);
    else if (a === '--height') height = Number(argv[++i]);
    else if (a === '--dark') dark = true;
    else if (a === '--tab') tab = argv[++i];
    else if (a === '--click') steps.push({ kind: 'click', testid: argv[++i], value: '' });
    else if (a === '--fill') step('fill', argv[++i]);
    else if (a === '--select') step('select', argv[++i]);
    else if (a === '--port') port = Number(argv[++i]);
    else if (a === '--keys') keys = argv[++i];
    else files.push(a);
  }
  const server = await startPreview(port);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(server.url);
    if (files.length) {
      await page.getByTestId('file-input').setInputFiles(files);
      await page.locator('[data-testid=report-summary], [data-testid=snapshot-stats], [data-testid=trace-stats]').first().waitFor({ timeout: 300_000 });
    }
    if (tab) await page.getByTestId(`tab-${tab}`).click();
    for (const st of steps) {
      const el = page.getByTestId(st.testid).first();
      if (st.kind === 'click') await el.click();
      else if (st.kind === 'fill') await el.fill(st.value);
      else {
        const label = (await el.locator('option').allInnerTexts()).find((o) => o.startsWith(st.value));
        if (!label) throw new Error(`no option ${st.value} in ${st.testid}`);
        await el.selectOption({ label });
      }
    }
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
