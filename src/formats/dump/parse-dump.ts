/**
 * Traceback text (docs/goroutine-dump-formats.md §1, §2, §6): debug=2, panics, fatal errors,
 * SIGQUIT (incl. GOTRACEBACK=crash sections), runtime.Stack, go test timeouts, goroutineleak
 * debug=2. Line-driven state machine; every dump found in the input becomes a snapshot.
 */
import { FrameFlag, GFlag, type ModelBuilder } from '../../model/model';
import { detach } from '../../model/strings';
import { forEachLine } from '../lines';
import { ParseError, warn, type Chunks, type ParseContext } from '../types';
import { findHeader, parseHeader, type Header } from './header';
import { learnPrefix, Transport } from './transport';

/** Frames kept per goroutine; deeper stacks (stack overflows print 100) are cut and flagged. */
const MAX_FRAMES = 1024;
const HTTP_PANIC = 'http: panic serving ';
const REGISTER_RE = /^[a-z][a-z0-9]*\s+0x[0-9a-f]+$/;
const VERSION_RE = /\/go-?(1\.\d+)(?:\.\d+)?\/src\/|\/go(1\.\d+)(?:\.\d+)?\/src\/|toolchain@v[\d.]+-go(1\.\d+)/;

interface Block {
  header: Header;
  line: number;
  frames: number[];
  flags: number;
  createdBy: number;
  creatorGoid: number;
}

interface PendingFunc {
  name: string;
  flags: number;
  line: number;
  /** a line that was not recognisable as a function line: a C frame if a file line follows */
  maybe: boolean;
}

export async function parseDump(ctx: ParseContext, chunks: Chunks): Promise<void> {
  const p = new DumpParser(ctx);
  const transport = new Transport((line, no) => p.line(line, no));
  let lastNo = 0;
  let endedWithNewline = true;
  await forEachLine(
    chunks,
    ctx,
    (line, no) => {
      lastNo = no;
      transport.push(line, no);
    },
    { onEnd: (nl) => (endedWithNewline = nl), onText: (t) => transport.scan(t) },
  );
  transport.end(lastNo);
  p.end(lastNo, endedWithNewline);
}

class DumpParser {
  private readonly b: ModelBuilder;
  private prefix: RegExp | null = null;
  private prefixKnown = false;
  /** line of the header the prefix was learned from; whether a later line carried it too */
  private prefixFrom = 0;
  private prefixConfirmed = false;
  /** raw lines before the first header, replayed once the log prefix is known */
  private early: [string, number][] = [];

  private snap = -1;
  private snapCount = 0;
  private seen = new Set<number>();
  private crashSection = false;
  private pendingPreamble: ParseContextPreamble = {};

  private block: Block | null = null;
  private pending: PendingFunc | null = null;
  private createdByPending: { name: string; goid: number; line: number } | null = null;
  private ancestor: { goid: number; frames: number[]; createdBy: number } | null = null;
  private ancestorCreatedPending: string | null = null;
  /** inside `runtime stack:` (g0 frames of a throw): skipped until an empty line */
  private inRuntimeStack = false;
  private inRunningTests = false;

  /** raw file line → frame id of the last frame seen with it: most frames repeat, parse once */
  private frameByLine = new Map<string, number>();
  private goVersion: string | null = null;
  private firstFrameOutside = 0;
  private foreignLines = 0;
  private lastLine = 0;

  constructor(private readonly ctx: ParseContext) {
    this.b = ctx.builder;
  }

  line(raw: string, no: number): void {
    this.lastLine = no;
    let line = raw;
    if (!this.prefixKnown) {
      const h = findHeader(line);
      if (h < 0) {
        if (this.early.length >= 256) this.early.shift();
        this.early.push([line, no]);
        return;
      }
      this.prefixKnown = true;
      this.prefix = learnPrefix(line.slice(0, h));
      this.prefixFrom = no;
      const early = this.early;
      this.early = [];
      for (const [l, n] of early) this.line(l, n);
    }
    if (this.prefix) {
      const m = this.prefix.exec(line);
      if (!m && !this.prefixConfirmed && no > this.prefixFrom && line.trim() !== '') {
        // a logger that prefixed only the record's first line (log.Printf("%s", debug.Stack())):
        // the line after the header is a frame without the prefix
        const l = line.trimEnd();
        if (l.endsWith(')') || parseFileLine(l)) {
          this.prefix = null;
          return this.handle(line, no);
        }
      }
      if (m && no > this.prefixFrom) this.prefixConfirmed = true;
      if (!m) {
        // another process's line, or a line the logger wrapped: skip, do not end the block
        if (line.trim() !== '') this.foreignLines++;
        return;
      }
      line = line.slice(m[0].length);
    }
    this.handle(line, no);
  }

