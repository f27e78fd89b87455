/**
 * GODEBUG=schedtrace=N[,scheddetail=1] logs (src/runtime/proc.go `schedtrace`, Go 1.19–1.27).
 *
 *   SCHED 103ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 [needspinning=1 (1.21+)]
 *     idlethreads=0 runqueue=0 …
 *       without detail: ` [0 0]` (≤1.24) or ` [ 0 0 ] schedticks=[ 25 44 ]` (1.26+)
 *       with detail:    ` gcwaiting=0|false nmidlelocked=1 stopwait=0 sysmonwait=0|false`
 *     P0: status=1 schedtick=19 syscalltick=38 m=2|-1|nil runqsize=0 gfreecnt=0 timerslen=2
 *     M2: p=0 curg=67 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=nil
 *     G34: status=4(chan send) m=nil lockedm=nil
 * ("none" is `-1` up to 1.20, `nil` from 1.21.) Each SCHED line starts a snapshot of kind
 * 'schedtrace'. G lines become goroutine rows (not the dead ones, status 6): state = the wait
 * reason in parentheses when not empty, else the status name; thread = m; goid = the G's id.
 * P and M lines are kept in snapshot.sched. Other lines (the program's own output) are skipped
 * and counted in one warning; a SCHED/P/M/G line that does not parse is warned with its number.
 */
import { GFlag } from '../../model/model';
import { G_DEAD, G_SCAN, gStatusName, type SchedProc, type SchedSnapshot, type SchedThread } from '../../model/sched';
import { forEachLine } from '../lines';
import { warn, type Chunks, type ParseContext } from '../types';

const SCHED_RE = /SCHED (\d+)ms:(.*)$/;
const ID = '(-?\\d+|nil)';
const P_RE = new RegExp(`^\\s*P(\\d+): status=(\\d+) schedtick=(\\d+) syscalltick=(\\d+) m=${ID} runqsize=(-?\\d+) gfreecnt=(\\d+)(?: timerslen=(\\d+))?\\s*$`);
const M_RE = new RegExp(
  `^\\s*M(\\d+): p=${ID} curg=${ID} mallocing=(-?\\d+) throwing=(-?\\d+) preemptoff=(.*?) locks=(-?\\d+) dying=(-?\\d+) spinning=(true|false) blocked=(true|false) lockedg=${ID}\\s*$`,
);
const G_RE = new RegExp(`^\\s*G(\\d+): status=(\\d+)\\((.*)\\) m=${ID} lockedm=${ID}\\s*$`);
const PMG_START = /^\s*([PMG])\d+: /;

const REQUIRED = ['gomaxprocs', 'idleprocs', 'threads', 'spinningthreads', 'idlethreads', 'runqueue'] as const;

function idOf(s: string): number {
  return s === 'nil' ? -1 : Number(s);
}

function numOrBool(s: string | undefined): number | null {
  if (s === undefined) return null;
  if (s === 'true') return 1;
  if (s === 'false') return 0;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Parses the part after `SCHED Nms:`; returns the fields and whether the line looked complete. */
function parseSchedFields(rest: string): { kv: Map<string, string>; runq: number[] | null; ticks: number[] | null; ok: boolean } {
  const kv = new Map<string, string>();
  let runq: number[] | null = null;
  let ticks: number[] | null = null;
  let ok = true;
  const toks = rest.trim().split(/\s+/);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t) continue;
    const isTicks = t === 'schedticks=[' || t.startsWith('schedticks=[');
    if (t.startsWith('[') || isTicks) {
      // a list: `[0 0]`, `[ 0 0 ]`, `schedticks=[ 1 2 ]`
      const list: number[] = [];
      let first = isTicks ? t.slice('schedticks=['.length) : t.slice(1);
      let closed = false;
      for (let j = i; ; ) {
        let item = j === i ? first : toks[j];
        if (item.endsWith(']')) {
          closed = true;
          item = item.slice(0, -1);
        }
        if (item !== '') {
          const n = Number(item);
          if (!Number.isFinite(n)) ok = false;
          else list.push(n);
        }
        if (closed) {
          i = j;
          break;
        }
        j++;
        if (j >= toks.length) {
          i = j;
          break;
        }
        first = '';
      }
      if (!closed) ok = false;
      if (isTicks) ticks = list;
      else runq = list;
      continue;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) {
      ok = false;
      continue;
    }
    const v = t.slice(eq + 1);
    if (v === '') ok = false;
    kv.set(t.slice(0, eq), v);
  }
  for (const k of REQUIRED) if (!kv.has(k)) ok = false;
  return { kv, runq, ticks, ok };
}

