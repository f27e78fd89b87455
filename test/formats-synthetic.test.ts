/**
 * Synthetic and damaged inputs for the debug=1, pprof and schedtrace parsers: wire-format
 * variants, Go-quoted labels, several profiles in one log, and malformed input that must give a
 * clear error or warning with a byte offset or line — never a hang or a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, parseBytes } from './expect';
import { concatBytes, msg, Strings, type Field } from './pb-encode';
import { summarize } from '../src/analysis/summary';
import { FrameFlag, GFlag, ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { parseLabelMap, unquoteGo } from '../src/formats/profile-text/go-quote';
import { goVersionFromPath } from '../src/formats/go-version';

const read = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));
const enc = (s: string) => new TextEncoder().encode(s);
const summaryOfBytes = async (name: string, b: Uint8Array, chunk?: number) => summarize(await parseBytes(name, b, chunk)).inputs[0];

describe('Go %q strings (debug=1 labels)', () => {
  it('decodes the escapes JSON.parse cannot', () => {
    expect(unquoteGo('"a=1 \\"q\\""', 0)?.value).toBe('a=1 "q"');
    expect(unquoteGo('"\\a\\b\\f\\n\\r\\t\\v\\\\"', 0)?.value).toBe('\x07\b\f\n\r\t\v\\');
    expect(unquoteGo('"\\x01é\\u00e9\\U0001F600"', 0)?.value).toBe('\x01éé😀');
    expect(unquoteGo('"\\xc3\\xa9"', 0)?.value).toBe('é'); // bytes of one UTF-8 rune
    expect(unquoteGo('"\\xff"', 0)?.value).toBe('\uFFFD'); // invalid UTF-8 byte
    expect(unquoteGo('"\\101"', 0)?.value).toBe('A'); // octal
    expect(unquoteGo('"unterminated', 0)).toBeNull();
    expect(unquoteGo('"bad \\q"', 0)).toBeNull();
  });
  it('parses label maps', () => {
    expect(parseLabelMap('{"req id":"a=1 \\"q\\"", "worker":"alpha"}')).toEqual([
      ['req id', 'a=1 "q"'],
      ['worker', 'alpha'],
    ]);
    expect(parseLabelMap('{}')).toEqual([]);
    expect(parseLabelMap('{"k":"}", "":"v, x"}')).toEqual([
      ['k', '}'],
      ['', 'v, x'],
    ]);
    expect(parseLabelMap('{"k":"v"')).toBeNull();
  });
  it('infers Go versions from toolchain paths only', () => {
    expect(goVersionFromPath('/usr/lib/go-1.27/src/runtime/proc.go')).toBe('go1.27');
    expect(goVersionFromPath('/home/u/sdk/go1.22.3/src/runtime/proc.go')).toBe('go1.22.3');
    expect(goVersionFromPath('/root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.4.linux-amd64/src/runtime/proc.go')).toBe('go1.23.4');
    expect(goVersionFromPath('/usr/local/go/src/runtime/proc.go')).toBeNull();
    expect(goVersionFromPath('/home/me/src/app/main.go')).toBeNull();
  });
});

describe('debug=1 text: synthetic variants', () => {
  const rec = (n: number, fn: string, extra = '') => `${n} @ 0x1 0x2 0x3\n${extra}#\t0x2\t${fn}+0x10\t\t/x/app.go:${n}\n\n`;

  it('several profiles in one log are several snapshots; goroutineleak rows are leaked', async () => {
    const text =
      'some log line\n' +
      'goroutine profile: total 3\n' +
      rec(2, 'main.a') +
      rec(1, 'main.b', '# labels: {"k":"v\\x01"}\n') +
      'another log line\n' +
      'goroutineleak profile: total 2\n' +
      rec(2, 'main.a');
    const view = await parseBytes('log.txt', enc(text), 4);
    const s = summarize(view).inputs[0];
    expect(s.format).toBe('goroutine-profile-text');
    expect(s.snapshots.map((x) => x.goroutines)).toEqual([3, 2]);
    expect(s.snapshots.map((x) => x.leaked)).toEqual([null, 2]);
    expect(s.snapshots[0].parkSites).toEqual([
      { function: 'main.a', count: 2 },
      { function: 'main.b', count: 1 },
    ]);
    const m = view.model;
    expect(m.snapshots.map((x) => x.preamble.declaredTotal)).toEqual([3, 2]);
    expect(view.labels(m.goroutines.labels[1])).toEqual([['k', 'v\x01']]);
    expect(m.goroutines.flags[2] & GFlag.Leaked).toBeTruthy();
    expect(m.goroutines.flags[0] & GFlag.Leaked).toBeFalsy();
    expect(s.warnings).toEqual(['2 lines that are not profile records were skipped (first: line 1)']);
  });

  it('warns when the counts do not add up to the declared total', async () => {
    const s = await summaryOfBytes('d1.txt', enc('goroutine profile: total 5\n' + rec(2, 'main.a')));
    expect(s.snapshots[0].goroutines).toBe(2);
    expect(s.warnings).toEqual(['line 1: profile declares total 5 but its 1 records count 2 goroutines']);
  });

  it('keeps unsymbolised rows and records without rows', async () => {
    const text = 'goroutine profile: total 3\n2 @ 0x10 0x20\n#\t0x1f\n#\t0x2f\tmain.x+0x1\t/a.go:3\n\n1 @ 0x99 0x98\n\n';
    const view = await parseBytes('d1.txt', enc(text));
    const m = view.model;
    expect(view.stackFrames(m.goroutines.stack[0]).map((f) => view.frameFunc(f))).toEqual(['0x1f', 'main.x']);
    expect(view.stackFrames(m.goroutines.stack[1]).map((f) => view.frameFunc(f))).toEqual(['0x99', '0x98']);
    expect(summarize(view).inputs[0].snapshots[0].goroutines).toBe(3);
  });

  it('reads a profile whose TABs became spaces, and one with a log prefix on the header', async () => {
    const spaced = 'goroutine profile: total 4\n4 @ 0x1 0x2\n#   0x1   main.(*T).Run+0x2   /a/b c.go:7\n\n';
    const view = await parseBytes('d1.txt', enc(spaced));
    expect(view.frameFunc(view.model.stacks.frame[0])).toBe('main.(*T).Run');
    expect(view.frameFile(view.model.stacks.frame[0])).toBe('/a/b c.go');
    const prefixed = '2026/01/02 15:04:05 goroutine profile: total 2\n' + rec(2, 'main.p');
    const s = await summaryOfBytes('log.txt', enc(prefixed));
    expect(s.snapshots[0].parkSites).toEqual([{ function: 'main.p', count: 2 }]);
  });

  it('a file cut in the middle of a frame row still gives the records before it', async () => {
    const full = readFileSync(join(FIXTURES, 'go1.27/debug1.txt'));
    const cut = full.subarray(0, Math.floor(full.length / 4)); // inside the records of count >1
    const s = await summaryOfBytes('debug1.txt', new Uint8Array(cut), 3);
    expect(s.error).toBeNull();
    expect(s.snapshots[0].goroutines).toBeGreaterThan(0);
    expect(s.snapshots[0].goroutines).toBeLessThan(53);
    expect(s.warnings.some((w) => w.includes('declares total 53'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// pprof

interface Loc {
  id: number;
  lines: [fnId: number, line: number][];
  address?: bigint;
}

/** A goroutine profile in Go's order: types, interleaved locations/functions and samples, strings last. */
function goroutineProfile(opts: { stringsFirst?: boolean; unpacked?: boolean; extra?: Field[] } = {}) {
  const S = new Strings();
  const fn = (id: number, name: string, file: string) =>
    msg([
      { f: 1, v: id },
      { f: 2, v: S.id(name) },
      { f: 3, v: S.id(name) },
      { f: 4, v: S.id(file) },
    ]);
  const loc = (l: Loc) =>
    msg([
      { f: 1, v: l.id },
      ...(l.address !== undefined ? [{ f: 3, v: l.address }] : []),
      ...l.lines.map(([f, line]) => ({ f: 4, b: msg([{ f: 1, v: f }, { f: 2, v: line }, { f: 3, v: 7 } /* column: unknown to Go's writer */]) })),
      { f: 2, v: 1 }, // mapping_id after the lines (non-canonical, as Go writes it)
      { f: 5, v: 1 }, // is_folded: ignored
    ]);
  const types = [{ f: 1, b: msg([{ f: 1, v: S.id('goroutine') }, { f: 2, v: S.id('count') }]) }];
  const fields: Field[] = [
    { f: 11, b: msg([{ f: 1, v: S.id('goroutine') }, { f: 2, v: S.id('count') }]) },
    { f: 12, v: 1 },
    ...types,
    // location 10: main.inner inlined into main.outer (two Lines), location 20: runtime.gopark
    { f: 4, b: loc({ id: 20, lines: [[3, 40]] }) },
    { f: 4, b: loc({ id: 10, lines: [[1, 11], [2, 22]] }) },
    { f: 5, b: fn(1, 'main.inner', '/app/a.go') },
    { f: 5, b: fn(2, 'main.outer', '/app/a.go') },
    { f: 5, b: fn(3, 'runtime.gopark', '/usr/lib/go-1.27/src/runtime/proc.go') },
    // sample 1: value [5] unpacked, location ids [20, 10] packed, labels str + num
    {
      f: 2,
      b: msg([
        { f: 2, v: 5 },
        ...(opts.unpacked ? [{ f: 1, v: 20 }, { f: 1, v: 10 }] : [{ f: 1, packed: [20, 10] }]),
        { f: 3, b: msg([{ f: 1, v: S.id('handler') }, { f: 2, v: S.id('upload') }]) },
        { f: 3, b: msg([{ f: 1, v: S.id('bytes') }, { f: 3, v: -5 }, { f: 4, v: S.id('B') }]) },
      ]),
    },
    // sample 2: value [2] packed form, one unpacked location id
    { f: 2, b: msg([{ f: 2, packed: [2] }, { f: 1, v: 20 }]) },
    { f: 9, v: 1700000000123456789n },
    // an unsymbolised location with an address above 2^53 ([vsyscall])
    { f: 4, b: loc({ id: 30, lines: [], address: 0xffffffffff600000n }) },
    { f: 2, b: msg([{ f: 2, v: 1 }, { f: 1, v: 30 }]) },
    { f: 15, v: S.id('https://doc') }, // doc_url: unknown to older decoders
    ...(opts.extra ?? []),
  ];
  const strings = S.fields();
  return opts.stringsFirst ? msg([...strings, ...fields]) : msg([...fields, ...strings]);
}