  private handle(line: string, no: number): void {
    // Fast path: the two lines of a frame.
    if (this.block && this.pending) {
      if (this.fileLine(line)) return;
      this.flushPendingWithoutFile();
    }
    if (this.block && this.createdByPending) {
      const cb = this.createdByPending;
      this.createdByPending = null;
      const id = this.cachedFrame(cb.name, line, 0);
      if (id >= 0) {
        this.block.createdBy = id;
        this.block.creatorGoid = cb.goid;
        return;
      }
      this.block.createdBy = this.b.frame(cb.name, '', 0);
      this.block.creatorGoid = cb.goid;
    }
    // the common case first: a function line `pkg.F(args)` at column 0
    const l0 = line.charCodeAt(0);
    if (this.block && line.charCodeAt(line.length - 1) === 41 /* ) */ && l0 > 32 && !(l0 === 99 && line.startsWith('created by '))) {
      const open = line.lastIndexOf('(');
      if (open > 0) {
        const inlined = line.length - open === 5 && line.charCodeAt(open + 1) === 46 && line.charCodeAt(open + 2) === 46 && line.charCodeAt(open + 3) === 46;
        this.pending = { name: line.slice(0, open), flags: inlined ? FrameFlag.Inlined : 0, line: no, maybe: false };
        return;
      }
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      this.endBlock();
      this.inRuntimeStack = false;
      this.inRunningTests = false;
      return;
    }
    if (line.charCodeAt(0) === 103 /* g */ && line.startsWith('goroutine ')) {
      const h = parseHeader(line);
      if (h) return this.startBlock(h, no);
    }
    if (this.block) return this.bodyLine(line, trimmed, no);
    this.outsideLine(line, trimmed, no);
  }

  // ---- blocks -------------------------------------------------------------------------------

  private startBlock(h: Header, no: number): void {
    this.endBlock();
    this.inRuntimeStack = false;
    this.inRunningTests = false;
    if (this.snap < 0) this.startSnapshot(no);
    else if (h.goid !== 0 && this.seen.has(h.goid) && !this.crashSection) {
      // a goroutine id repeats: the next dump of a log (ids are never reused within a process)
      this.endSnapshot();
      this.startSnapshot(no);
    }
    if (h.goid !== 0) this.seen.add(h.goid);
    let flags = 0;
    if (h.locked) flags |= GFlag.Locked;
    if (h.leaked) flags |= GFlag.Leaked;
    if (h.durable) flags |= GFlag.Durable;
    if (h.scan) flags |= GFlag.Scan;
    if (h.goid === 0) flags |= GFlag.G0;
    if (h.unknown.length) warn(this.ctx, `line ${no}: goroutine ${h.goid}: unknown header part${h.unknown.length > 1 ? 's' : ''} ${h.unknown.map((u) => JSON.stringify(u)).join(', ')} kept as is`);
    this.block = { header: h, line: no, frames: [], flags, createdBy: -1, creatorGoid: -1 };
  }

