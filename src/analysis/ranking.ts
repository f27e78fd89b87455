/**
 * The ranking a user can follow (issue #9): explicit tiers, each with a name a view can use as a
 * section title and its own sort key, kept in the suspect so the view can say why it sits where it
 * does; and the evidence that separates real culprits from idle loops in a single dump, taken from
 * the wait-for analysis (waitfor.ts) and the creation tree:
 * - goroutines in a deadlock cycle;
 * - a test goroutine (testing.tRunner) that is blocked;
 * - a WaitGroup.Wait whose goroutines started workers that are blocked, and those workers;
 * - a channel send and a receive (or select) blocked in the same function, or on the same address;
 * - a lock whose holder is blocked in another suspect;
 * against a library's idle loop (classify.ts libraryIdleLoop), which is marked and ranked after them.
 * Every evidence item has a short text and a longer explanation (for a tooltip). Pure.
 */
import type { ModelView } from '../model/read';
import { libraryIdleLoop, ownModules } from './classify';
import type { DumpSuspect, Suspect } from './report';
import { STUCK_REASONS, type WaitForResult } from './waitfor';

export interface EvidenceItem {
  id:
    | 'proven-leaked'
    | 'grew'
    | 'persisted'
    | 'deadlock'
    | 'test-blocked'
    | 'waits-for-workers'
    | 'waited-for'
    | 'channel-pair'
    | 'holder-blocked'
    | 'wait-verdict'
    | 'same-wait-earlier'
    | 'waiting'
    | 'idle-loop'
    | 'pattern'
    | 'trace-blocked'
    | 'trace-whole'
    | 'trace-forever';
  text: string;
  explanation: string;
}

/** A suspect's place in its tier: sorted by `value`, then `then`, both descending. */
export interface SortKey {
  value: number;
  then: number;
  /** "longest wait 12 min, 37 goroutines" */
  text: string;
  /** what the tier is sorted by: "longest wait, then goroutines" */
  by: string;
}

export interface TierInfo {
  /** the order of tiers; kept compatible with the earlier 0 proven, 1 time, 2 blocking, 3 weak */
  tier: number;
  name: string;
  /** what the suspects of this tier are sorted by */
  by: string;
  explanation: string;
}

export const TIERS = {
  proven: { tier: 0, name: 'proven leaked', by: 'goroutines proven leaked', explanation: 'The runtime proved these goroutines leaked (a goroutineleak profile, or ` (leaked)` in the dump): nothing can ever wake them.' },
  time: { tier: 1, name: 'grew / persisted', by: 'goroutines added since the first snapshot, then goroutines seen before', explanation: 'Between snapshots of one process these groups grew, or their goroutines (same ids) stayed where they were.' },
  trace: { tier: 1, name: 'blocked through the trace', by: 'longest blocked', explanation: 'Blocked for most of the trace, for all of it, or forever by construction, and still blocked at its end.' },
  eachOther: { tier: 1.3, name: 'blocked on each other', by: 'goroutines', explanation: 'Their wait is tied to other blocked suspects: a deadlock cycle, a WaitGroup and the workers it waits for, a send and a receive in the same function, a lock whose holder is blocked.' },
  test: { tier: 1.4, name: 'the test is blocked', by: 'goroutines', explanation: 'The goroutine running a test (testing.tRunner) is blocked here: a hung test waits on this.' },
  forever: { tier: 1.6, name: 'blocked forever', by: 'goroutines', explanation: 'Blocked by construction: a send or receive on a nil channel, or select {} outside main.' },
  longest: { tier: 2, name: 'blocked longest', by: 'longest wait, then goroutines', explanation: 'A blocking leak pattern (channel, select, lock, WaitGroup, Cond) without more evidence, seen once: the longest waits first.' },
  idle: { tier: 2.5, name: 'idle loops', by: 'goroutines', explanation: 'Library idle loops: selects and receives inside vendored or third-party code with none of the program’s own frames — usually waiting for a stop channel or a context.' },
  other: { tier: 3, name: 'other waits', by: 'goroutines, then longest wait', explanation: 'Waits on something outside the program (network, timers, system calls) or a reason the input hides.' },
} satisfies Record<string, TierInfo>;

export type TierId = keyof typeof TIERS;

const TIER_ORDER: TierId[] = ['proven', 'time', 'trace', 'eachOther', 'test', 'forever', 'longest', 'idle', 'other'];

/** The tiers present in a ranked list, in order, with how many suspects each holds. */
export function tiersOf(suspects: Suspect[]): (TierInfo & { id: TierId; suspects: number })[] {
  const count = new Map<TierId, number>();
  for (const s of suspects) count.set(s.tierId, (count.get(s.tierId) ?? 0) + 1);
  return TIER_ORDER.filter((t) => count.has(t)).map((t) => ({ id: t, ...TIERS[t], suspects: count.get(t)! }));
}

