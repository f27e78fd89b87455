/**
 * Who waits for whom, measured on real blocking bugs: the 57 GoKer kernels of Go 1.27
 * (test/fixtures/goker). The wait-for analysis of each plain debug=2 dump is compared with the
 * goroutineleak profile taken at the same moment (the truth files): which goroutines it flags, and
 * which deadlock cycles it returns — exact sets, not thresholds.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, type WaitForResult } from '../src/analysis/waitfor';
import type { ModelView } from '../src/model/read';
import { loadAll } from './analysis-helpers';
import { FIXTURES } from './expect';

interface KernelTruth {
  kernel: string;
  files: { dump: string; leak_profile: string };
  leaked: { total: number; goids: number[]; by_wait_reason: Record<string, number> };
}

const DIR = join(FIXTURES, 'goker');
const KERNELS: KernelTruth[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as KernelTruth);

/**
 * Flagged but not proven leaked. Every one has the state and stack of a goroutine the runtime did
 * prove leaked in the same kernel (asserted below): copies of the same stuck goroutine the leak
 * detector could not prove — e.g. 8-byte objects from the tiny allocator that share a block with
 * something reachable.
 */
const NOT_PROVEN: Record<string, number[]> = {
  Cockroach9935: [10, 30, 31, 32],
  Etcd7902: [27, 28, 54, 55, 56, 57, 58, 59],
  Istio16224: [5, 12, 13, 24, 27, 28, 29, 30],
  Moby36114: [16, 25, 26, 33],
  Moby7559: [16, 17],
};

/** Deadlock cycles: the member goroutine ids in cycle order, and the evidence of their steps. */
const CYCLES: Record<string, string[]> = {
  Cockroach10214: ["1057 1058:addresses", "1097 1098:addresses", "1105 1106:addresses", "1117 1118:addresses", "1127 1128:addresses", "1389 1390:addresses", "1891 1892:addresses", "2124 2125:addresses", "2301 2302:addresses", "2310 2311:addresses", "2432 2433:addresses", "2728 2729:addresses", "2822 2823:addresses", "543 544:addresses", "665 666:addresses", "717 718:addresses", "839 840:addresses"],
  Cockroach16167: ["8:inferred"],
  Cockroach3710: ["10060:inferred", "10290:inferred", "10438:inferred", "10684:inferred", "11126:inferred", "11793:inferred", "15092:inferred", "15274:inferred", "15422:inferred", "15604:inferred", "15932:inferred", "16114:inferred", "16262:inferred", "16444:inferred", "16592:inferred", "16774:inferred", "17102:inferred", "17857:inferred", "18002:inferred", "18178:inferred", "18521:inferred", "18703:inferred", "19010:inferred", "19316:inferred", "19498:inferred", "19802:inferred", "20111:inferred", "20293:inferred", "20471:inferred", "20653:inferred", "20783:inferred", "20965:inferred", "21113:inferred", "21295:inferred", "21646:inferred", "21828:inferred", "21946:inferred", "22128:inferred", "22456:inferred", "22638:inferred", "27318:inferred", "27500:inferred", "27690:inferred", "27872:inferred", "28054:inferred", "28197:inferred", "28379:inferred", "28527:inferred", "29037:inferred", "29892:inferred", "30074:inferred", "32411:inferred", "32741:inferred", "33069:inferred", "33251:inferred", "33399:inferred", "33581:inferred", "33729:inferred", "33911:inferred", "34239:inferred", "34421:inferred", "34569:inferred", "34751:inferred", "34899:inferred", "35081:inferred", "35263:inferred", "35406:inferred", "35588:inferred", "35736:inferred", "35918:inferred", "36312:inferred", "36494:inferred", "36552:inferred", "36734:inferred", "37062:inferred", "37244:inferred", "37392:inferred", "37574:inferred", "37722:inferred", "37904:inferred", "38086:inferred", "38229:inferred", "38411:inferred", "38559:inferred", "38741:inferred", "39069:inferred", "39399:inferred", "39581:inferred", "5363:inferred", "9576:inferred", "9758:inferred"],
  Cockroach6181: ["18:inferred"],
  Cockroach7504: ["9 10:inferred"],
  Cockroach9935: ["10:addresses", "30:addresses", "31:addresses", "32:addresses", "6:addresses", "7:addresses"],
  Etcd10492: ["8:addresses"],
  Etcd6708: ["8:inferred"],
  Grpc3017: ["10 34:inferred"],
  Hugo3251: ["130:addresses", "231:addresses", "31:addresses", "330:inferred", "430:addresses", "530:addresses", "630:addresses", "730:addresses", "830:addresses", "930:addresses"],
  Kubernetes10182: ["48:addresses", "49:addresses", "50:addresses", "51:addresses", "52:addresses", "53:addresses", "54:addresses", "55:addresses", "56:addresses", "57:addresses"],
  Kubernetes30872: ["21 23:stale"],
  Kubernetes58107: ["27 42:inferred"],
  Kubernetes62464: ["1542:inferred"],
  Moby7559: ["8 9:inferred"],
  Syncthing4829: ["8:inferred"],
};