  private bodyLine(line: string, trimmed: string, no: number): void {
    const blk = this.block!;
    const c0 = trimmed.charCodeAt(0);
    // net/http logs a recovered handler panic as one record: a log line, then the stack (the next
    // record follows the last frame without an empty line)
    if (line.indexOf(HTTP_PANIC) > 0) {
      this.endBlock();
      return this.outsideLine(line, trimmed, no);
    }
    // the go command's verdict can follow the last block without an empty line (go test timeouts)
    if ((c0 === 70 /* F */ && (trimmed === 'FAIL' || line.startsWith('FAIL\t'))) || (c0 === 101 /* e */ && /^exit status \d+$/.test(trimmed)) || line.startsWith('ok  \t')) {
      this.endBlock();
      return this.outsideLine(line, trimmed, no);
    }
    if (c0 === 99 /* c */ && trimmed.startsWith('created by ')) {
      let name = trimmed.slice(11);
      let goid = -1;
      const k = name.lastIndexOf(' in goroutine ');
      if (k >= 0) {
        goid = Number(name.slice(k + 14));
        name = name.slice(0, k);
      }
      if (this.ancestor) {
        this.ancestorCreatedPending = name;
        return;
      }
      this.createdByPending = { name, goid, line: no };
      return;
    }
    if (c0 === 46 /* . */ && trimmed.startsWith('...') && trimmed.endsWith('...') && /^\.\.\.(?:additional frames|\d+ frames) elided\.\.\.$/.test(trimmed)) {
      if (!this.ancestor) blk.flags |= GFlag.Elided;
      return;
    }
    if (c0 === 91 /* [ */ && trimmed.startsWith('[originating from goroutine ')) {
      this.finishAncestor();
      const m = /^\[originating from goroutine (\d+)\]:$/.exec(trimmed);
      this.ancestor = { goid: m ? Number(m[1]) : -1, frames: [], createdBy: -1 };
      return;
    }
    if (trimmed === 'goroutine running on other thread; stack unavailable') {
      blk.flags |= GFlag.NoStack;
      return;
    }
    if (REGISTER_RE.test(trimmed)) {
      // GOTRACEBACK=crash: registers follow the last file line without an empty line
      this.endBlock();
      return;
    }
    if (trimmed.startsWith('non-Go function at pc=')) {
      this.pushFrame(this.b.frame('non-Go function', '', 0));
      return;
    }
    if (
      trimmed.startsWith('runtime: ') ||
      trimmed.startsWith('stack: frame={') ||
      trimmed.startsWith('stack=[') ||
      /^[0-9a-f]{6,16}:(?: [0-9a-f<>!]{1,18})+$/.test(trimmed)
    ) {
      warn(this.ctx, `line ${no}: runtime diagnostic inside goroutine ${blk.header.goid}: ${clip(trimmed)}`);
      return;
    }
    const open = line.lastIndexOf('(');
    if (open > 0 && trimmed.endsWith(')') && line.charCodeAt(0) !== 9) {
      const name = line.slice(0, open).trim();
      const args = line.slice(open + 1, line.lastIndexOf(')'));
      this.pending = { name, flags: args === '...' ? FrameFlag.Inlined : 0, line: no, maybe: false };
      return;
    }
    // a symbolised C frame (name without parentheses) or a wrapped line: decided by the next line
    this.pending = { name: trimmed, flags: 0, line: no, maybe: true };
  }

  /** Tries `line` as the file line of the pending function; true when consumed. */
  private fileLine(line: string): boolean {
    const pf = this.pending!;
    const id = this.cachedFrame(pf.name, line, pf.flags);
    if (id < 0) return false;
    this.pending = null;
    this.pushFrame(id);
    return true;
  }

  /** Frame id of `name` with file line `line`, or -1 if `line` is not a file line. */
  private cachedFrame(name: string, line: string, flags: number): number {
    // one hash of the file line; the function name is then compared, not hashed
    const hit = this.frameByLine.get(line);
    if (hit !== undefined && this.b.frameFlags.data[hit] === flags && this.b.strings.get(this.b.frameFunc.data[hit]) === name) return hit;
    const fl = parseFileLine(line);
    if (!fl) return -1;
    if (this.goVersion === null) this.sniffVersion(fl.file);
    const id = this.b.frame(name, fl.file, fl.line, flags);
    if (this.frameByLine.size < 1 << 20) this.frameByLine.set(detach(line), id);
    return id;
  }

  private flushPendingWithoutFile(): void {
    const pf = this.pending!;
    this.pending = null;
    if (pf.maybe) {
      warn(this.ctx, `line ${pf.line}: not understood inside goroutine ${this.block!.header.goid}: ${clip(pf.name)}`);
      return;
    }
    warn(this.ctx, `line ${pf.line}: function line without a file line in goroutine ${this.block!.header.goid}`);
    this.pushFrame(this.b.frame(pf.name, '', 0, pf.flags));
    this.block!.flags |= GFlag.Truncated;
  }

  private pushFrame(frame: number): void {
    const blk = this.block!;
    if (this.ancestor) {
      if (this.ancestorCreatedPending !== null) {
        this.ancestor.createdBy = frame;
        this.ancestorCreatedPending = null;
        return;
      }
      this.ancestor.frames.push(frame);
      return;
    }
    if (blk.frames.length < MAX_FRAMES) blk.frames.push(frame);
    else blk.flags |= GFlag.Elided;
  }