/** Sets tier, its name and the sort key from what the suspect has (the evidence is already in `items`). */
export function placeSuspect(s: Suspect, tier: TierId, key: Omit<SortKey, 'by'>): void {
  s.tierId = tier;
  s.tier = TIERS[tier].tier;
  s.tierName = TIERS[tier].name;
  s.sortKey = { ...key, by: TIERS[tier].by };
}

/** Ranks suspects: tier, then the tier's key, then goroutines, then park site, then group (stable). */
export function rankSuspects(list: Suspect[]): Suspect[] {
  const group = (s: Suspect) => (s.source === 'dump' ? s.group : -1);
  return list.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.sortKey.value - a.sortKey.value ||
      b.sortKey.then - a.sortKey.then ||
      b.count - a.count ||
      cmp(a.parkSite?.func ?? '', b.parkSite?.func ?? '') ||
      group(a) - group(b),
  );
}

/** `main.F.func1.2` → `main.F`: the function a closure (or go-statement wrapper) is written in. */
export function enclosingFunc(func: string): string {
  return func.replace(/(?:\.func\d+|\.gowrap\d+|\.\d+)+$/, '');
}

const CHAN_SIDE: Record<string, 'send' | 'recv' | 'either' | undefined> = { 'chan-send': 'send', 'chan-recv': 'recv', select: 'either' };

interface Links {
  deadlock: { goids: number[]; text: string; explanation: string } | null;
  test: string | null;
  workers: Map<number, number>;
  waitedBy: Map<number, number>;
  pairs: Map<number, { how: 'function' | 'address'; where: string }>;
  holders: Map<number, { goid: number; blockedOn: string | null }>;
}

/**
 * The wait-for evidence of a dump snapshot's suspects, their idle-loop marks and their tiers.
 * `items[i]` holds suspect i's evidence so far (proof, growth, waits); the pattern item is added last.
 */
