/**
 * The traceback parser on the ways dumps reach users (docs/goroutine-dump-formats.md §6, §8.2):
 * real fixtures wrapped by log transports, damaged, concatenated — each checked against the
 * fixture's truth — and synthetic headers and frames for the variants no fixture has.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, parseBytes, parkSiteTotals, snapshotsTotal, toRecord, type Truth } from './expect';
import { summarize } from '../src/analysis/summary';
import { parseHeader, readRuntimeQuoted } from '../src/formats/dump/header';
import { parseFileLine } from '../src/formats/dump/parse-dump';
import { GFlag, FrameFlag } from '../src/model/model';
import type { ModelView } from '../src/model/read';

const enc = new TextEncoder();
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const truthOf = (rel: string) => JSON.parse(read(rel + '.truth.json')) as Truth;

async function summaryText(text: string, chunk = 4096) {
  const view = await parseBytes('t.txt', enc.encode(text), chunk);
  return { view, s: summarize(view).inputs[0] };
}

async function expectTruth(text: string, rel: string, chunk?: number) {
  const { s } = await summaryText(text, chunk);
  const t = truthOf(rel).expect;
  expect(s.error).toBeNull();
  expect(snapshotsTotal(s, Object.keys(t.snapshots_total!))).toEqual(t.snapshots_total);
  expect(parkSiteTotals(s)).toEqual(toRecord(t.parkSites!));
  return s;
}

const lines = (t: string) => t.replace(/\n$/, '').split('\n');

describe('log transports around a real Go 1.27 dump', () => {
  const rel = 'go1.27/debug2-gomod-current.txt';
  const text = read(rel);

  it('journald prefix on every line is learned and stripped', async () => {
    const wrapped = lines(text).map((l, i) => `Nov 27 06:04:${String(i % 60).padStart(2, '0')} host leaky[4242]: ${l}`).join('\n') + '\n';
    await expectTruth(wrapped, rel);
  });

  it('kubectl --timestamps prefix with varying fraction widths', async () => {
    const wrapped = lines(text).map((l, i) => `2026-11-27T06:04:01.${String(123456 + i * 7)}Z ${l}`).join('\n');
    await expectTruth(wrapped, rel);
  });

  it('CRI log lines, with a frame split across P and F records', async () => {
    const out: string[] = [];
    for (const l of lines(text)) {
      if (l.length > 20 && l.startsWith('\t')) {
        out.push(`2026-11-27T06:04:01.1Z stderr P ${l.slice(0, 9)}`);
        out.push(`2026-11-27T06:04:01.1Z stderr F ${l.slice(9)}`);
      } else out.push(`2026-11-27T06:04:01.1Z stderr F ${l}`);
    }
    await expectTruth(out.join('\n'), rel);
  });

  it('go test -json Output records', async () => {
    const out = [JSON.stringify({ Action: 'start', Package: 'example.com/x' })];
    for (const l of lines(text)) out.push(JSON.stringify({ Time: '2026-11-27T06:22:37Z', Action: 'output', Package: 'example.com/x', Output: l + '\n' }));
    out.push(JSON.stringify({ Action: 'fail', Package: 'example.com/x' }));
    await expectTruth(out.join('\n'), rel);
  });

  it('Docker json-file records', async () => {
    const out = lines(text).map((l) => JSON.stringify({ log: l + '\n', stream: 'stderr', time: '2026-11-27T06:04:01.1Z' }));
    await expectTruth(out.join('\n'), rel);
  });

  it('rsyslog #011 for TAB after a syslog prefix', async () => {
    const wrapped = lines(text).map((l) => `Nov 27 06:04:01 host leaky[4242]: ${l.replace(/\t/g, '#011')}`).join('\n');
    await expectTruth(wrapped, rel);
  });

  it('CRLF line ends, and lone CR', async () => {
    await expectTruth(text.replace(/\n/g, '\r\n'), rel, 5);
    await expectTruth(text.replace(/\n/g, '\r'), rel, 5);
  });

  it('tabs turned into 4 spaces, or removed', async () => {
    await expectTruth(text.replace(/\t/g, '    '), rel);
    await expectTruth(text.replace(/\t/g, ''), rel);
  });

  it('#011 and ANSI escapes split by chunk seams, and ESC escaped inside JSON lines', async () => {
    const wrapped = lines(text).map((l) => `Nov 27 06:04:01 host leaky[4242]: ${l.replace(/\t/g, '#011')}`).join('\n');
    for (const size of [3, 5, 7]) await expectTruth(wrapped, rel, size);
    const colored = text.replace(/^(goroutine \d+ \[)/gm, '\x1b[1;31m$1').replace(/\]:$/gm, ']:\x1b[0m');
    await expectTruth(colored, rel, 5);
    const json = lines(colored).map((l) => JSON.stringify({ log: l + '\n', stream: 'stderr' }));
    expect(json.some((j) => j.includes('\\u001b'))).toBe(true);
    await expectTruth(json.join('\n'), rel, 64);
  });

  it('ANSI colours around headers', async () => {
    await expectTruth(text.replace(/^(goroutine \d+ \[)/gm, '\x1b[1;31m$1').replace(/\]:$/gm, ']:\x1b[0m'), rel);
  });

  it('a UTF-8 BOM, and UTF-16LE with BOM (PowerShell redirection)', async () => {
    await expectTruth('\ufeff' + text, rel);
    const u16 = new Uint8Array(2 + text.length * 2);
    u16[0] = 0xff;
    u16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      u16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const view = await parseBytes('ps.txt', u16, 333);
    const s = summarize(view).inputs[0];
    expect(s.snapshots[0].goroutines).toBe((truthOf(rel).expect.snapshots_total as { goroutines: number }).goroutines);
  });

  it('foreign log lines interleaved inside blocks do not end them', async () => {
    const withNoise = lines(text)
      .map((l, i) => (i % 7 === 3 ? `Nov 27 06:04:01 host other[99]: unrelated message ${i}\nNov 27 06:04:01 host leaky[4242]: ${l}` : `Nov 27 06:04:01 host leaky[4242]: ${l}`))
      .join('\n');
    await expectTruth(withNoise, rel);
  });
});

describe('dumps in one file, damage', () => {
  it('a dump after more than a MiB of unrelated log lines is still found', async () => {
    const log = Array.from({ length: 30000 }, (_, i) => `2026/11/27 06:00:00 request ${i} served in 3ms`).join('\n') + '\n';
    expect(log.length).toBeGreaterThan(1 << 20);
    await expectTruth(log + read('go1.24/stack.txt'), 'go1.24/stack.txt', 1 << 16);
  });

  it('two dumps of the same process become two snapshots', async () => {
    const a = read('go1.22/grow-1.txt');
    const b = read('go1.22/grow-2.txt');
    const { s } = await summaryText(a + '\n' + b);
    expect(s.snapshots).toHaveLength(2);
    expect(s.snapshots[0].goroutines).toBe((truthOf('go1.22/grow-1.txt').expect.snapshots_total as { goroutines: number }).goroutines);
    expect(s.snapshots[1].goroutines).toBe((truthOf('go1.22/grow-2.txt').expect.snapshots_total as { goroutines: number }).goroutines);
  });

  it('a SIGQUIT dump followed by a panic dump: preambles start new snapshots', async () => {
    const { s, view } = await summaryText(read('go1.21/sigquit-all.txt') + '\n' + read('go1.21/panic-all.txt'));
    expect(s.snapshots).toHaveLength(2);
    expect(view.model.snapshots[0].preamble.signal).toBe('SIGQUIT: quit');
    expect(view.model.snapshots[1].preamble.panic).toMatch(/deliberate panic/);
  });

  it('a truncated file keeps every complete goroutine and warns with the line number', async () => {
    const text = read('go1.27/debug2.txt');
    const cut = text.indexOf('main.chanRecvLeaker');
    const { s, view } = await summaryText(text.slice(0, cut + 'main.chanRecvLeak'.length));
    expect(s.error).toBeNull();
    const headers = text.slice(0, cut).split('\ngoroutine ').length; // complete blocks + the cut one
    // every complete goroutine, plus the cut one (its header was read) flagged as truncated
    expect(s.snapshots[0].goroutines).toBe(headers);
    expect(s.warnings.some((w) => /^line \d+: input ends inside goroutine \d+/.test(w))).toBe(true);
    const g = view.model.goroutines;
    expect(g.flags[g.count - 1] & GFlag.Truncated).toBeTruthy();
  });

  it('truncation at every byte of one block never throws and never loses earlier goroutines', async () => {
    const text = read('go1.21/deadlock.txt');
    const blocks = text.split('\n\n');
    const prefix = blocks.slice(0, 3).join('\n\n') + '\n\n';
    const block = blocks[3];
    for (let i = 1; i < block.length; i += 3) {
      const { s } = await summaryText(prefix + block.slice(0, i), 64);
      expect(s.error).toBeNull();
      expect(s.snapshots[0].goroutines).toBeGreaterThanOrEqual(2);
    }
  });

  it('frames without a goroutine header are an error naming the line', async () => {
    const { s } = await summaryText('some log\nmain.f(0x1)\n\t/x/main.go:12 +0x1d\n');
    expect(s.error).toBe('line 2: frame without a goroutine header');
  });

  it('a line not understood inside a block is a warning, not fatal', async () => {
    const { s } = await summaryText('goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n!!! garbage here\nmain.g()\n\t/x/main.go:9 +0x1\n');
    expect(s.error).toBeNull();
    expect(s.snapshots[0].goroutines).toBe(1);
    expect(s.warnings.some((w) => w.startsWith('line 4: not understood'))).toBe(true);
  });
});

describe('headers', () => {
  it('every field at once', () => {
    const h = parseHeader('goroutine 18446744073709551615 gp=0xc000007c00 m=12 mp=0xc000100008 [chan receive (nil chan) (leaked) (scan), 1 minutes, locked to thread, synctest bubble 3] {k: v}:')!;
    expect(h).toMatchObject({ goid: 2 ** 64 /* 18446744073709551615 as the nearest double */, m: 12, state: 'chan receive (nil chan)', leaked: true, scan: true, locked: true, waitMinutes: 1, bubble: 3, labels: [['k', 'v']] });
  });

  it('m=nil, unknown wait reasons and status ??? are kept verbatim', () => {
    expect(parseHeader('goroutine 2 gp=0x2123b5f50d20 m=nil [force gc (idle)]:')).toMatchObject({ m: -1, state: 'force gc (idle)' });
    expect(parseHeader('goroutine 9 [some future reason, 5 minutes]:')).toMatchObject({ state: 'some future reason', waitMinutes: 5 });
    expect(parseHeader('goroutine 9 [???]:')).toMatchObject({ state: '???' });
  });

  it('1.27 labels: bare and quoted, with ], :, {, escapes and an empty key', () => {
    const h = parseHeader('goroutine 42 [chan receive] {"": x, "a]b": "c: {d}", "q\\"": "\\x01\\u00e9\\n", worker: alpha}:')!;
    expect(h.labels).toEqual([
      ['', 'x'],
      ['a]b', 'c: {d}'],
      ['q"', '\u0001é\n'],
      ['worker', 'alpha'],
    ]);
  });

  it('1.26 labels inside the brackets', () => {
    const h = parseHeader('goroutine 30 [chan receive, 3 minutes labels:{"req id": "a=1 \\"q\\"", "worker": "alpha"}]:')!;
    expect(h.state).toBe('chan receive');
    expect(h.waitMinutes).toBe(3);
    expect(h.labels).toEqual([
      ['req id', 'a=1 "q"'],
      ['worker', 'alpha'],
    ]);
  });

  it('durable and synctest group (1.24) forms', () => {
    expect(parseHeader('goroutine 8 [chan receive (durable), synctest bubble 1]:')).toMatchObject({ state: 'chan receive', durable: true, bubble: 1 });
    expect(parseHeader('goroutine 22 [chan receive (synctest), synctest group 21]:')).toMatchObject({ state: 'chan receive (synctest)', bubble: 21 });
  });

  it('runtime quoting decodes \\U and invalid bytes', () => {
    expect(readRuntimeQuoted('"\\U0001f600\\xff"', 0)!.value).toBe('😀\ufffd');
  });
});

