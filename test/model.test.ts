import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { StringTable } from '../src/model/strings';
import { forEachLine, bufferChunks } from '../src/formats/lines';
import { sniff } from '../src/formats/sniff';
import { parseInput } from '../src/formats/index';
import { collectTransferables } from '../src/model/columns';

const enc = new TextEncoder();

describe('model', () => {
  it('interns frames and shares stack prefixes', () => {
    const b = new ModelBuilder();
    const f1 = b.frame('main.a', '/x.go', 1);
    const f2 = b.frame('main.b', '/x.go', 2);
    const f3 = b.frame('main.c', '/x.go', 3);
    expect(b.frame('main.a', '/x.go', 1)).toBe(f1);
    const s1 = b.stackFromLeafFirst([f1, f2, f3]);
    const s2 = b.stackFromLeafFirst([f2, f3]);
    expect(b.stackParent.data[s1]).toBe(s2);
    const v = new ModelView(b.freeze());
    expect(v.stackFrames(s1).map((f) => v.frameFunc(f))).toEqual(['main.a', 'main.b', 'main.c']);
  });

  it('label sets are order-insensitive and set 0 is empty', () => {
    const b = new ModelBuilder();
    const a = b.labelSet([['k', 'v'], ['a', 'b']]);
    expect(b.labelSet([['a', 'b'], ['k', 'v']])).toBe(a);
    expect(b.labelSet([])).toBe(0);
    const v = new ModelView(b.freeze());
    expect(v.labels(a)).toEqual([['a', 'b'], ['k', 'v']]);
    expect(v.labels(0)).toEqual([]);
  });

  it('rollback forgets everything a failed file added, and the builder stays usable', () => {
    const b = new ModelBuilder();
    const i0 = b.addInput('ok.txt', 1);
    const s0 = b.addSnapshot(i0, { kind: 'traceback' });
    b.addGoroutine({ snapshot: s0, stack: b.stackFromLeafFirst([b.frame('main.ok', '/ok.go', 1)]) });
    b.endSnapshot(s0);
    const m = b.mark();
    const i1 = b.addInput('bad.txt', 1);
    const s1 = b.addSnapshot(i1, { kind: 'traceback' });
    b.addGoroutine({ snapshot: s1, stack: b.stackFromLeafFirst([b.frame('main.bad', '/bad.go', 9)]), labels: b.labelSet([['x', 'y']]) });
    b.rollback(m);
    expect(b.strings.lookup('main.bad')).toBeUndefined();
    expect(b.goroutineCount).toBe(1);
    expect(b.inputs).toHaveLength(1);
    // re-adding after rollback gets fresh, consistent ids
    const f = b.frame('main.bad', '/bad.go', 9);
    const v = new ModelView(b.freeze());
    expect(v.frameFunc(f)).toBe('main.bad');
  });

  it('goroutine rows appended as columns equal the same rows added one by one, words and all', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ goid: 10 + i * 3, state: 1 + (i % 4), stack: (i % 7) - 1, createdBy: (i % 5) - 1, creatorGoid: i % 3 ? i - 1 : -1, value2: i * 1.5 }));
    const build = (bulk: boolean) => {
      const b = new ModelBuilder();
      const inp = b.addInput('x', 1);
      // a dump row with argument words before, and after, so that the rows' word ranges are checked
      const s0 = b.addSnapshot(inp, { kind: 'traceback' });
      b.args.pushMany(Int32Array.of(b.args.address(0x1234)), Uint16Array.of(0), 1);
      b.addGoroutine({ snapshot: s0, goid: 1, state: 2 });
      b.endSnapshot(s0);
      const s1 = b.addSnapshot(inp, { kind: 'trace-end' });
      if (bulk)
        b.addGoroutineColumns(s1, rows.length, {
          goid: rows.map((r) => r.goid),
          state: rows.map((r) => r.state),
          stack: rows.map((r) => r.stack),
          createdBy: rows.map((r) => r.createdBy),
          creatorGoid: rows.map((r) => r.creatorGoid),
          value2: rows.map((r) => r.value2),
        });
      else for (const r of rows) b.addGoroutine({ snapshot: s1, ...r });
      b.endSnapshot(s1);
      const s2 = b.addSnapshot(inp, { kind: 'traceback' });
      b.args.pushMany(Int32Array.of(b.args.address(0x5678), b.args.address(9)), Uint16Array.of(0, 0), 2);
      b.addGoroutine({ snapshot: s2, goid: 2, state: 3 });
      b.endSnapshot(s2);
      return b.freeze();
    };
    const one = build(false);
    const bulk = build(true);
    expect(bulk.goroutines.count).toBe(3002);
    expect(bulk.goroutines).toEqual(one.goroutines);
    expect(bulk.args).toEqual(one.args);
    expect(bulk.snapshots).toEqual(one.snapshots);
  });

  it('a frozen model is plain data whose buffers can all be transferred', () => {
    const b = new ModelBuilder();
    const i = b.addInput('a', 1);
    b.addSnapshot(i, { kind: 'traceback' });
    const m = b.freeze();
    const bufs = collectTransferables(m);
    expect(bufs.length).toBeGreaterThan(10);
    expect(structuredClone(m, { transfer: bufs }).goroutines.count).toBe(0);
  });

  it('the frozen string table decodes UTF-8 lazily', () => {
    const t = StringTable.fromArray(['é', '日本', 'plain']);
    expect(t.get(t.find('日本'))).toBe('日本');
    expect(t.get(0)).toBe('');
  });
});