/** Kernels whose leaks all wait on a Mutex or RWMutex: the double-lock and lock-order bugs. */
const LOCK_KERNELS = KERNELS.filter((k) => Object.keys(k.leaked.by_wait_reason).every((r) => r === 'sync.Mutex.Lock' || r.startsWith('sync.RWMutex.'))).map((k) => k.kernel);

async function analyse(k: KernelTruth): Promise<{ view: ModelView; wf: WaitForResult }> {
  const view = await loadAll([`goker/${k.files.dump}`]);
  return { view, wf: waitFor(view, 0) };
}

function flaggedGoids(view: ModelView, wf: WaitForResult): number[] {
  const start = view.model.snapshots[0].rowStart;
  const out: number[] = [];
  for (let i = 0; i < wf.stuck.length; i++) if (wf.stuck[i]) out.push(view.model.goroutines.goid[start + i]);
  return out.sort((a, b) => a - b);
}

describe('GoKer kernels: the wait-for analysis of the plain dump against the leak profile', () => {
  it('covers the 57 kept kernels', () => {
    expect(KERNELS.length).toBe(57);
  });

  for (const k of KERNELS) {
    it(`${k.kernel}: flags every proven leak, and only the listed others`, async () => {
      const { view, wf } = await analyse(k);
      const want = [...k.leaked.goids, ...(NOT_PROVEN[k.kernel] ?? [])].sort((a, b) => a - b);
      expect(flaggedGoids(view, wf)).toEqual(want);
      // the others are copies of a proven leak: same state, same stack
      const g = view.model.goroutines;
      const leaked = new Set(k.leaked.goids);
      const proven = new Set<string>();
      for (let r = 0; r < g.count; r++) if (leaked.has(g.goid[r])) proven.add(`${g.state[r]}|${g.stack[r]}`);
      for (let r = 0; r < g.count; r++) if ((NOT_PROVEN[k.kernel] ?? []).includes(g.goid[r])) expect(proven.has(`${g.state[r]}|${g.stack[r]}`), `goroutine ${g.goid[r]}`).toBe(true);
      // cycles, exactly
      expect(wf.cycles.map((c) => `${c.goids.join(' ')}:${c.evidence}`).sort()).toEqual(CYCLES[k.kernel] ?? []);
      for (const c of wf.cycles) {
        expect(c.rows.length).toBe(c.goids.length);
        for (const r of c.rows) expect(wf.stuck[r - view.model.snapshots[0].rowStart]).toBe(3); // 'deadlock'
      }
    });
  }

  it('in numbers: every proven leak flagged in 57 of 57 kernels; 26 of 2681 flagged goroutines not proven', async () => {
    let full = 0;
    let flagged = 0;
    let notProven = 0;
    for (const k of KERNELS) {
      const { view, wf } = await analyse(k);
      const f = flaggedGoids(view, wf);
      const leaked = new Set(k.leaked.goids);
      if (k.leaked.goids.every((x) => f.includes(x))) full++;
      flagged += f.length;
      notProven += f.filter((x) => !leaked.has(x)).length;
    }
    expect([full, flagged, notProven]).toEqual([57, 2681, 26]);
  });

  it('deadlock cycles in the 15 Mutex/RWMutex kernels: 11 of them have one, 122 cycles in all', () => {
    expect(LOCK_KERNELS).toEqual([
      'Cockroach10214', 'Cockroach16167', 'Cockroach3710', 'Cockroach7504', 'Cockroach9935', 'Etcd10492', 'Etcd5509', 'Etcd6708',
      'Grpc795', 'Kubernetes30872', 'Kubernetes62464', 'Moby17176', 'Moby36114', 'Moby7559', 'Syncthing4829',
    ]);
    const withCycle = LOCK_KERNELS.filter((k) => (CYCLES[k] ?? []).length > 0);
    // no cycle: Etcd5509 (a reader returned without RUnlock), Grpc795 (Lock twice in one function: no outer frame holds it), Moby36114 (its frames print stale words), Moby17176 (the holder exited without Unlock)
    expect(withCycle).toEqual(['Cockroach10214', 'Cockroach16167', 'Cockroach3710', 'Cockroach7504', 'Cockroach9935', 'Etcd10492', 'Etcd6708', 'Kubernetes30872', 'Kubernetes62464', 'Moby7559', 'Syncthing4829']);
    expect(withCycle.reduce((a, k) => a + CYCLES[k].length, 0)).toBe(122);
    const byEvidence: Record<string, number> = {};
    for (const k of withCycle) for (const c of CYCLES[k]) byEvidence[c.split(':')[1]] = (byEvidence[c.split(':')[1]] ?? 0) + 1;
    expect(byEvidence).toEqual({ addresses: 24, inferred: 97, stale: 1 });
  });
});

