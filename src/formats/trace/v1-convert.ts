/**
 * Old trace format ("v1"), layer 2: Go 1.27's tracev1.go — the ordered old-format events (from
 * v1-parse.ts) converted into the v2 event model and reported to the sink's typed methods, so both
 * formats give the same model (docs §6.6): the start-of-trace snapshot becomes status events,
 * GoSysCall without GoSysBlock becomes a syscall of 1 ns, blocking events become GoBlock reasons,
 * and the whole file is one generation.
 */
import type { ModelBuilder } from '../../model/model';
import { GoState, ProcState } from '../../model/trace';
import { ParseError } from '../types';
import type { TraceSink } from './sink';
import { BLOCK_REASON, E, STW_REASONS, type V1Parser } from './v1-parse';

export function convertV1(b: ModelBuilder, sink: TraceSink, ev: V1Parser, version: number): void {
  const { strings, inline, stacks, pcs } = ev.prepare();
  const strCache = new Map<number, number>();
  const str = (id: number) => {
    let g = strCache.get(id);
    if (g === undefined) strCache.set(id, (g = b.intern(strings.get(id) ?? '')));
    return g;
  };
  const stkCache = new Map<number, number>();
  /** model stack id + 2 by old stack id (0 = not looked up yet) */
  const stkDense = new Int32Array(1 << 16);
  const frames: number[] = [];
  const stk = (id: number): number => {
    if (id === 0) return -1;
    if (id > 0 && id < stkDense.length && stkDense[id] !== 0) return stkDense[id] - 2;
    let g = stkCache.get(id);
    if (g !== undefined) return g;
    const s = stacks.get(id);
    if (!s || s.length === 0) g = -1;
    else {
      frames.length = 0;
      for (const pc of s) {
        const f = pcs.get(pc);
        frames.push(b.frame(f ? (strings.get(f[0]) ?? '') : '', f ? (strings.get(f[1]) ?? '') : '', f ? f[2] : 0));
      }
      g = b.stackFromLeafFirst(frames);
    }
    stkCache.set(id, g);
    if (id > 0 && id < stkDense.length) stkDense[id] = g + 2;
    return g;
  };
  const reasonId = new Int32Array(64);
  for (const [t, s] of Object.entries(BLOCK_REASON)) reasonId[Number(t)] = b.intern(s);
  const gosched = b.intern('runtime.Gosched');
  const preempted = b.intern('preempted');
  const stwKind = (k: number) => {
    let r = 0;
    if (version < 21) r = k === 0 || k === 1 ? k + 1 : 0;
    else if (version === 21) r = k < STW_REASONS.length ? k : 0;
    return b.intern(STW_REASONS[r]);
  };

  /** sink thread row of the thread that last started each P (Ps below 4096 in a table, the pseudo Ps in a Map) */
  const procMs = new Map<number, number>();
  const procMd = new Int32Array(4096).fill(-1);
  const getM = (P: number): number => (P >= 0 && P < 4096 ? procMd[P] : (procMs.get(P) ?? -1));
  const setM = (P: number, m: number): void => {
    if (P >= 0 && P < 4096) procMd[P] = m;
    else procMs.set(P, m);
  };
  const delM = (P: number): void => {
    if (P >= 0 && P < 4096) procMd[P] = -1;
    else procMs.delete(P);
  };
  const seenProcs = new Set<number>();
  /** active task id → sink task row */
  const tasks = new Map<number, number>();
  /** open regions per goroutine row: sink region rows */
  const regions = new Map<number, number[]>();
  let preInit = true;
  const createdPreInit = new Set<number>();

  if (ev.events > 0) sink.sync(-1);
  const row = (goid: number) => sink.row(goid);
  const ctxG = (goid: number) => (goid === 0 ? -1 : sink.rowIfAny(goid));
  const status = (goid: number, to: number) => sink.goStatus(row(goid), GoState.Undetermined, to, -1, -1, -1);

  while (ev.next()) {
    const typ = ev.typ;
    const t = ev.ts;
    const P = ev.p;
    const m = P !== -1 && typ !== E.CPUSample ? getM(P) : -1;
    const g = ctxG(ev.g);
    // the time of whatever the sink is told next (see TraceSink.abs)
    sink.abs = t;
    switch (typ) {
      case E.Gomaxprocs:
        if (preInit) {
          // the end of the start-of-trace snapshot: goroutines that did nothing else are Runnable
          preInit = false;
          for (const id of createdPreInit) status(id, GoState.Runnable);
          createdPreInit.clear();
          break;
        }
        sink.other();
        break;
      case E.ProcStart: {
        const mm = sink.threadRow(ev.a0);
        setM(P, mm);
        if (seenProcs.has(P)) sink.procStart(P, mm);
        else {
          seenProcs.add(P);
          sink.procStatus(P, ProcState.Undetermined, ProcState.Running, mm);
        }
        break;
      }
      case E.ProcStop:
        if (seenProcs.has(P)) sink.procStop(P, m);
        else {
          seenProcs.add(P);
          sink.procStatus(P, ProcState.Undetermined, ProcState.Idle, m);
        }
        delM(P);
        break;
      case E.GCStart:
        sink.gcBegin();
        break;
      case E.GCDone:
        sink.gcEnd();
        break;
      case E.STWStart:
        sink.stwBegin(g, stwKind(ev.a0));
        break;
      case E.STWDone:
        sink.stwEnd(g);
        break;
      case E.GCSweepStart:
      case E.GCSweepDone:
      case E.GCMarkAssistStart:
      case E.GCMarkAssistDone:
      case E.HeapAlloc:
      case E.HeapGoal:
        sink.other();
        break;
      case E.GoCreate:
        if (preInit) {
          createdPreInit.add(ev.a0);
          break;
        }
        sink.goCreate(g, row(ev.a0), stk(ev.a1), stk(ev.stk), false);
        break;
      case E.GoStart:
        if (preInit) {
          createdPreInit.delete(ev.a0);
          status(ev.a0, GoState.Running);
        } else sink.goStart(row(ev.a0), P, m);
        break;
      case E.GoStartLabel:
        sink.goStart(row(ev.a0), P, m);
        sink.goLabel(ctxG(ev.g), str(ev.a2));
        break;
      case E.GoEnd:
        sink.goDestroy(g);
        break;
      case E.GoSched:
        sink.goStop(g, gosched, stk(ev.stk));
        break;
      case E.GoPreempt:
        sink.goStop(g, preempted, stk(ev.stk));
        break;
      case E.GoStop:
      case E.GoSleep:
      case E.GoBlock:
      case E.GoBlockSend:
      case E.GoBlockRecv:
      case E.GoBlockSelect:
      case E.GoBlockSync:
      case E.GoBlockCond:
      case E.GoBlockNet:
      case E.GoBlockGC:
        sink.goBlock(g, reasonId[typ], stk(ev.stk));
        break;
      case E.GoUnblock:
        sink.goUnblock(row(ev.a0), g, stk(ev.stk));
        break;
      case E.GoSysCall:
        sink.goSyscallBegin(g, P, m, stk(ev.stk));
        if (!ev.blocked) {
          sink.abs = t + 1;
          sink.goSyscallEnd(g, P, m);
        }
        break;
      case E.GoSysExit:
        sink.goSyscallEndBlocked(g, m);
        break;
      case E.GoSysBlock:
        break; // part of the GoSysCall conversion
      case E.GoWaiting:
        createdPreInit.delete(ev.a0);
        status(ev.a0, GoState.Waiting);
        break;
      case E.GoInSyscall:
        createdPreInit.delete(ev.a0);
        status(ev.a0, GoState.Syscall);
        break;
      case E.UserTaskCreate:
        tasks.set(ev.a0, sink.taskBegin(ev.a0, ev.a1, str(ev.a2)));
        break;
      case E.UserTaskEnd: {
        const r = tasks.get(ev.a0);
        tasks.delete(ev.a0);
        sink.taskEnd(ev.a0, r ?? -1);
        break;
      }
      case E.UserRegion: {
        const name = str(ev.a2);
        let open = regions.get(g);
        if (ev.a1 === 0) {
          if (!open) regions.set(g, (open = []));
          open.push(sink.regionBegin(g, ev.a0, name));
        } else {
          sink.regionEnd(g, open && open.length > 0 ? open.pop()! : -1, ev.a0, name);
        }
        break;
      }
      case E.UserLog:
        sink.log(g, ev.a0, str(ev.a1), inline[ev.a3] ?? '');
        break;
      case E.CPUSample:
        sink.cpuSample(t);
        break;
      default:
        throw new ParseError(`old-format trace (go 1.${version}): unexpected event type ${typ}`);
    }
  }
  sink.sync(sink.lastTs, true);
}
