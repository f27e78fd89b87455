/**
 * The words of the wait-for analysis (waitfor.ts): a short text and a longer explanation (for a
 * tooltip) for object groups, references, verdicts and cycles. Pure.
 */
import type { WaitCycle, WaitObjectGroup, WaitReference, WaitVerdict } from './waitfor';
import type { WaitObjectKind, WaitOp } from './waitfor-ops';

export function hex(v: number): string {
  return `0x${v.toString(16)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const OP_VERB: Record<WaitOp, [string, string]> = {
  none: ['runs', 'run'],
  'chan-receive': ['receives from', 'receive from'],
  'chan-send': ['sends on', 'send on'],
  'nil-chan-receive': ['receives from a nil channel', 'receive from a nil channel'],
  'nil-chan-send': ['sends on a nil channel', 'send on a nil channel'],
  select: ['waits in select', 'wait in select'],
  'select-no-cases': ['waits in select {}', 'wait in select {}'],
  mutex: ['waits to lock', 'wait to lock'],
  'rwmutex-read': ['waits to RLock', 'wait to RLock'],
  'rwmutex-write': ['waits to Lock', 'wait to Lock'],
  waitgroup: ['waits for', 'wait for'],
  cond: ['waits on', 'wait on'],
  once: ['waits for', 'wait for'],
  semaphore: ['waits on', 'wait on'],
};

const OP_NOUN: Record<WaitOp, string> = {
  none: 'running',
  'chan-receive': 'receive',
  'chan-send': 'send',
  'nil-chan-receive': 'receive',
  'nil-chan-send': 'send',
  select: 'select',
  'select-no-cases': 'select {}',
  mutex: 'Lock',
  'rwmutex-read': 'RLock',
  'rwmutex-write': 'Lock',
  waitgroup: 'Wait',
  cond: 'Wait',
  once: 'Do',
  semaphore: 'semacquire',
};

const KIND_NOUN: Record<WaitObjectKind, string> = {
  chan: 'chan',
  'nil-chan': 'nil channel',
  'select-no-cases': 'select {}',
  mutex: 'Mutex',
  rwmutex: 'RWMutex',
  waitgroup: 'WaitGroup',
  cond: 'Cond',
  once: 'Once',
  semaphore: 'semaphore',
};

/** "3 receive", "1 RLock" — one operation of a group's waiters. */
export function opText(op: WaitOp, count: number): string {
  return count === 1 && op !== 'none' ? OP_NOUN[op] : `${count} ${OP_NOUN[op]}`;
}

function objectName(g: Pick<WaitObjectGroup, 'kind' | 'address' | 'stale' | 'container'>): string {
  if (g.container !== null) return `${KIND_NOUN[g.kind]} in ${g.container}${g.stale ? '?' : ''}`;
  if (g.address === null) return KIND_NOUN[g.kind];
  return `${KIND_NOUN[g.kind]} ${g.address}${g.stale ? '?' : ''}`;
}

export function describeGroup(g: WaitObjectGroup): { title: string; explanation: string } {
  const who = g.count === 1 ? '1 goroutine' : `${g.count} goroutines`;
  const main = g.ops[0]?.op ?? 'none';
  let title: string;
  if (g.kind === 'nil-chan' || g.kind === 'select-no-cases') title = `${who} ${OP_VERB[main][g.count === 1 ? 0 : 1]}`;
  else if (g.kind === 'rwmutex' && g.ops.length > 1) title = `${who} wait on ${objectName(g)} (${g.ops.map((o) => `${o.count} ${OP_NOUN[o.op]}`).join(', ')})`;
  else if (g.ops.length > 1) title = `${who} wait on ${objectName(g)} (${g.ops.map((o) => `${o.count} ${OP_NOUN[o.op]}`).join(', ')})`;
  else title = `${who} ${OP_VERB[main][g.count === 1 ? 0 : 1]} ${objectName(g)}`;
  const sites = g.parkSites.map((s) => `${s.func} (${s.count})`).join(', ');
  const lines = [
    `${title}, parked at ${sites || 'no user frame'}.`,
    g.address !== null
      ? `The address is the argument of the ${KIND_NOUN[g.kind]} operation's own frame${g.stale ? ', printed with `?`: it may be stale (registers reused since), so the grouping is a hint' : ''}.`
      : g.container !== null
        ? `No frame prints the ${KIND_NOUN[g.kind]}'s own address (RLock is inlined, its semaphore's argument stale): ${g.container} is the receiver of the frame that locks it, taken as the struct the lock belongs to — inferred, a hint.`
        : '',
    g.persisted && g.persisted.count > 0 ? `${plural(g.persisted.count, 'of them', 'of them')} waited on this same address in an earlier snapshot (same goroutine ids): stronger evidence that it never moves.` : '',
    g.verdict.explanation,
  ];
  return { title, explanation: lines.filter(Boolean).join(' ') };
}