describe('pprof: wire-format variants', () => {
  for (const variant of [{}, { stringsFirst: true }, { unpacked: true }]) {
    it(`decodes ${JSON.stringify(variant)}`, async () => {
      const view = await parseBytes('p.pb', goroutineProfile(variant));
      const s = summarize(view).inputs[0];
      expect(s.error).toBeNull();
      expect(s.format).toBe('pprof');
      expect(s.goVersion).toBe('go1.27');
      expect(s.snapshots[0].goroutines).toBe(8);
      expect(s.warnings).toEqual([]);
      const m = view.model;
      const snap = m.snapshots[0];
      expect(snap.kind).toBe('profile');
      expect(snap.timeMs).toBeCloseTo(1700000000123.4568, 3);
      // inlined frames expanded innermost first, the inlined one flagged
      const frames = view.stackFrames(m.goroutines.stack[0]);
      expect(frames.map((f) => view.frameFunc(f))).toEqual(['runtime.gopark', 'main.inner', 'main.outer']);
      expect(frames.map((f) => m.frames.flags[f] & FrameFlag.Inlined)).toEqual([0, FrameFlag.Inlined, 0]);
      expect(frames.map((f) => view.frameLine(f))).toEqual([40, 11, 22]);
      expect(view.labels(m.goroutines.labels[0])).toEqual([
        ['bytes', '-5 B'],
        ['handler', 'upload'],
      ]);
      expect(view.stackFrames(m.goroutines.stack[2]).map((f) => view.frameFunc(f))).toEqual(['0xffffffffff600000']);
      expect(s.snapshots[0].parkSites).toEqual([
        { function: 'main.inner', count: 5 },
        { function: 'runtime.gopark', count: 2 },
        { function: '0xffffffffff600000', count: 1 },
      ].sort((a, b) => b.count - a.count || (a.function < b.function ? -1 : 1)));
    });
  }

  it('a block profile is a time profile weighted by contentions with delay as value2', async () => {
    const S = new Strings();
    const pb = msg([
      { f: 1, b: msg([{ f: 1, v: S.id('contentions') }, { f: 2, v: S.id('count') }]) },
      { f: 1, b: msg([{ f: 1, v: S.id('delay') }, { f: 2, v: S.id('nanoseconds') }]) },
      { f: 2, b: msg([{ f: 1, packed: [1] }, { f: 2, packed: [3, 9007199254740993n] }]) },
      { f: 4, b: msg([{ f: 1, v: 1 }, { f: 4, b: msg([{ f: 1, v: 1 }, { f: 2, v: 5 }]) }]) },
      { f: 5, b: msg([{ f: 1, v: 1 }, { f: 2, v: S.id('sync.(*Mutex).Lock') }, { f: 4, v: S.id('/usr/local/go/src/sync/mutex.go') }]) },
      ...S.fields(),
    ]);
    const view = await parseBytes('block.pb', pb);
    const snap = view.model.snapshots[0];
    expect(snap.kind).toBe('time-profile');
    expect(snap.weightType).toEqual({ type: 'contentions', unit: 'count' });
    expect(snap.value2Type).toEqual({ type: 'delay', unit: 'nanoseconds' });
    expect(view.model.goroutines.weight[0]).toBe(3);
    expect(view.model.goroutines.value2[0]).toBe(9007199254740992); // nearest double to 2^53+1
    const s = summarize(view).inputs[0];
    expect(s.goVersion).toBeNull();
    expect(s.warnings).toEqual([]);
  });

  it('an empty time profile (no samples) is one empty snapshot', async () => {
    const S = new Strings();
    const pb = msg([
      { f: 1, b: msg([{ f: 1, v: S.id('contentions') }, { f: 2, v: S.id('count') }]) },
      { f: 1, b: msg([{ f: 1, v: S.id('delay') }, { f: 2, v: S.id('nanoseconds') }]) },
      ...S.fields(),
    ]);
    const s = await summaryOfBytes('empty.pb', pb);
    expect(s.error).toBeNull();
    expect(s.snapshots).toEqual([expect.objectContaining({ goroutines: 0, parkSites: [] })]);
  });
});

