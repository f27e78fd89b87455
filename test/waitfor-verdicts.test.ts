/**
 * The wait-for analysis on dumps small enough to read: the object of each operation, who holds its
 * address, the verdicts, a lock-order deadlock of two goroutines from printed addresses, and the
 * same object waited on across two snapshots of one process.
 */
import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { loadSources } from '../src/formats/load';
import { bufferChunks } from '../src/formats/lines';
import { STUCK_REASONS, waitFor } from '../src/analysis/waitfor';
import { WAIT_OPS } from '../src/analysis/waitfor-ops';
import { analyze } from '../src/analysis/index';
import { loadAll } from './analysis-helpers';

async function viewOf(...texts: string[]): Promise<ModelView> {
  const b = new ModelBuilder();
  const enc = new TextEncoder();
  await loadSources(
    b,
    texts.map((t, i) => ({ name: `dump-${i + 1}.txt`, size: t.length, chunks: bufferChunks(enc.encode(t), 1 << 16) })),
  );
  return new ModelView(b.freeze());
}

const lock = (id: number, mutex: string, site: string, args: string, creator = 'main.main in goroutine 1') => [
  `goroutine ${id} [sync.Mutex.Lock]:`,
  'internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)',
  '\t/usr/lib/go/src/runtime/sema.go:95 +0x25',
  `internal/sync.(*Mutex).lockSlow(${mutex})`,
  '\t/usr/lib/go/src/internal/sync/mutex.go:149 +0x15a',
  'sync.(*Mutex).Lock(...)',
  '\t/usr/lib/go/src/sync/mutex.go:46',
  `${site}(${args})`,
  '\t/app/main.go:20 +0x1',
  `created by ${creator}`,
  '\t/app/main.go:11 +0x1',
  '',
];

const DUMP = [
  'goroutine 1 [running]:',
  'runtime/pprof.writeGoroutineStacks({0x6f0000, 0xc000100000})',
  '\t/usr/lib/go/src/runtime/pprof/pprof.go:816 +0x69',
  'main.main()',
  '\t/app/main.go:10 +0x1',
  '',
  // a lock-order deadlock: 5 holds 0xc000020000 and waits for 0xc000010000, 6 the other way round
  ...lock(5, '0xc000010000', 'main.a', '0xc000010000, 0xc000020000'),
  ...lock(6, '0xc000020000', 'main.b', '0xc000020000, 0xc000010000'),
  // a receive nobody else can send on
  'goroutine 7 [chan receive]:',
  'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
  '\t/usr/lib/go/src/runtime/proc.go:425 +0xce',
  'runtime.chanrecv(0xc000030000, 0x0, 0x1)',
  '\t/usr/lib/go/src/runtime/chan.go:639 +0x41c',
  'runtime.chanrecv1(0x0?, 0x0?)',
  '\t/usr/lib/go/src/runtime/chan.go:489 +0x12',
  'main.recv()',
  '\t/app/main.go:30 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:12 +0x1',
  '',
  // a send whose channel a runnable goroutine holds
  'goroutine 8 [chan send]:',
  'runtime.chansend(0xc000040000, 0xc000099f00, 0x1, 0x4a0000)',
  '\t/usr/lib/go/src/runtime/chan.go:259 +0x38d',
  'runtime.chansend1(0x0?, 0x0?)',
  '\t/usr/lib/go/src/runtime/chan.go:145 +0x17',
  'main.send()',
  '\t/app/main.go:40 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:13 +0x1',
  '',
  'goroutine 9 [runnable]:',
  'main.consumer(0xc000040000)',
  '\t/app/main.go:50 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:14 +0x1',
  '',
  // a WaitGroup whose only worker is stuck on a channel the dump does not show
  'goroutine 10 [sync.WaitGroup.Wait]:',
  'sync.runtime_SemacquireWaitGroup(0x0?, 0x0?)',
  '\t/usr/lib/go/src/runtime/sema.go:114 +0x2e',
  'sync.(*WaitGroup).Wait(0xc000050000)',
  '\t/usr/lib/go/src/sync/waitgroup.go:206 +0x85',
  'main.waiter()',
  '\t/app/main.go:60 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:15 +0x1',
  '',
  'goroutine 11 [chan send]:',
  'main.waiter.func1()',
  '\t/app/main.go:62 +0x1',
  'created by main.waiter in goroutine 10',
  '\t/app/main.go:61 +0x1',
  '',
  'goroutine 12 [chan receive (nil chan)]:',
  'main.nilRecv()',
  '\t/app/main.go:70 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:16 +0x1',
  '',
  // a stale word: a hint of who holds the mutex, never proof
  ...lock(13, '0xc000060000', 'main.c', '0x0?'),
  'goroutine 14 [sleep]:',
  'time.Sleep(0x3b9aca00)',
  '\t/usr/lib/go/src/runtime/time.go:300 +0x1',
  'main.sleeper(0xc000060000?)',
  '\t/app/main.go:80 +0x1',
  'created by main.main in goroutine 1',
  '\t/app/main.go:17 +0x1',
  '',
].join('\n');