export function rankDumpSuspects(view: ModelView, snapshot: number, suspects: DumpSuspect[], items: EvidenceItem[][], wf: WaitForResult | null): void {
  const m = view.model;
  const g = m.goroutines;
  const snap = m.snapshots[snapshot];
  const start = snap.rowStart;
  const n = snap.rowEnd - start;
  const suspectOf = new Int32Array(n).fill(-1);
  suspects.forEach((s, si) => {
    for (const r of s.rows) suspectOf[r - start] = si;
  });
  const funcsOf = suspects.map((s) => s.stack?.funcs ?? []);
  const own = ownModules(funcsOf);
  const links: Links[] = suspects.map(() => ({ deadlock: null, test: null, workers: new Map(), waitedBy: new Map(), pairs: new Map(), holders: new Map() }));
  const blocking = (si: number) => suspects[si].kind === 'leak';
  const idles = suspects.map((s) => (s.kind === 'leak' && s.stack ? libraryIdleLoop(s.pattern, s.stack.funcs, s.stack.files, own) : null));

  // a test goroutine blocked: the frame testing.tRunner calls is the test
  suspects.forEach((_s, si) => {
    const funcs = funcsOf[si];
    const at = funcs.indexOf('testing.tRunner');
    if (at > 0 && blocking(si)) links[si].test = funcs[at - 1];
  });

  // WaitGroup.Wait ↔ the blocked workers its goroutines started (their creator chain reaches a
  // waiter); a library's idle loops started on the way are not its workers
  if (snap.hasIds && suspects.some((s) => s.pattern === 'waitgroup')) {
    const rowOfGoid = new Map<number, number>();
    for (let i = 0; i < n; i++) if (g.goid[start + i] >= 0) rowOfGoid.set(g.goid[start + i], i);
    for (let i = 0; i < n; i++) {
      const si = suspectOf[i];
      if (si < 0 || !blocking(si) || idles[si]) continue;
      let cg = g.creatorGoid[start + i];
      for (let depth = 0; depth < 8 && cg >= 0; depth++) {
        const ci = rowOfGoid.get(cg);
        if (ci === undefined) break;
        const wi = suspectOf[ci];
        if (wi >= 0 && wi !== si && suspects[wi].pattern === 'waitgroup') {
          links[wi].workers.set(si, (links[wi].workers.get(si) ?? 0) + 1);
          links[si].waitedBy.set(wi, (links[si].waitedBy.get(wi) ?? 0) + 1);
          break;
        }
        cg = g.creatorGoid[start + ci];
      }
    }
  }

  // a send and a receive (or select) blocked in the same function
  const byEnclosing = new Map<string, number[]>();
  suspects.forEach((s, si) => {
    if (!CHAN_SIDE[s.pattern] || !s.parkSite || !blocking(si)) return;
    const key = enclosingFunc(s.parkSite.func);
    const list = byEnclosing.get(key);
    if (list) list.push(si);
    else byEnclosing.set(key, [si]);
  });
  for (const [fn, list] of byEnclosing) {
    for (const a of list)
      for (const b of list) {
        if (a === b) continue;
        const sa = CHAN_SIDE[suspects[a].pattern];
        const sb = CHAN_SIDE[suspects[b].pattern];
        const complementary = (sa === 'send' && sb !== 'send') || (sa === 'recv' && sb !== 'recv') || (sa === 'either' && sb !== 'either');
        if (complementary) links[a].pairs.set(b, { how: 'function', where: fn });
      }
  }

  // from the wait-for analysis: deadlock cycles, the same channel, a lock's blocked holder
  if (wf) {
    for (const c of wf.cycles) {
      for (const r of c.rows) {
        const si = suspectOf[r - start];
        if (si >= 0 && !links[si].deadlock) links[si].deadlock = { goids: c.goids, text: c.text, explanation: c.explanation };
      }
    }
    for (const grp of wf.groups) {
      const waiterSuspects = new Set<number>();
      for (const r of grp.rows) if (suspectOf[r - start] >= 0) waiterSuspects.add(suspectOf[r - start]);
      for (const ref of grp.references) {
        const ti = suspectOf[ref.row - start];
        if (ti < 0 || !blocking(ti)) continue;
        for (const si of waiterSuspects) {
          if (si === ti) continue;
          if (grp.kind === 'chan' && ref.role === 'waker') links[si].pairs.set(ti, { how: 'address', where: grp.address ?? '' });
          if ((grp.kind === 'mutex' || grp.kind === 'rwmutex' || grp.kind === 'once') && ref.stuck && (ref.role === 'holder' || ref.role === 'same-type')) links[si].holders.set(ti, { goid: ref.goid, blockedOn: ref.blockedOn });
        }
      }
    }
  }

  const siteOf = (si: number) => suspects[si].parkSite?.func ?? suspects[si].title;
  const listSites = (m2: Map<number, number>) =>
    [...m2]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .map(([si, k]) => `${siteOf(si)} (${k})`)
      .join(', ');
  suspects.forEach((s, si) => {
    const L = links[si];
    const add: EvidenceItem[] = [];
    if (L.deadlock) add.push({ id: 'deadlock', text: `in a deadlock: ${L.deadlock.text}`, explanation: L.deadlock.explanation });
    if (L.test)
      add.push({
        id: 'test-blocked',
        text: `the test ${shortName(L.test)} itself is blocked here`,
        explanation: `This goroutine runs the test (testing.tRunner → ${L.test}): until this wait ends the test cannot finish. In a hung go test, the test goroutine's own wait is the first place to look.`,
      });
    if (L.workers.size) {
      const k = [...L.workers.values()].reduce((a, b) => a + b, 0);
      add.push({
        id: 'waits-for-workers',
        text: `waits for ${k} goroutine${k === 1 ? '' : 's'} it started, blocked at ${listSites(L.workers)}`,
        explanation: `The goroutines waiting in WaitGroup.Wait here started (directly or through their children) goroutines that are blocked themselves — if those are the ones that should call Done, neither side can move.`,
      });
    }
    if (L.waitedBy.size)
      add.push({
        id: 'waited-for',
        text: `started by a goroutine that waits for them in WaitGroup.Wait (${listSites(L.waitedBy)})`,
        explanation: `Their creator (or its creator) is blocked in WaitGroup.Wait: if these goroutines are the ones it waits for, their own wait keeps it blocked.`,
      });
    for (const [ti, p] of [...L.pairs].slice(0, 2)) {
      const mine = CHAN_SIDE[s.pattern];
      const verb = mine === 'send' ? 'sends' : mine === 'recv' ? 'receives' : 'waits in select';
      add.push({
        id: 'channel-pair',
        text: p.how === 'address' ? `${verb} on chan ${p.where}, which ${siteOf(ti)} also holds` : `${verb} in ${shortName(p.where)}, where ${siteOf(ti)} is blocked on the other side`,
        explanation:
          p.how === 'address'
            ? `Goroutines of ${siteOf(ti)} have the address of the channel these wait on (${p.where}) and are blocked themselves: the two sides of one channel, both stuck.`
            : `A send and a receive (or select) blocked in the same function ${p.where} (its closures included): most likely the two ends of one channel, each waiting for the other side to be ready.`,
      });
    }
    for (const [ti, h] of [...L.holders].slice(0, 2))
      add.push({
        id: 'holder-blocked',
        text: `its lock's holder, goroutine ${h.goid} (${siteOf(ti)}), is blocked${h.blockedOn ? `: ${h.blockedOn}` : ''}`,
        explanation: `Goroutine ${h.goid} may hold the lock these wait for (it has its address, or is inside a method of its type) and is blocked itself, so it does not unlock.`,
      });
    // the wait-for verdict of its goroutines, and the same wait in an earlier snapshot
    if (wf) {
      const reasons = new Map<number, number>();
      const groups = new Map<number, number>();
      for (const r of s.rows) {
        const i = r - start;
        if (wf.stuck[i]) reasons.set(wf.stuck[i], (reasons.get(wf.stuck[i]) ?? 0) + 1);
        if (wf.group[i] >= 0) groups.set(wf.group[i], (groups.get(wf.group[i]) ?? 0) + 1);
      }
      const topGroup = [...groups].sort((a, b) => b[1] - a[1])[0];
      const grp = topGroup ? wf.groups[topGroup[0]] : null;
      const stuck = [...reasons.values()].reduce((a, b) => a + b, 0);
      const reason = [...reasons].sort((a, b) => b[1] - a[1])[0];
      if (reason && !L.deadlock && STUCK_REASONS[reason[0]] !== 'nil-channel' && STUCK_REASONS[reason[0]] !== 'no-cases') {
        const why = STUCK_REASONS[reason[0]];
        add.push(
          why === 'no-waker'
            ? {
                id: 'wait-verdict',
                text: `nothing that could wake ${stuck === 1 ? 'it' : 'them'} is running`,
                explanation: 'The dump does not show what it waits on; of the goroutines that might wake it — its creator, its siblings and children, the goroutines sharing the receiver of its waiting frame — none is running or can be woken itself. A hint, not proof.',
              }
            : grp
              ? { id: 'wait-verdict', text: grp.verdict.text, explanation: grp.verdict.explanation }
              : { id: 'wait-verdict', text: `${why}`, explanation: '' },
        );
      }
      if (grp?.persisted && grp.persisted.count > 0)
        add.push({
          id: 'same-wait-earlier',
          text: `${grp.persisted.count} waited on the same ${grp.kind} ${grp.address} in an earlier snapshot`,
          explanation: 'The same goroutine ids waited on the same address in an earlier snapshot of this process: stronger evidence that they never moved.',
        });
      s.waitFor = grp ? { groups: [...groups.keys()].map((x) => wf.groups[x].key), stuck, verdict: grp.verdict.text } : stuck ? { groups: [], stuck, verdict: null } : null;
    }
    const idle = idles[si];
    s.idleLoop = idle ? { module: idle.module, text: idle.text, explanation: idle.explanation } : null;
    if (idle) add.push({ id: 'idle-loop', text: idle.text, explanation: idle.explanation });
    // the pattern item stays last (views skip it next to the title)
    const base = items[si];
    const pattern = base.pop()!;
    const all = [...base, ...add, pattern];
    s.evidenceItems = all;
    s.evidence = all.map((e) => e.text);
    const related = L.deadlock !== null || L.workers.size > 0 || L.waitedBy.size > 0 || L.pairs.size > 0 || L.holders.size > 0;
    const wmax = s.wait ? s.wait.maxMinutes : 0;
    const countText = `${s.count} goroutine${s.count === 1 ? '' : 's'}`;
    if (s.leaked > 0) placeSuspect(s, 'proven', { value: s.leaked, then: s.count, text: `${s.leaked} proven leaked` });
    else if ((s.growth && s.growth.delta > 0) || s.persisting > 0)
      placeSuspect(s, 'time', { value: s.growth?.delta ?? 0, then: s.persisting, text: s.growth && s.growth.delta > 0 ? `+${s.growth.delta} since the first snapshot` : `${s.persisting} seen in an earlier snapshot` });
    else if (s.kind === 'leak' && (L.deadlock || (related && !idle))) placeSuspect(s, 'eachOther', { value: s.count, then: wmax, text: countText });
    else if (s.kind === 'leak' && L.test) placeSuspect(s, 'test', { value: s.count, then: wmax, text: countText });
    else if (s.kind === 'leak' && (s.pattern === 'nil-chan' || s.pattern === 'select-no-cases')) placeSuspect(s, 'forever', { value: s.count, then: wmax, text: countText });
    else if (s.kind === 'leak' && idle) placeSuspect(s, 'idle', { value: s.count, then: wmax, text: countText });
    else if (s.kind === 'leak') placeSuspect(s, 'longest', { value: Math.max(0, wmax), then: s.count, text: wmax > 0 ? `longest wait ${wmax} min, ${countText}` : countText });
    else placeSuspect(s, 'other', { value: s.count, then: Math.max(0, wmax), text: countText });
  });
}

function shortName(func: string): string {
  const slash = func.lastIndexOf('/');
  return slash >= 0 ? func.slice(slash + 1) : func;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