describe('frames', () => {
  it('file lines parse from the right: Windows drive letters, spaces, offsets and fp/sp/pc', () => {
    expect(parseFileLine('\tC:/Program Files/Go/src/runtime/proc.go:250 +0x1b')).toEqual({ file: 'C:/Program Files/Go/src/runtime/proc.go', line: 250 });
    expect(parseFileLine('\t/usr/lib/go-1.27/src/runtime/panic.go:878 +0x159 fp=0x2123b5f96e28 sp=0x2123b5f96d80 pc=0x486e19')).toEqual({ file: '/usr/lib/go-1.27/src/runtime/panic.go', line: 878 });
    expect(parseFileLine('\t_testmain.go:51')).toEqual({ file: '_testmain.go', line: 51 });
    expect(parseFileLine('main.f(0x1)')).toBeNull();
  });

  async function stackOf(text: string): Promise<{ view: ModelView; frames: number[] }> {
    const { view } = await summaryText(text);
    return { view, frames: view.stackFrames(view.model.goroutines.stack[0]) };
  }

  it('receivers with parentheses, generics, %2e paths, inlined frames, wrappers with spaces', async () => {
    const { view, frames } = await stackOf(
      [
        'goroutine 7 [chan receive]:',
        'main.(*GM[...]).Conv[...](0x0?, {0x0?, 0x0?})',
        '\t/x/extra.go:8 +0x25',
        'example.com/dotted%2ev2.(*W).Block(...)',
        '\t/x/lib.go:5',
        'main.struct { F func() }.F(...)',
        '\t/x/main.go:3',
        'main.glob..func1()',
        '\t/x/main.go:9 +0x1',
        'created by main.main in goroutine 1',
        '\t/x/main.go:20 +0x2',
        '',
      ].join('\n'),
    );
    expect(frames.map((f) => view.frameFunc(f))).toEqual(['main.(*GM[...]).Conv[...]', 'example.com/dotted%2ev2.(*W).Block', 'main.struct { F func() }.F', 'main.glob..func1']);
    expect(view.model.frames.flags[frames[1]] & FrameFlag.Inlined).toBeTruthy();
    expect(view.model.goroutines.creatorGoid[0]).toBe(1);
    expect(view.frameFunc(view.model.goroutines.createdBy[0])).toBe('main.main');
  });

  it('the park site skips the standard library and unescapes %2e package paths', async () => {
    const { s } = await summaryText(
      ['goroutine 7 [sync.Mutex.Lock]:', 'sync.(*Mutex).Lock(...)', '\t/go/src/sync/mutex.go:46', 'example.com/dotted%2ev2.(*W).Block(...)', '\t/x/lib.go:5', 'main.main()', '\t/x/main.go:9 +0x1', ''].join('\n'),
    );
    expect(s.snapshots[0].parkSites).toEqual([{ function: 'example.com/dotted%2ev2.(*W).Block', count: 1 }]);
  });

  it('elision markers, other-thread goroutines, C frames and diagnostics', async () => {
    const { view, s } = await summaryText(
      [
        'goroutine 6 [running]:',
        '\tgoroutine running on other thread; stack unavailable',
        'created by main.main in goroutine 1',
        '\t/x/main.go:20 +0x1e',
        '',
        'goroutine 8 [syscall]:',
        'non-Go function at pc=0x7f502b265545',
        'c_function',
        '\tfile.c:12 pc=0x7f502b265545',
        'runtime: g 8: unexpected return pc for main.f called from 0x0',
        'main.deep(0x0?)',
        '\t/x/main.go:48 +0x3c',
        '...21 frames elided...',
        'main.deep(0x0?)',
        '\t/x/main.go:48 +0x3c',
        '',
      ].join('\n'),
    );
    const g = view.model.goroutines;
    expect(g.flags[0] & GFlag.NoStack).toBeTruthy();
    expect(g.flags[1] & GFlag.Elided).toBeTruthy();
    expect(view.stackFrames(g.stack[1]).map((f) => view.frameFunc(f))).toEqual(['non-Go function', 'c_function', 'main.deep', 'main.deep']);
    expect(s.warnings.some((w) => w.includes('runtime diagnostic'))).toBe(true);
  });

  it('ancestry sections are kept apart from the stack (GODEBUG=tracebackancestors)', async () => {
    const { view } = await summaryText(read('go1.27/debug2-ancestors.txt'));
    const m = view.model;
    expect(m.ancestors.length).toBeGreaterThan(0);
    const produce = m.ancestors.filter((a) => view.frameFunc(view.model.stacks.frame[a.stack]) !== '');
    expect(produce.length).toBe(m.ancestors.length);
    // the ancestors' frames never leak into the goroutine's own stack
    for (const a of m.ancestors) {
      const own = view.stackFrames(m.goroutines.stack[a.row]).map((f) => view.frameFunc(f));
      expect(own).not.toContain('main.spawnAll');
    }
  });
});