describe('who waits for whom, on a dump small enough to read', () => {
  it('objects, groups, references and verdicts', async () => {
    const view = await viewOf(DUMP);
    const wf = waitFor(view, 0);
    const goid = (row: number) => view.model.goroutines.goid[row];
    const byTitle = Object.fromEntries(wf.groups.map((g) => [g.title, g]));
    expect(Object.keys(byTitle).sort()).toEqual([
      '1 goroutine receives from a nil channel',
      '1 goroutine receives from chan 0xc000030000',
      '1 goroutine sends on chan 0xc000040000',
      '1 goroutine waits for WaitGroup 0xc000050000',
      '1 goroutine waits to lock Mutex 0xc000010000',
      '1 goroutine waits to lock Mutex 0xc000020000',
      '1 goroutine waits to lock Mutex 0xc000060000',
    ]);
    expect(byTitle['1 goroutine receives from chan 0xc000030000'].verdict).toMatchObject({ id: 'unreferenced', certainty: 'likely', text: 'no goroutine in the dump references this chan' });
    const send = byTitle['1 goroutine sends on chan 0xc000040000'];
    expect(send.references.map((r) => [r.goid, r.role, r.func, r.stale, r.stuck])).toEqual([[9, 'waker', 'main.consumer', false, false]]);
    expect(send.verdict).toMatchObject({ id: 'may-proceed', text: 'goroutine 9 may wake it' });
    expect(byTitle['1 goroutine receives from a nil channel'].verdict).toMatchObject({ id: 'nil-channel', certainty: 'certain' });
    // the holder known only from a `?` word: a hint, and the sleeping goroutine may still unlock it
    const stale = byTitle['1 goroutine waits to lock Mutex 0xc000060000'];
    expect(stale.references.map((r) => [r.goid, r.role, r.stale])).toEqual([[14, 'holder', true]]);
    expect(stale.references[0].explanation).toContain('may be stale');
    expect(stale.verdict.id).toBe('may-proceed');
    // flags: the deadlock pair, the unreferenced receive, the WaitGroup and its stuck worker, the nil channel
    const flagged: Record<number, string> = {};
    for (let i = 0; i < wf.stuck.length; i++) if (wf.stuck[i]) flagged[goid(i)] = STUCK_REASONS[wf.stuck[i]];
    expect(flagged).toEqual({ 5: 'deadlock', 6: 'deadlock', 7: 'unreferenced', 10: 'wakers-stuck', 11: 'no-waker', 12: 'nil-channel' });
    const row10 = [...view.model.goroutines.goid].indexOf(10);
    expect(WAIT_OPS[wf.op[row10]]).toBe('waitgroup');
    const wg = byTitle['1 goroutine waits for WaitGroup 0xc000050000'];
    expect(wg.references.map((r) => [r.goid, r.role, r.stuck])).toEqual([[11, 'worker', true]]);
    expect(wg.verdict.id).toBe('wakers-stuck');
    expect(wf.notes.join(' ')).toContain('writing this dump');
  });

  it('a lock-order deadlock of two goroutines from printed addresses', async () => {
    const wf = waitFor(await viewOf(DUMP), 0);
    expect(wf.cycles).toHaveLength(1);
    const c = wf.cycles[0];
    expect([c.goids, c.evidence, c.text]).toEqual([[5, 6], 'addresses', 'deadlock of 2 goroutines: 5 → 6 → 5']);
    expect(c.explanation).toContain('goroutine 5 waits to lock Mutex 0xc000010000, held by goroutine 6; goroutine 6 waits to lock Mutex 0xc000020000, held by goroutine 5');
  });

  it('the same goroutines on the same address in an earlier snapshot: stronger evidence', async () => {
    // two dumps of one process: the same ids wait on the same objects
    const later = DUMP.replace('goroutine 1 [running]:', 'goroutine 1 [running]:');
    const view = await viewOf(DUMP, later);
    const a = analyze(view);
    expect(a.report.series).toHaveLength(2);
    const wf = a.report.waitFor!;
    const recv = wf.groups.find((g) => g.title === '1 goroutine receives from chan 0xc000030000')!;
    expect(recv.persisted).toEqual({ count: 1, snapshots: [0] });
    const suspect = a.report.suspects.find((s) => s.parkSite?.func === 'main.recv')!;
    expect(suspect.evidence).toContain('1 waited on the same chan 0xc000030000 in an earlier snapshot');
  });

  it('a level-1 dump hides channel addresses, and says so', async () => {
    const wf = waitFor(await loadAll(['go1.27/debug2.txt']), 0);
    expect(wf.notes.some((n) => n.includes('level-1 tracebacks'))).toBe(true);
    // the sync objects are printed at every level
    expect(wf.groups.filter((g) => g.address !== null).map((g) => g.kind).sort()).toEqual(['cond', 'mutex', 'waitgroup']);
  });

  it('a SIGQUIT dump names the channels: 7 senders on one channel, 5 receivers on another', async () => {
    const wf = waitFor(await loadAll(['go1.27/sigquit-all.txt']), 0);
    const titles = wf.groups.map((g) => g.title);
    expect(titles).toContain('7 goroutines send on chan 0x34761b17c000');
    expect(titles).toContain('5 goroutines receive from chan 0x34761b1980e0');
    const send = wf.groups.find((g) => g.title === '7 goroutines send on chan 0x34761b17c000')!;
    expect(send.parkSites.map((p) => [p.func, p.count])).toEqual([['main.(*Pipeline).produce', 7]]);
    // RLock through the runtime semaphore: &rw.readerSem − 12 is the RWMutex main.rwMutexReader has
    expect(titles).toContain('2 goroutines wait to RLock RWMutex 0x34761b1e0000');
  });
});