describe('pprof: malformed input gives an error with the byte offset', () => {
  const header = msg([{ f: 1, b: msg([{ f: 1, v: 1 }, { f: 2, v: 2 }]) }]); // sample_type {1, 2}
  const strings = msg([{ f: 6, b: enc('') }, { f: 6, b: enc('goroutine') }, { f: 6, b: enc('count') }]);

  it('length past the end', async () => {
    const bad = concatBytes([header, strings, new Uint8Array([0x12, 0x64, 0x08, 0x01])]); // sample, length 100, 2 bytes
    const s = await summaryOfBytes('p.pb', bad);
    expect(s.format).toBe('pprof');
    expect(s.error).toBe(`pprof: field 2: length 100 runs past the end of its message (byte ${bad.length}) at byte ${header.length + strings.length + 1}`);
  });

  it('string index out of range', async () => {
    const fnAt = header.length;
    const bad = concatBytes([header, msg([{ f: 5, b: msg([{ f: 1, v: 1 }, { f: 2, v: 99 }]) }]), strings]);
    const s = await summaryOfBytes('p.pb', bad);
    expect(s.error).toBe(`pprof: function name: string index 99 out of range (string table has 3 entries) at byte ${fnAt + 2 + 2}`);
  });

  it('truncated varint', async () => {
    const bad = concatBytes([header, strings, new Uint8Array([0x48, 0xff, 0xff])]); // time_nanos, cut
    const s = await summaryOfBytes('p.pb', bad);
    expect(s.error).toBe(`pprof: truncated varint (started at byte ${bad.length - 2}) at byte ${bad.length}`);
  });

  it('missing location id and missing function id', async () => {
    const sample = msg([{ f: 2, b: msg([{ f: 2, v: 1 }, { f: 1, v: 7 }]) }]);
    const bad = concatBytes([header, sample, strings]);
    const s = await summaryOfBytes('p.pb', bad);
    expect(s.error).toBe(`pprof: sample refers to missing location id 7 at byte ${header.length + 2 + 2}`);
    const loc = msg([{ f: 4, b: msg([{ f: 1, v: 1 }, { f: 4, b: msg([{ f: 1, v: 3 }]) }]) }]);
    const bad2 = concatBytes([header, loc, strings]);
    const s2 = await summaryOfBytes('p.pb', bad2);
    expect(s2.error).toBe(`pprof: location 1: line refers to missing function id 3 at byte ${header.length + 2 + 2}`);
  });

  it('invalid wire type', async () => {
    const bad = concatBytes([header, strings, new Uint8Array([0x4b])]); // field 9, wire type 3 (group)
    const s = await summaryOfBytes('p.pb', bad);
    expect(s.error).toBe(`pprof: invalid wire type 3 (field 9) at byte ${bad.length - 1}`);
  });

  it('every prefix of a real profile fails cleanly or parses, never crashes', async () => {
    const gz = read('go1.27/goroutine.pb.gz');
    const raw = new Uint8Array(await new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    for (let n = 1; n < raw.length; n += 97) {
      const s = await summaryOfBytes('cut.pb', raw.subarray(0, n));
      if (s.error) expect(s.error).toMatch(/^(pprof: .* at byte \d+|not a goroutine dump.*)$/);
    }
  });

  it('truncated gzip', async () => {
    const gz = read('go1.27/goroutine.pb.gz');
    const s = await summaryOfBytes('cut.pb.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    expect(s.error).toMatch(/^gzip data is corrupt or truncated after \d+ compressed bytes/);
  });

  it('decompressed size above the cap', async () => {
    const b = new ModelBuilder();
    const gz = read('go1.27/goroutine.pb.gz');
    await parseInput(b, { name: 'big.pb.gz', size: gz.length, chunks: bufferChunks(gz) }, { maxDecompressedBytes: 1024 });
    expect(new ModelView(b.freeze()).model.inputs[0].error).toMatch(/exceeds the 0 MiB limit|larger than/);
  });
});

describe('schedtrace: damaged logs', () => {
  const log = readFileSync(join(FIXTURES, 'go1.27/schedtrace-detail.txt'), 'utf8');
  const lines = log.split('\n');

  it('a G line cut in half: warning with its line number, the rest of the block still read', async () => {
    const i = lines.findIndex((l) => l.startsWith('  G34: '));
    const cut = [...lines];
    cut[i] = cut[i].slice(0, 14); // "  G34: status="
    const s = await summaryOfBytes('sched.txt', enc(cut.join('\n')));
    expect(s.error).toBeNull();
    expect(s.warnings).toContain(`line ${i + 1}: G line cut short or garbled, skipped: ${cut[i]}`);
    const full = await summaryOfBytes('sched.txt', enc(log));
    expect(s.snapshots.reduce((a, x) => a + x.goroutines, 0)).toBe(full.snapshots.reduce((a, x) => a + x.goroutines, 0) - 1);
  });

  it('a log that ends in the middle of a SCHED line', async () => {
    const text = lines.slice(0, 12).join('\n') + '\nSCHED 103ms: gomaxprocs=2 idlepr';
    const s = await summaryOfBytes('sched.txt', enc(text));
    expect(s.warnings[0]).toBe('line 13: SCHED line cut short or garbled, skipped: SCHED 103ms: gomaxprocs=2 idlepr');
    expect(s.snapshots.length).toBe(2);
  });

  it('program output written into the middle of a runtime line', async () => {
    const text = 'SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n  G1: status=4(chan rhello\neceive) m=-1 lockedm=-1\n  G2: status=1() m=0 lockedm=-1\n';
    const s = await summaryOfBytes('sched.txt', enc(text));
    expect(s.snapshots[0].states).toEqual({ runnable: 1 });
    expect(s.warnings).toEqual(['line 2: G line cut short or garbled, skipped:   G1: status=4(chan rhello', '1 line of other output (not SCHED/P/M/G lines) skipped (first: line 3)']);
  });

  it('status names: scan bit, no wait reason, dead goroutines not counted', async () => {
    const text =
      'SCHED 5ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 needspinning=0 idlethreads=0 runqueue=0 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n' +
      '  P0: status=1 schedtick=1 syscalltick=0 m=0 runqsize=0 gfreecnt=0 timerslen=0\n' +
      '  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff=some reason locks=1 dying=0 spinning=false blocked=false lockedg=nil\n' +
      '  G1: status=2() m=0 lockedm=nil\n  G2: status=4100(select (no cases)) m=nil lockedm=nil\n  G3: status=3() m=nil lockedm=nil\n' +
      '  G4: status=6() m=nil lockedm=nil\n  G5: status=4() m=nil lockedm=0\n';
    const view = await parseBytes('sched.txt', enc(text));
    const s = summarize(view).inputs[0];
    expect(s.snapshots[0].goroutines).toBe(4);
    expect(s.snapshots[0].states).toEqual({ running: 1, 'select (no cases)': 1, syscall: 1, waiting: 1 });
    const snap = view.model.snapshots[0];
    expect(snap.sched!.deadGoroutines).toBe(1);
    expect(snap.sched!.goroutineStatus).toEqual([2, 4100, 3, 4]);
    expect(snap.sched!.threadsDetail[0]).toMatchObject({ id: 0, p: 0, curg: 1, preemptoff: 'some reason', lockedg: -1 });
    expect(snap.sched!.procs[0]).toMatchObject({ id: 0, status: 1, m: 0 });
    expect(snap.sched!.gcwaiting).toBe(0);
    const g = view.model.goroutines;
    expect([...g.goid.subarray(snap.rowStart, snap.rowEnd)]).toEqual([1, 2, 3, 5]);
    expect([...g.thread.subarray(snap.rowStart, snap.rowEnd)]).toEqual([0, -1, -1, -1]);
    expect(g.flags[snap.rowStart + 3] & GFlag.Locked).toBeTruthy();
  });

  it('1.26+ run-queue and schedticks lists', async () => {
    const text = 'SCHED 100ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 needspinning=1 idlethreads=0 runqueue=3 [ 1 2 ] schedticks=[ 25 44 ]\n';
    const view = await parseBytes('s.txt', enc(text));
    const sch = view.model.snapshots[0].sched!;
    expect(sch.localRunqueues).toEqual([1, 2]);
    expect(sch.schedticks).toEqual([25, 44]);
    expect(sch.runqueue).toBe(3);
    expect(sch.needspinning).toBe(1);
    expect(summarize(view).inputs[0].warnings).toEqual([]);
  });
});

describe('bench inputs: the synthetic debug=1 text and its pprof describe the same goroutines', () => {
  it('2,000 goroutines: same totals, park sites, stacks and label sets', async () => {
    const { buildDebug1Text, buildPprof } = await import('../bench/formats-bench');
    const text = await parseBytes('d1.txt', buildDebug1Text({ goroutines: 2000 }));
    const pb = await parseBytes('p.pb.gz', (await buildPprof({ goroutines: 2000 })).gz);
    const a = summarize(text).inputs[0];
    const b = summarize(pb).inputs[0];
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(a.snapshots[0].goroutines).toBe(2000);
    expect(b.snapshots[0].parkSites).toEqual(a.snapshots[0].parkSites);
    expect(pb.model.stacks.count).toBe(text.model.stacks.count);
    expect(pb.model.labelSets.count).toBe(text.model.labelSets.count);
  });
});