export async function parseSchedtrace(ctx: ParseContext, chunks: Chunks): Promise<void> {
  const b = ctx.builder;
  let snapIdx = -1;
  let sched: SchedSnapshot | null = null;
  let other = 0;
  let firstOther = 0;
  let blocks = 0;
  const stateIds = new Map<string, number>();
  const stateId = (s: string): number => {
    let id = stateIds.get(s);
    if (id === undefined) {
      id = b.intern(s);
      stateIds.set(s, id);
    }
    return id;
  };

  const close = () => {
    if (snapIdx >= 0) b.endSnapshot(snapIdx);
    snapIdx = -1;
    sched = null;
  };

  const garbled = (lineNo: number, what: string, line: string) => {
    warn(ctx, `line ${lineNo}: ${what} line cut short or garbled, skipped: ${line.length > 100 ? line.slice(0, 100) + '…' : line}`);
  };

  await forEachLine(chunks, ctx, (line, lineNo) => {
    const si = line.indexOf('SCHED ');
    if (si >= 0) {
      const m = SCHED_RE.exec(line.slice(si));
      if (m) {
        close();
        blocks++;
        const uptimeMs = Number(m[1]);
        const { kv, runq, ticks, ok } = parseSchedFields(m[2]);
        if (!ok) garbled(lineNo, 'SCHED', line);
        if (si > 0) {
          // the program's output and the runtime's share the line: count the foreign part
          if (other++ === 0) firstOther = lineNo;
        }
        const n = (k: string) => {
          const v = kv.get(k);
          const x = v === undefined ? NaN : Number(v);
          return Number.isFinite(x) ? x : 0;
        };
        sched = {
          uptimeMs,
          gomaxprocs: n('gomaxprocs'),
          idleprocs: n('idleprocs'),
          threads: n('threads'),
          spinningthreads: n('spinningthreads'),
          needspinning: kv.has('needspinning') ? n('needspinning') : null,
          idlethreads: n('idlethreads'),
          runqueue: n('runqueue'),
          localRunqueues: runq ?? [],
          gcwaiting: numOrBool(kv.get('gcwaiting')),
          nmidlelocked: numOrBool(kv.get('nmidlelocked')),
          stopwait: numOrBool(kv.get('stopwait')),
          sysmonwait: numOrBool(kv.get('sysmonwait')),
          procs: [],
          threadsDetail: [],
          schedticks: ticks,
          goroutineStatus: [],
          deadGoroutines: 0,
        };
        snapIdx = b.addSnapshot(ctx.input, {
          kind: 'schedtrace',
          label: `SCHED ${uptimeMs}ms`,
          uptimeMs,
          hasStates: true,
          hasIds: true,
          line: lineNo,
          sched,
        });
        return;
      }
    }
    const start = PMG_START.exec(line);
    if (!start || !sched) {
      if (line.trim() !== '' && other++ === 0) firstOther = lineNo;
      return;
    }
    const s: SchedSnapshot = sched;
    const kind = start[1];
    if (kind === 'G') {
      const g = G_RE.exec(line);
      if (!g) return garbled(lineNo, 'G', line);
      const status = Number(g[2]);
      if ((status & ~G_SCAN) === G_DEAD) {
        s.deadGoroutines++;
        return;
      }
      const reason = g[3];
      const lockedm = idOf(g[5]);
      b.addGoroutine({
        snapshot: snapIdx,
        goid: Number(g[1]),
        state: stateId(reason !== '' ? reason : gStatusName(status)),
        thread: idOf(g[4]),
        flags: lockedm >= 0 ? GFlag.Locked : 0,
      });
      s.goroutineStatus.push(status);
    } else if (kind === 'P') {
      const p = P_RE.exec(line);
      if (!p) return garbled(lineNo, 'P', line);
      const proc: SchedProc = {
        id: Number(p[1]),
        status: Number(p[2]),
        schedtick: Number(p[3]),
        syscalltick: Number(p[4]),
        m: idOf(p[5]),
        runqsize: Number(p[6]),
        gfreecnt: Number(p[7]),
        timerslen: p[8] === undefined ? null : Number(p[8]),
      };
      s.procs.push(proc);
    } else {
      const m = M_RE.exec(line);
      if (!m) return garbled(lineNo, 'M', line);
      const th: SchedThread = {
        id: Number(m[1]),
        p: idOf(m[2]),
        curg: idOf(m[3]),
        mallocing: Number(m[4]),
        throwing: Number(m[5]),
        preemptoff: m[6],
        locks: Number(m[7]),
        dying: Number(m[8]),
        spinning: m[9] === 'true',
        blocked: m[10] === 'true',
        lockedg: idOf(m[11]),
      };
      s.threadsDetail.push(th);
    }
  });
  close();
  if (blocks === 0) warn(ctx, 'no `SCHED Nms:` line found');
  if (other) warn(ctx, `${other} line${other > 1 ? 's' : ''} of other output (not SCHED/P/M/G lines) skipped (first: line ${firstOther})`);
}