export function describeReference(r: WaitReference, kind: WaitObjectKind): { text: string; explanation: string } {
  const where = `${r.func}${r.file ? ` (${baseName(r.file)}:${r.line})` : ''}`;
  const what = r.blockedOn ? `, itself blocked (${r.blockedOn})` : `, ${r.state}`;
  const hint = r.stale ? ' The address was printed with `?`: it may be stale, so this is a hint.' : '';
  switch (r.role) {
    case 'self':
      return {
        text: `goroutine ${r.goid} itself, in ${where}`,
        explanation: `Goroutine ${r.goid} waits for this ${KIND_NOUN[kind]} and also has its address in an outer frame, ${where}: if that frame locked it, the goroutine waits for itself (a lock taken twice).${hint}`,
      };
    case 'same-type':
      return {
        text: `goroutine ${r.goid} in ${where}${what}`,
        explanation: `No goroutine shows this ${KIND_NOUN[kind]}'s address; goroutine ${r.goid} is inside ${r.func}, a method of the type whose method locks it, so it may hold it (inferred from the code, not from an address).`,
      };
    case 'worker':
      return {
        text: `goroutine ${r.goid} in ${where}, started by a waiter${what}`,
        explanation: `A goroutine that waits here started goroutine ${r.goid} (${where}): the one that would call Done, most likely${r.blockedOn ? ` — but it is blocked itself (${r.blockedOn})` : ''}. Inferred from who created whom, not from an address.`,
      };
    case 'holder':
      return {
        text: `goroutine ${r.goid} in ${where}${what}`,
        explanation: `Goroutine ${r.goid} has this ${KIND_NOUN[kind]}'s address in ${where} without waiting for it there: it may hold it${r.blockedOn ? `, and it is blocked itself (${r.blockedOn})` : ''}.${hint}`,
      };
    default:
      return {
        text: `goroutine ${r.goid} in ${where}${what}`,
        explanation: `Goroutine ${r.goid} has this ${KIND_NOUN[kind]}'s address in ${where}: it could ${kind === 'chan' ? 'send on it, receive from it or close it' : kind === 'waitgroup' ? 'call Done' : kind === 'cond' ? 'call Signal or Broadcast' : 'release it'}${r.blockedOn ? ` — but it is blocked itself (${r.blockedOn})` : ''}.${hint}`,
      };
  }
}

export function describeVerdict(g: WaitObjectGroup, inCycle: boolean, mainWaits: boolean, cycleOfAddresses: boolean): WaitVerdict {
  const name = objectName(g);
  const live = g.references.filter((r) => !r.stuck && r.role !== 'self');
  const blockedRefs = g.references.filter((r) => r.stuck);
  if (g.kind === 'nil-chan')
    return {
      id: 'nil-channel',
      certainty: 'certain',
      text: 'nil channel: blocked forever',
      explanation: 'A send or receive on a nil channel never proceeds, whatever other goroutines do.',
    };
  if (g.kind === 'select-no-cases') {
    if (mainWaits && g.count === 1)
      return { id: 'main-parked', certainty: 'hint', text: 'main parked on purpose', explanation: 'The main goroutine waits in select {}: a program that parks main on purpose.' };
    return { id: 'no-cases', certainty: 'certain', text: 'select {}: blocked forever', explanation: 'select {} never returns.' };
  }
  if (inCycle)
    return {
      id: 'deadlock',
      certainty: cycleOfAddresses ? 'likely' : 'hint',
      text: 'deadlock',
      explanation: `Its waiters are part of a cycle of goroutines that wait for each other (see the deadlock at the top of the report)${cycleOfAddresses ? '' : '; one step of the cycle rests on a stale word or is inferred from the code'}.`,
    };
  if (live.length > 0) {
    const r = live[0];
    return {
      id: 'may-proceed',
      certainty: 'hint',
      text: `goroutine ${r.goid} may ${g.kind === 'mutex' || g.kind === 'rwmutex' || g.kind === 'once' ? 'release it' : 'wake it'}`,
      explanation: `Goroutine ${r.goid} (${r.blockedOn ?? r.state}), which has the address in ${r.func}, is not stuck: it may still ${g.kind === 'chan' ? 'send, receive or close' : g.kind === 'waitgroup' ? 'call Done' : g.kind === 'cond' ? 'signal' : 'unlock'}.`,
    };
  }
  if (g.references.length === 0 || g.references.every((r) => r.role === 'self')) {
    if (g.kind === 'mutex' || g.kind === 'rwmutex' || g.kind === 'once')
      return {
        id: 'holder-unseen',
        certainty: 'likely',
        text: 'no goroutine shows the holder',
        explanation: `No other goroutine in the dump has ${name}'s address in its frames: the holder returned without Unlock (an early return or a panic path), or holds it through a pointer the dump does not print. Likely stuck for good.`,
      };
    return {
      id: 'unreferenced',
      certainty: 'likely',
      text: `no goroutine in the dump references this ${KIND_NOUN[g.kind]}`,
      explanation: `No other goroutine has ${name}'s address in its frames, so nobody can ${g.kind === 'chan' ? 'send on it, receive from it or close it' : g.kind === 'waitgroup' ? 'call Done' : g.kind === 'cond' ? 'call Signal or Broadcast' : 'release it'} — a leak, unless a timer or the heap (a struct field, a global) holds it: likely, not proven.`,
    };
  }
  const b = blockedRefs[0];
  if (g.kind === 'mutex' || g.kind === 'rwmutex' || g.kind === 'once')
    return {
      id: 'holder-blocked',
      certainty: 'likely',
      text: `the holder (goroutine ${b.goid}) is blocked: ${b.blockedOn ?? b.state}`,
      explanation: `Every goroutine that may hold ${name} is blocked itself — goroutine ${b.goid} in ${b.func} waits: ${b.blockedOn ?? b.state}. Until that wait ends, the lock is not released.`,
    };
  const who = g.kind === 'waitgroup' ? 'could call Done' : g.kind === 'cond' ? 'could signal it' : 'references it';
  return {
    id: 'wakers-stuck',
    certainty: 'likely',
    text: `every goroutine that ${who} is stuck (goroutine ${b.goid}: ${b.blockedOn ?? b.state})`,
    explanation: `The goroutines that ${g.kind === 'waitgroup' ? `have ${name}'s address or were started by its waiters` : `have ${name}'s address`} are all blocked with nothing left to wake them: nobody will ${g.kind === 'chan' ? 'send, receive or close' : g.kind === 'waitgroup' ? 'call Done' : 'signal'}.`,
  };
}

