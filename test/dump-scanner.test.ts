/**
 * The traceback parser reads most lines with its byte scanner and hands the rest to its line path
 * (src/formats/dump/parse-dump.ts). The line path owns the grammar; the byte scanner must read
 * every line it takes exactly as the line path would. These tests parse each real fixture, and
 * each in the shapes log transports and consoles give it, both ways and compare everything.
 */
import { describe, expect, it } from 'vitest';
import { fixtures } from './expect';
import { describeModel, hardWrap, parseDumpBytes, readFixture } from './dump-helpers';

const enc = new TextEncoder();
const dumps = fixtures((t) => t.expect.format === 'goroutine-dump').map(([rel]) => rel);

async function bothWays(text: string | Uint8Array, chunk?: number) {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const fast = await parseDumpBytes(bytes, { chunk });
  const lines = await parseDumpBytes(bytes, { chunk, byteScanner: false });
  expect(fast.error).toEqual(lines.error);
  expect(describeModel(fast.view)).toEqual(describeModel(lines.view));
  return fast;
}

const lines = (t: string) => t.replace(/\n$/, '').split('\n');

const VARIANTS: [string, (t: string) => string][] = [
  ['as captured', (t) => t],
  ['CRLF', (t) => t.replace(/\n/g, '\r\n')],
  ['journald prefix', (t) => lines(t).map((l, i) => `Nov 27 06:04:${String(i % 60).padStart(2, '0')} host app[42]: ${l}`).join('\n') + '\n'],
  ['TABs as 4 spaces', (t) => t.replace(/\t/g, '    ')],
  ['ANSI colours and #011', (t) => t.replace(/^(goroutine \d+ )/gm, '\x1b[1m$1').replace(/\]:$/gm, ']:\x1b[0m').replace(/^\t/gm, '#011')],
  ['wrapped at 80 columns', (t) => hardWrap(t, 80)],
  ['wrapped at 80 columns, TABs as spaces', (t) => hardWrap(t, 80, 'spaces')],
];

describe('the byte scanner reads every line it takes as the line path does', () => {
  for (const rel of dumps) {
    it(`${rel}`, async () => {
      await bothWays(readFixture(rel));
    });
  }
  for (const rel of ['go1.27/sigquit-all-gomod-current.txt', 'go1.19/debug2-ancestors.txt', 'go1.26/debug2-tracebacklabels.txt', 'extra-dumps/go1.27-gotest-timeout-v.txt']) {
    for (const [name, f] of VARIANTS) {
      it(`${rel}, ${name}, 7-byte chunks`, async () => {
        await bothWays(f(readFixture(rel)), 7);
      });
    }
  }
});

describe('the byte scanner takes the lines that make up a dump', () => {
  for (const rel of ['go1.27/sigquit-all.txt', 'go1.27/debug2-gomod-current.txt', 'go1.19/debug2.txt', 'go1.22/sigquit-system.txt', 'go1.19/debug2-ancestors.txt', 'go1.27/debug2-ancestors.txt']) {
    it(`${rel}: every header, frame, file, created-by, ancestor and empty line`, async () => {
      const text = readFixture(rel);
      const lineLines: number[] = [];
      const { error } = await parseDumpBytes(enc.encode(text), { lineLines, chunk: 4093 });
      expect(error).toBeNull();
      const all = lines(text);
      const firstHeader = all.findIndex((l) => l.startsWith('goroutine '));
      // after the first header (before it, the log prefix is not known yet)
      const left = lineLines.filter((n) => n > firstHeader + 1).map((n) => all[n - 1]);
      const dumpLines = left.filter((l) => /^goroutine \d+ |^\t\S.*:\d+( \+0x[0-9a-f]+)?( fp=\S+ sp=\S+ pc=\S+)?$|^created by |^$|^[^\t ].*\)$|^\[originating from goroutine \d+\]:$/.test(l));
      expect(dumpLines).toEqual([]);
    });
  }
});

describe('the byte scanner agrees with the line path on damaged input too', () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  // bytes that matter to the scanner's decisions: line ends, TAB, (, ), :, +, [, ], {, }, ", \, ESC, #, digits, x
  const ALPHABET = '\n\r\t ()[]{}:,+"\\\x1b#0123456789abcdefx.gocreatedby';
  for (const rel of ['go1.27/sigquit-all-gomod-current.txt', 'go1.19/debug2-ancestors.txt', 'go1.26/debug2-tracebacklabels.txt', 'extra-dumps/go1.27-gotest-timeout-v.txt', 'go1.21/deadlock.txt']) {
    it(`${rel}: 40 damaged copies (CRLF, wrapped and journald-prefixed ones among them)`, async () => {
      const base = readFixture(rel);
      const rand = rng(rel.length * 7907);
      for (let k = 0; k < 40; k++) {
        const t = k % 4 === 1 ? base.replace(/\n/g, '\r\n') : k % 4 === 2 ? hardWrap(base, 80) : k % 4 === 3 ? VARIANTS[2][1](base) : base;
        const b = enc.encode(t);
        const edits = 1 + Math.floor(rand() * 30);
        for (let e = 0; e < edits; e++) b[Math.floor(rand() * b.length)] = rand() < 0.8 ? ALPHABET.charCodeAt(Math.floor(rand() * ALPHABET.length)) : Math.floor(rand() * 256);
        await bothWays(rand() < 0.3 ? b.subarray(0, Math.floor(rand() * b.length)) : b, 1 + Math.floor(rand() * 300));
      }
    });
  }
});