  private finishAncestor(): void {
    const a = this.ancestor;
    if (!a) return;
    this.ancestor = null;
    if (this.ancestorCreatedPending !== null) {
      a.createdBy = this.b.frame(this.ancestorCreatedPending, '', 0);
      this.ancestorCreatedPending = null;
    }
    this.b.ancestors.push({ row: this.b.goroutineCount, goid: a.goid, stack: this.b.stackFromLeafFirst(a.frames), createdBy: a.createdBy });
  }

  private endBlock(): void {
    const blk = this.block;
    if (!blk) return;
    if (this.pending) this.flushPendingWithoutFile();
    if (this.createdByPending) {
      blk.createdBy = this.b.frame(this.createdByPending.name, '', 0);
      blk.creatorGoid = this.createdByPending.goid;
      this.createdByPending = null;
    }
    this.finishAncestor();
    this.block = null;
    const h = blk.header;
    this.b.addGoroutine({
      goid: h.goid,
      snapshot: this.snap,
      state: this.b.intern(h.state),
      waitMinutes: h.waitMinutes,
      flags: blk.flags,
      stack: this.b.stackFromLeafFirst(blk.frames),
      createdBy: blk.createdBy,
      creatorGoid: blk.creatorGoid,
      labels: this.b.labelSet(h.labels),
      thread: h.m,
      bubble: h.bubble,
    });
  }

  // ---- outside blocks: preambles, trailers, foreign lines ------------------------------------

  private outsideLine(line: string, trimmed: string, no: number): void {
    if (this.inRuntimeStack) return;
    const snap = this.snap >= 0 ? this.b.snapshots[this.snap] : null;
    const hasRows = snap !== null && this.b.goroutineCount > snap.rowStart;
    const newDump = () => {
      if (hasRows && !this.crashSection) {
        this.endSnapshot();
      }
    };
    if (line.startsWith('panic: ')) {
      newDump();
      const pre = this.preambleTarget();
      pre.panic = pre.panic ? `${pre.panic}\n${line.slice(7)}` : line.slice(7);
      if (/^panic: test timed out after /.test(line)) pre.runningTests = [];
      return;
    }
    const hp = line.indexOf(HTTP_PANIC);
    if (hp > 0) {
      newDump();
      const rest = line.slice(hp + HTTP_PANIC.length);
      const colon = rest.indexOf(': ');
      this.preambleTarget().panic = colon >= 0 ? rest.slice(colon + 2) : rest;
      return;
    }
    if (line.startsWith('fatal error: ')) {
      newDump();
      this.preambleTarget().fatal = line.slice(13);
      return;
    }
    if (/^SIG[A-Z0-9]+: /.test(line) || /^signal \d+ /.test(line)) {
      if (!this.crashSection) {
        newDump();
        this.preambleTarget().signal = line;
      }
      return;
    }
    if (trimmed === '-----') {
      this.crashSection = true;
      return;
    }
    if (line === 'runtime stack:') {
      this.inRuntimeStack = true;
      return;
    }
    if (trimmed === 'running tests:') {
      this.inRunningTests = true;
      const pre = this.preambleTarget();
      pre.runningTests ??= [];
      return;
    }
    if (this.inRunningTests && line.charCodeAt(0) === 9) {
      this.preambleTarget().runningTests?.push(trimmed);
      return;
    }
    if (line.charCodeAt(0) === 9 && trimmed.startsWith('panic: ')) {
      const pre = this.preambleTarget();
      pre.panic = pre.panic ? `${pre.panic}\n${trimmed.slice(7)}` : trimmed.slice(7);
      return;
    }
    if (line.charCodeAt(0) === 9 && trimmed.startsWith('fatal error: ')) {
      this.preambleTarget().fatal = trimmed.slice(13);
      return;
    }
    if (/^exit status \d+$/.test(trimmed) || /^FAIL\t/.test(line) || trimmed === 'FAIL' || line.startsWith('ok  \t')) {
      if (hasRows) this.endSnapshot();
      return;
    }
    if (REGISTER_RE.test(trimmed) || /^PC=0x[0-9a-f]+ /.test(trimmed)) return;
    // A frame-looking pair outside any block: remember the first for the error message
    if (this.firstFrameOutside === 0 && parseFileLine(line) && line.charCodeAt(0) === 9) this.firstFrameOutside = no;
    this.foreignLines++;
  }