describe('what the groups, references, verdicts and cycles say', () => {
  it('every group, reference, verdict and cycle has a short text and an explanation', async () => {
    for (const k of KERNELS) {
      const { wf } = await analyse(k);
      for (const grp of wf.groups) {
        expect(grp.title && grp.explanation && grp.verdict.text && grp.verdict.explanation, `${k.kernel} ${grp.key}`).toBeTruthy();
        expect(grp.rows.length).toBe(grp.count);
        for (const r of grp.references) expect(r.text && r.explanation, `${k.kernel} ${grp.key}`).toBeTruthy();
      }
      for (const c of wf.cycles) expect(c.text && c.explanation).toBeTruthy();
    }
  });

  it('Cockroach7504: a lock-order deadlock of two goroutines, one step inferred from the code', async () => {
    const k = KERNELS.find((x) => x.kernel === 'Cockroach7504')!;
    const { wf } = await analyse(k);
    expect(wf.cycles).toHaveLength(1);
    const c = wf.cycles[0];
    expect(c.text).toBe('deadlock of 2 goroutines: 9 → 10 → 9');
    expect(c.evidence).toBe('inferred');
    // 10 holds the lease's mutex (its address in remove and Release), 9 waits for it
    const first = wf.groups.find((g) => g.key === c.steps[0].group)!;
    expect(first.references.map((r) => [r.goid, r.role, r.stale])).toEqual([[10, 'holder', false]]);
    expect(first.verdict.id).toBe('deadlock');
  });

  it('Etcd10492: a goroutine that locks a mutex it holds in an outer frame (Renew → Checkpoint)', async () => {
    const { wf } = await analyse(KERNELS.find((x) => x.kernel === 'Etcd10492')!);
    expect(wf.cycles.map((c) => [c.text, c.evidence])).toEqual([['goroutine 8 waits for a lock it may hold itself', 'addresses']]);
    const grp = wf.groups[0];
    expect(grp.references.map((r) => [r.goid, r.role, r.func])).toEqual([[8, 'self', 'main.(*lessor_etcd10492).Renew']]);
  });
});

describe('a hung test behind vendored idle loops (goker/hung-test)', () => {
  it('the plain dump: exactly the 4 proven leaks flagged; the 20 idle-loop goroutines, which the runtime does not call leaked, are not', async () => {
    const truth = JSON.parse(readFileSync(join(DIR, 'hung-test/hung-test.truth.json'), 'utf8')) as KernelTruth;
    const view = await loadAll(['goker/hung-test/hung-test.dump.txt']);
    const wf = waitFor(view, 0);
    expect(flaggedGoids(view, wf)).toEqual([...truth.leaked.goids].sort((a, b) => a - b));
    expect(wf.notes.some((x) => x.startsWith('20 goroutines wait in a library'))).toBe(true);
  });

  it('the go test timeout dump: the two workers, the test and the harness waiting for it', async () => {
    const view = await loadAll(['goker/hung-test/hung-test.timeout.txt']);
    const wf = waitFor(view, 0);
    const start = view.model.snapshots[0].rowStart;
    const sites: string[] = [];
    for (let i = 0; i < wf.stuck.length; i++) {
      if (!wf.stuck[i]) continue;
      const frames = view.stackFrames(view.model.goroutines.stack[start + i]).map((f) => view.frameFunc(f));
      sites.push(frames.find((f) => f.startsWith('example.com/') || f === 'testing.(*T).Run') ?? frames[0]);
    }
    expect(sites.sort()).toEqual(['example.com/hung.TestReconcile', 'example.com/hung.TestReconcile.func1', 'example.com/hung.TestReconcile.func1', 'testing.(*T).Run']);
  });
});
