/**
 * Argument words (Model.args): the dump parser keeps the pointer-like words of every frame line,
 * with the frame, the position and the stale mark — the same through its byte scanner and its
 * line path, on every dump fixture and in the shapes transports give them.
 */
import { describe, expect, it } from 'vitest';
import { ArgInfo, ModelBuilder } from '../src/model/model';
import type { ModelView } from '../src/model/read';
import { fixtures } from './expect';
import { hardWrap, parseDumpBytes, readFixture } from './dump-helpers';

const enc = new TextEncoder();

/** Every kept word as text: `goid frame-function #position value[?]`. */
function wordsOf(view: ModelView): string[] {
  const m = view.model;
  const out: string[] = [];
  for (let r = 0; r < m.goroutines.count; r++) {
    const frames = m.goroutines.stack[r] >= 0 ? view.stackFrames(m.goroutines.stack[r]) : [];
    for (let k = r > 0 ? m.args.rowEnd[r - 1] : 0; k < m.args.rowEnd[r]; k++) {
      const info = m.args.info[k];
      const f = frames[info & ArgInfo.FrameMask];
      out.push(`${m.goroutines.goid[r]} ${f === undefined ? '?' : view.frameFunc(f)} #${(info >> ArgInfo.PositionShift) & ArgInfo.PositionMask} 0x${m.args.addr[m.args.word[k]].toString(16)}${info & ArgInfo.Stale ? '?' : ''}`);
    }
  }
  return out;
}

async function bothWays(text: string, chunk?: number): Promise<string[]> {
  const bytes = enc.encode(text);
  const fast = await parseDumpBytes(bytes, { chunk });
  const lines = await parseDumpBytes(bytes, { chunk, byteScanner: false });
  const a = wordsOf(fast.view);
  expect(a).toEqual(wordsOf(lines.view));
  expect(fast.view.model.args.rowEnd.length).toBe(fast.view.model.goroutines.count);
  return a;
}

describe('argument words: what is kept', () => {
  it('pointer-like words with frame, position and the stale mark; small values, inlined frames, over-long words and runtime internals are not kept', async () => {
    const dump = [
      'goroutine 1 [chan receive]:',
      'runtime.gopark(0x4a5b20?, 0xc000102f18?, 0x0?, 0x0?, 0x0?)',
      '\t/usr/lib/go/src/runtime/proc.go:425 +0xce',
      'runtime.chanrecv(0xc00001e0c0, 0x0, 0x1)',
      '\t/usr/lib/go/src/runtime/chan.go:639 +0x41c',
      'main.inl(...)',
      '\t/app/main.go:9',
      'main.worker({0x1, 0x2, {0x47327e, 0x2}, {0xc000018090, 0x3, 0x3}}, 0xfffffffffffff, 0x1000, 0xfff, ...)',
      '\t/app/main.go:12 +0x33',
      '',
      'goroutine 2 [sync.WaitGroup.Wait]:',
      'sync.(*WaitGroup).Wait(0xc0000b2000)',
      '\t/usr/lib/go/src/sync/waitgroup.go:118 +0x60',
      'created by main.main in goroutine 1',
      '\t/app/main.go:20 +0x25',
      '',
    ].join('\n');
    expect(await bothWays(dump)).toEqual([
      // runtime frames other than the channel and semaphore operations keep none (stack and code addresses)
      '1 runtime.chanrecv #0 0xc00001e0c0',
      // {0x1, 0x2, {0x47327e, 0x2}, {0xc000018090, 0x3, 0x3}}: words 0–6, then 0xfffffffffffff (13 digits) is 7, 0x1000 is 8
      '1 main.worker #2 0x47327e',
      '1 main.worker #4 0xc000018090',
      '1 main.worker #8 0x1000',
      '2 sync.(*WaitGroup).Wait #0 0xc0000b2000',
    ]);
  });

  it('equal values share one address id, across goroutines', async () => {
    const dump = ['goroutine 5 [chan send]:', 'main.a(0xc0000a0000)', '\t/a.go:1 +0x1', '', 'goroutine 6 [chan receive]:', 'main.b(0xc0000a0000?)', '\t/a.go:2 +0x1', ''].join('\n');
    const { view } = await parseDumpBytes(enc.encode(dump));
    const a = view.model.args;
    expect(a.count).toBe(2);
    expect(a.word[0]).toBe(a.word[1]);
    expect(a.addrCount).toBe(1);
    expect([...a.rowEnd]).toEqual([1, 2]);
  });

  it('a rollback drops the words and addresses of what it undoes', () => {
    const b = new ModelBuilder();
    const input = b.addInput('a', 1);
    const s = b.addSnapshot(input, { kind: 'traceback' });
    b.pushArg(b.argAddress(0xc000010000), 0);
    b.addGoroutine({ snapshot: s });
    const mark = b.mark();
    b.pushArg(b.argAddress(0xc000020000), 0);
    b.pushArg(b.argAddress(0xc000010000), 1);
    b.addGoroutine({ snapshot: s });
    b.pushArg(b.argAddress(0xc000030000), 0);
    b.rollback(mark);
    const m = b.freeze();
    expect([m.args.count, m.args.addrCount, [...m.args.rowEnd]]).toEqual([1, 1, [1]]);
    // interning still works after the rehash
    expect(b.argAddress(0xc000010000)).toBe(0);
    expect(b.argAddress(0xc000020000)).toBe(1);
  });
});

describe('argument words: the byte scanner keeps what the line path keeps', () => {
  const dumps = fixtures((t) => t.expect.format === 'goroutine-dump').map(([rel]) => rel);
  for (const rel of [...dumps, 'goker/Cockroach7504.dump.txt', 'goker/Etcd10492.dump.txt', 'goker/Hugo5379.leak.txt']) {
    it(rel, async () => {
      const words = await bothWays(readFixture(rel));
      // traceback text of Go 1.17+ always has some
      expect(words.length).toBeGreaterThan(0);
    });
  }
  const lines = (t: string) => t.replace(/\n$/, '').split('\n');
  const VARIANTS: [string, (t: string) => string][] = [
    ['CRLF', (t) => t.replace(/\n/g, '\r\n')],
    ['journald prefix', (t) => lines(t).map((l, i) => `Nov 27 06:04:${String(i % 60).padStart(2, '0')} host app[42]: ${l}`).join('\n') + '\n'],
    ['TABs as 4 spaces', (t) => t.replace(/\t/g, '    ')],
    ['wrapped at 80 columns', (t) => hardWrap(t, 80)],
  ];
  for (const rel of ['go1.27/sigquit-all-gomod-current.txt', 'go1.19/debug2-ancestors.txt']) {
    const plain = readFixture(rel);
    for (const [name, f] of VARIANTS) {
      it(`${rel}, ${name}, 7-byte chunks: the words of the plain file`, async () => {
        const words = await bothWays(f(plain), 7);
        const { view } = await parseDumpBytes(enc.encode(plain));
        expect(words).toEqual(wordsOf(view));
      });
    }
  }
});