  private preambleTarget(): ParseContextPreamble {
    if (this.snap >= 0) return this.b.snapshots[this.snap].preamble;
    return this.pendingPreamble;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  private startSnapshot(no: number): void {
    this.snapCount++;
    this.snap = this.b.addSnapshot(this.ctx.input, {
      kind: 'traceback',
      label: '',
      line: no,
      preamble: this.pendingPreamble,
    });
    this.pendingPreamble = {};
    this.seen = new Set();
    this.crashSection = false;
  }

  private endSnapshot(): void {
    this.endBlock();
    if (this.snap < 0) return;
    this.b.endSnapshot(this.snap);
    this.snap = -1;
    this.seen = new Set();
    this.crashSection = false;
  }

  private sniffVersion(file: string): void {
    const m = VERSION_RE.exec(file);
    if (m) this.goVersion = 'go' + (m[1] ?? m[2] ?? m[3]);
  }

  end(lastNo: number, endedWithNewline: boolean): void {
    if (!this.prefixKnown) {
      // never saw a header: tell why this is not a dump
      const frameLine = this.early.find(([l]) => parseFileLine(l) && /^\s/.test(l));
      if (frameLine) throw new ParseError(`line ${frameLine[1] - 1}: frame without a goroutine header`);
      throw new ParseError('no goroutine header (`goroutine N [state]:`) found');
    }
    const blk = this.block;
    if (blk && (this.pending || this.createdByPending || !endedWithNewline)) {
      blk.flags |= GFlag.Truncated;
      warn(this.ctx, `line ${lastNo}: input ends inside goroutine ${blk.header.goid} (header at line ${blk.line}); its stack may be incomplete`);
      if (this.pending && !this.pending.maybe) {
        // keep the function whose file line was cut
        const pf = this.pending;
        this.pending = null;
        this.pushFrame(this.b.frame(pf.name, '', 0, pf.flags));
      } else this.pending = null;
    }
    this.endSnapshot();
    // drop snapshots without goroutines (a preamble alone)
    const info = this.b.inputs[this.ctx.input];
    const snaps = this.b.snapshots;
    for (let s = info.snapshotEnd - 1; s >= info.snapshotStart; s--) {
      if (snaps[s].rowEnd === snaps[s].rowStart && s === snaps.length - 1) {
        snaps.pop();
        info.snapshotEnd--;
      }
    }
    const n = info.snapshotEnd - info.snapshotStart;
    for (let s = info.snapshotStart; s < info.snapshotEnd; s++) {
      snaps[s].label = n > 1 ? `dump ${s - info.snapshotStart + 1} of ${n}` : 'dump';
      snaps[s].goVersion = this.goVersion;
    }
    info.goVersion = this.goVersion;
    if (n === 0) throw new ParseError(`line ${lastNo}: no complete goroutine block found`);
    void this.lastLine;
  }
}

type ParseContextPreamble = import('../../model/model').Preamble;

/**
 * `\t/path/to/file.go:123 +0x1d fp=0x… sp=0x… pc=0x…` — parsed from the right (paths may contain
 * spaces and `C:`); the TAB may have become spaces or vanished.
 */
export function parseFileLine(line: string): { file: string; line: number } | null {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) <= 32) end--;
  let s = line.slice(0, end);
  const fp = s.lastIndexOf(' fp=0x');
  if (fp >= 0 && s.indexOf(' pc=0x', fp) > 0) s = s.slice(0, fp);
  else {
    const pc = s.lastIndexOf(' pc=0x');
    if (pc >= 0 && /^ pc=0x[0-9a-f]+$/.test(s.slice(pc))) s = s.slice(0, pc);
  }
  const off = s.lastIndexOf(' +0x');
  if (off >= 0) s = s.slice(0, off);
  const colon = s.lastIndexOf(':');
  if (colon <= 0) return null;
  const digits = s.slice(colon + 1);
  if (digits.length === 0 || digits.length > 9) return null;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  let start = 0;
  while (start < colon && (s.charCodeAt(start) === 9 || s.charCodeAt(start) === 32)) start++;
  const file = s.slice(start, colon);
  if (file.length === 0 || file.endsWith(')')) return null;
  return { file, line: Number(digits) };
}

function clip(s: string): string {
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}