describe('real go test timeouts (Go 1.27), plain -v and -json', () => {
  for (const f of ['extra-dumps/go1.27-gotest-timeout-v.txt', 'extra-dumps/go1.27-gotest-timeout.json.txt']) {
    it(`${f}: every goroutine, the running test, and no warnings`, async () => {
      const { s, view } = await summaryText(read(f));
      expect(s.error).toBeNull();
      expect(s.warnings).toEqual([]);
      expect(s.snapshots).toHaveLength(1);
      expect(s.snapshots[0].goroutines).toBe(7);
      expect(s.snapshots[0].states).toEqual({ 'select (no cases)': 3, 'chan receive': 2, 'sync.WaitGroup.Wait': 1, running: 1 });
      expect(view.model.snapshots[0].preamble.panic).toMatch(/^test timed out after 2s/);
      expect(view.model.snapshots[0].preamble.runningTests).toEqual(['TestHang (2s)', 'TestHang/sub (2s)']);
    });
  }
});

describe('GOTRACEBACK=crash SIGQUIT dumps (real, Go 1.19 and 1.27)', () => {
  for (const [f, blocks] of [
    ['extra-dumps/go1.19-sigquit-crash.txt', 14],
    ['extra-dumps/go1.27-sigquit-crash.txt', 15],
  ] as const) {
    it(`${f}: one snapshot with every block of the -----  sections, no warnings`, async () => {
      const { s, view } = await summaryText(read(f));
      expect(s.warnings).toEqual([]);
      expect(s.snapshots).toHaveLength(1);
      expect(s.snapshots[0].goroutines).toBe(blocks);
      expect(s.snapshots[0].parkSites.find((p) => p.function === 'main.blocked')?.count).toBe(5);
      expect(view.model.snapshots[0].preamble.signal).toBe('SIGQUIT: quit');
    });
  }
});