export function describeCycle(c: WaitCycle, groups: WaitObjectGroup[], goidOf: (row: number) => number): { text: string; explanation: string } {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const parts = c.steps.map((s) => {
    const g = byKey.get(s.group);
    const obj = g ? objectName(g) : 'it';
    const verb = g ? OP_VERB[g.ops[0]?.op ?? 'none'][0] : 'waits for';
    const rel = g && (g.kind === 'mutex' || g.kind === 'rwmutex' || g.kind === 'once') ? (s.from === s.to ? 'held by itself' : `held by goroutine ${goidOf(s.to)}`) : g?.kind === 'waitgroup' ? `whose Done would come from goroutine ${goidOf(s.to)}` : `which goroutine ${goidOf(s.to)} could wake`;
    return `goroutine ${goidOf(s.from)} ${verb} ${obj}, ${rel}`;
  });
  if (c.steps.length === 1 && c.steps[0].from === c.steps[0].to) {
    const g = byKey.get(c.steps[0].group);
    const read = g?.ops.some((o) => o.op === 'rwmutex-read') ?? false;
    return {
      text: `goroutine ${c.goids[0]} waits for a lock it may hold itself`,
      explanation:
        `Goroutine ${c.goids[0]} ${g ? `${OP_VERB[g.ops[0]?.op ?? 'none'][0]} ${objectName(g)}` : 'waits for a lock'} and has ${g?.container ? 'that struct' : 'its'} address in an outer frame of its own stack: if that frame locked it, the goroutine waits for itself — a lock taken twice${read ? ' (a second RLock deadlocks when a writer waits in between)' : ''}. ` +
        (c.evidence === 'addresses' ? 'The addresses are printed, not marked stale; that the outer frame took the lock is inferred.' : 'Inferred from the code, not proven: the outer frame may hold the address without holding the lock.'),
    };
  }
  const text = `deadlock of ${plural(c.goids.length, 'goroutine')}: ${c.goids.join(' → ')} → ${c.goids[0]}`;
  const caveat =
    c.evidence === 'addresses'
      ? 'Every step is an address printed in the frames (not marked stale); that a goroutine holding a lock’s address holds the lock is inferred.'
      : c.evidence === 'stale'
        ? 'One step rests on an address printed with `?` (possibly stale): a hint, not proof.'
        : 'One step is inferred from the code (a goroutine inside a method of the lock’s type, a lock known only by its struct, or the workers a WaitGroup waits for), not from an address: a hint, not proof.';
  return { text, explanation: `${parts.join('; ')}. None of them can move until another does. ${caveat}` };
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
