/**
 * Large traceback-text inputs built from real fixtures: goroutine blocks of a real dump replicated
 * with fresh ids (and, for the labelled variant, a distinct request id label per goroutine), so the
 * parser sees real line shapes at scale. Two shapes carry what transports add (CRLF line ends, a
 * journald prefix on every line): the byte scanner reads those too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIX = join(import.meta.dirname, '..', 'test', 'fixtures');

export interface DumpSpec {
  name: string;
  fixture: string;
  goroutines: number;
  labels: boolean;
  /** what a transport did to every line */
  transport?: 'crlf' | 'journald';
}

export const DUMP_SPECS: DumpSpec[] = [
  { name: 'debug2-10k.txt', fixture: 'go1.27/debug2.txt', goroutines: 10_000, labels: false },
  { name: 'debug2-100k.txt', fixture: 'go1.27/debug2.txt', goroutines: 100_000, labels: false },
  { name: 'debug2-labels-100k.txt', fixture: 'go1.27/debug2-gomod-current.txt', goroutines: 100_000, labels: true },
  { name: 'sigquit-100k.txt', fixture: 'go1.27/sigquit-all.txt', goroutines: 100_000, labels: false },
  { name: 'go119-deep-100k.txt', fixture: 'go1.19/debug2-ancestors.txt', goroutines: 100_000, labels: false },
  { name: 'debug2-crlf-100k.txt', fixture: 'go1.27/debug2.txt', goroutines: 100_000, labels: false, transport: 'crlf' },
  { name: 'debug2-journald-100k.txt', fixture: 'go1.27/debug2.txt', goroutines: 100_000, labels: false, transport: 'journald' },
];

/** Blocks of a dump (header line first), the first block (the caller) excluded. */
function blocks(text: string): string[] {
  const start = text.indexOf('goroutine ');
  const body = text.slice(start).replace(/\n+$/, '');
  return body.split('\n\n').filter((b) => /^goroutine \d+ /.test(b));
}

export function buildDump(spec: DumpSpec): string {
  const text = readFileSync(join(FIX, spec.fixture), 'utf8');
  const bs = blocks(text);
  const first = bs[0];
  const rest = bs.slice(1).filter((b) => !b.startsWith('goroutine 0 '));
  const out: string[] = [];
  const pre = text.slice(0, text.indexOf('goroutine '));
  out.push(pre + first);
  let id = 1_000_000;
  for (let i = 1; i < spec.goroutines; i++) {
    let b = rest[i % rest.length].replace(/^goroutine \d+ /, `goroutine ${id++} `);
    if (spec.labels) {
      const lbl = `{request_id: r-${i.toString(36)}, tenant: acme}`;
      b = b.replace(/^(goroutine \d+ [^\n]*?\])(?: \{[^\n]*\})?:/, `$1 ${lbl}:`);
    }
    out.push(b);
  }
  const dump = out.join('\n\n') + '\n';
  if (spec.transport === 'crlf') return dump.replace(/\n/g, '\r\n');
  if (spec.transport === 'journald') {
    let i = 0;
    return dump.replace(/^/gm, () => `Dec 02 06:04:${String(i++ % 60).padStart(2, '0')} host orders[4242]: `).replace(/Dec 02 [^\n]*: $/, '');
  }
  return dump;
}