describe('lines and sniffing', () => {
  it('splits \\n, \\r\\n and lone \\r across any chunk seam, keeps multi-byte characters whole', async () => {
    const text = 'a\r\nbé\rc\n\nd日本';
    for (let size = 1; size <= 6; size++) {
      const got: string[] = [];
      let ended: boolean | null = null;
      await forEachLine(bufferChunks(enc.encode(text), size), null, (l) => got.push(l), { onEnd: (nl) => (ended = nl) });
      expect(got).toEqual(['a', 'bé', 'c', '', 'd日本']);
      expect(ended).toBe(false);
    }
  });

  it('recognises inputs by content', () => {
    expect(sniff(enc.encode('go 1.26 trace\0\0\0\x01')).kind).toBe('execution-trace');
    expect(sniff(new Uint8Array([0x1f, 0x8b, 8, 0]))).toEqual({ kind: 'gzip' });
    expect(sniff(enc.encode('blah\ngoroutine profile: total 3\n')).kind).toBe('goroutine-profile-text');
    expect(sniff(enc.encode('x\n2026 goroutine 1 [running]:\n')).kind).toBe('goroutine-dump');
    expect(sniff(enc.encode('SCHED 0ms: gomaxprocs=2 idleprocs=0 threads=3')).kind).toBe('schedtrace');
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toEqual({ kind: 'unknown', reason: 'starts with PNG signature' });
    expect(sniff(new Uint8Array(0))).toEqual({ kind: 'unknown', reason: 'the file is empty' });
  });

  it('a file that is not an input gets an error naming why; the file name plays no part', async () => {
    const b = new ModelBuilder();
    const i = await parseInput(b, { name: 'dump.txt', size: 12, chunks: bufferChunks(enc.encode('hello world\n')) });
    expect(b.inputs[i].error).toMatch(/^not a goroutine dump, profile or Go trace: text without a goroutine header/);
    const j = await parseInput(b, { name: 'trace.out', size: 10, chunks: bufferChunks(enc.encode('goroutine 1 [running]:\nmain.main()\n\t/x.go:1 +0x1\n')) });
    expect(b.inputs[j].format).toBe('goroutine-dump');
    expect(b.inputs[j].error).toBeNull();
  });

  it('a truncated gzip is a clear error, not a crash', async () => {
    const gz = new Uint8Array(await new Response(new Blob([enc.encode('goroutine 1 [running]:\nmain.main()\n\t/x.go:1 +0x1\n'.repeat(50))]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const b = new ModelBuilder();
    const i = await parseInput(b, { name: 'd.gz', size: 20, chunks: bufferChunks(gz.subarray(0, 30)) });
    expect(b.inputs[i].error).toMatch(/gzip data is corrupt or truncated/);
    const ok = await parseInput(b, { name: 'd.gz', size: gz.length, chunks: bufferChunks(gz, 7) });
    expect(b.inputs[ok].error).toBeNull();
    expect(b.inputs[ok].format).toBe('goroutine-dump');
  });
});

describe('bounded work on hostile text', () => {
  it('a file without newlines is handed on in bounded pieces, and a dump after it still parses', async () => {
    const junk = 'x'.repeat(3 << 20);
    const text = junk + '\ngoroutine 1 [running]:\nmain.main()\n\t/x.go:1 +0x1\n';
    const pieces: number[] = [];
    let long = 0;
    await forEachLine(bufferChunks(enc.encode(text), 1 << 18), null, (l) => pieces.push(l.length), { onLongLine: () => long++ });
    expect(Math.max(...pieces)).toBeLessThanOrEqual((1 << 20) + (1 << 18));
    expect(long).toBeGreaterThanOrEqual(2);
    const b = new ModelBuilder();
    const i = await parseInput(b, { name: 'x', size: text.length, chunks: bufferChunks(enc.encode(text), 1 << 18) });
    expect(b.inputs[i].error).toBeNull();
    expect(b.goroutineCount).toBe(1);
  });
});