describe('net/http handler panics logged by the server (real, Go 1.27)', () => {
  it('each log record is its own dump, and the park site is the handler, not `panic`', async () => {
    const { s, view } = await summaryText(read('extra-dumps/go1.27-http-panic-log.txt'));
    expect(s.warnings).toEqual([]);
    expect(s.snapshots.map((x) => x.goroutines)).toEqual([1, 1]);
    for (const sn of s.snapshots) expect(sn.parkSites).toEqual([{ function: 'main.(*T).handle', count: 1 }]);
    expect(view.model.snapshots[0].preamble.panic).toBe('runtime error: invalid memory address or nil pointer dereference');
  });
});

describe('a log prefix on the first line only', () => {
  it('log.Printf("%s", debug.Stack()): the prefix of the record is not required on the frames', async () => {
    const text = read('go1.27/stack.txt');
    await expectTruth('2026/11/27 06:26:32 ' + text, 'go1.27/stack.txt');
  });
});

describe('a synctest bubble deadlock (real, Go 1.27)', () => {
  it('durable waits are the plain reason plus the durable flag, with their bubble', async () => {
    const { s, view } = await summaryText(read('extra-dumps/go1.27-synctest-deadlock.txt'));
    expect(s.warnings).toEqual([]);
    expect(s.snapshots[0].states).toEqual({ 'chan receive': 4, running: 1 });
    const g = view.model.goroutines;
    let durable = 0;
    for (let r = 0; r < g.count; r++) if (g.flags[r] & GFlag.Durable) {
      durable++;
      expect(g.bubble[r]).toBe(1);
    }
    expect(durable).toBe(4);
    expect(view.model.snapshots[0].preamble.panic).toMatch(/^deadlock: all goroutines in bubble are blocked \[recovered, repanicked\]/);
  });
});

describe('scale', () => {
  it('a single goroutine with 100,000 frames keeps its innermost 1024 and says the rest were cut', async () => {
    let text = 'goroutine 1 [running]:\n';
    for (let i = 0; i < 100000; i++) text += `main.rec(0x${i.toString(16)})\n\t/x/main.go:${10 + (i % 7)} +0x1d\n`;
    text += 'created by main.main in goroutine 1\n\t/x/main.go:3 +0x4\n';
    const { s, view } = await summaryText(text, 1 << 16);
    expect(s.warnings).toEqual([]);
    expect(s.snapshots[0].parkSites).toEqual([{ function: 'main.rec', count: 1 }]);
    const g = view.model.goroutines;
    expect(view.stackDepth(g.stack[0])).toBe(1024);
    expect(g.flags[0] & GFlag.Elided).toBeTruthy();
    expect(view.frameFunc(g.createdBy[0])).toBe('main.main');
  });
});
