/**
 * Traceback text (docs/goroutine-dump-formats.md §1, §2, §6): debug=2, panics, fatal errors,
 * SIGQUIT (incl. GOTRACEBACK=crash sections), runtime.Stack, go test timeouts, goroutineleak
 * debug=2. Line-driven state machine; every dump found in the input becomes a snapshot.
 *
 * Two paths share one state machine:
 * - the byte scanner (`region` → `fastLine`) reads the lines that make up nearly all of a dump in
 *   place — frame lines, file lines, headers, `created by`, ancestor starts, empty lines, also with
 *   CRLF and a learned log prefix — and decodes nothing it has seen before. A frame line is
 *   resolved by its bytes (frame-records.ts): first against the frames that followed the previous
 *   frame before (stacks repeat, so this is usually one comparison), then through byte-keyed tables
 *   of function names and paths. A frame's identity is the function part before the argument list
 *   and the `file:line` part; the arguments (`(` … `)`: `argsStart`/`argsEnd` while a frame line is
 *   read) and the ` +0x…`/`fp=` parts are never part of it.
 * - the line path (`lineStr` → `handle`) gets every other line as a string: preambles, log
 *   transports (JSON, CRI), prefixes it cannot match as bytes, scrubbed lines (ESC, `#011`),
 *   diagnostics, damage, and lines hard-wrapped by a console. It owns the grammar; the byte
 *   scanner only takes lines whose reading is certain to be the same (test/dump-scanner.test.ts
 *   parses every fixture both ways).
 *
 * Both paths also keep the pointer-like words of every frame line's argument list (Model.args,
 * for the wait-for analysis): an address id per word, with its frame, its position and whether Go
 * marked it stale (`?`). They are read from the bytes (or the string) between the parentheses
 * once the line is known to be a frame line, and written with the goroutine's row.
 */
import { ArgInfo, FrameFlag, GFlag, type ArgArena, type ModelBuilder, type Preamble } from '../../model/model';
import { ByteKeys, viewOf } from '../../model/strings';
import { goVersionFromPath } from '../go-version';
import { forEachRegion, type RegionSink } from '../lines';
import { ParseError, warn, type Chunks, type ParseContext } from '../types';
import {
  argsStop,
  closingBracketAt,
  decode,
  digitsValue,
  endsWithInGoroutine,
  fileLineTail,
  isCreatedBy,
  isGoroutineWord,
  isOriginating,
  lineEnd,
  nextLine,
  plainFileLine,
  plainLineEnd,
  type FileLineSpan,
} from './bytes';
import { bracket, findHeader, labelsAfterBracket, parseHeader, type Header } from './header';
import { bytePrefix, learnPrefix, matchPrefix, type BytePrefix } from './prefix';
import { FrameRecords } from './frame-records';
import { IdSet } from './id-set';
import { Transport } from './transport';

/** Frames kept per goroutine; deeper stacks (stack overflows print 100) are cut and flagged. */
const MAX_FRAMES = 1024;
/** Argument words kept per frame line (Model.args), and the smallest value kept: smaller are counts, lengths, flags. */
const MAX_ARG_WORDS = 32;

/**
 * Runtime frames whose words name what a goroutine waits on; the words of every other `runtime.`
 * frame (gopark, futex, mcall, systemstack, …: stack and code addresses) are not kept.
 */
const RUNTIME_ARG_FRAMES = new Set(['runtime.chanrecv', 'runtime.chanrecv1', 'runtime.chanrecv2', 'runtime.chansend', 'runtime.chansend1', 'runtime.semacquire1', 'runtime.semacquire']);

function hexValueAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 256 ? HEX_VALUE[c] : -1;
}

/** Whether the argument words of frames of function `name` are kept (Model.args). */
function keepsArgWords(name: string): boolean {
  return !name.startsWith('runtime.') || RUNTIME_ARG_FRAMES.has(name);
}
/** hex digit value of a byte, -1 for any other byte */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let c = 48; c <= 57; c++) HEX_VALUE[c] = c - 48;
for (let c = 97; c <= 102; c++) HEX_VALUE[c] = c - 87;
const HTTP_PANIC = 'http: panic serving ';
const REGISTER_RE = /^[a-z][a-z0-9]*\s+0x[0-9a-f]+$/;
/** a file line that is complete: `:line`, then nothing, ` +0x…`, ` +0x… fp=… sp=… pc=…` or ` pc=…` */
const COMPLETE_FILE_LINE = /:\d{1,9}(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+| pc=0x[0-9a-f]+)?$/;
/** a `running tests:` entry of a go test timeout whose indentation was lost */
const RUNNING_TEST_RE = /^\S+ \(\d[^)]*\)$/;

/** What a pending line waits for: its file line. */
const enum Pend {
  None,
  /** a function line */
  Func,
  /** a line not understood: a symbolised C frame if a file line follows, else a warning */
  Maybe,
  /** `created by F` */
  CreatedBy,
}

interface Block {
  goid: number;
  /** the parsed header without goid, M and labels (shared by goroutines with the same brackets) */
  header: Header;
  m: number;
  labels: [string, string][];
  line: number;
  /** innermost first: frames[0 .. nFrames) */
  frames: Int32Array;
  nFrames: number;
  flags: number;
  createdBy: number;
  creatorGoid: number;
  /** warnings of a header that may still be completed by the next line (hard-wrapped input) */
  deferred: string[] | null;
  /** the header's text while `deferred` is set */
  text: string;
}

export interface DumpOptions {
  /** false: every line takes the line path (tests compare the two readings) */
  byteScanner?: boolean;
  /** filled with the numbers of the lines the byte scanner left to the line path (tests) */
  lineLines?: number[];
}

export async function parseDump(ctx: ParseContext, chunks: Chunks, opts: DumpOptions = {}): Promise<void> {
  const p = new DumpParser(ctx, opts.byteScanner ?? true, opts.lineLines ?? null);
  let endedWithNewline = true;
  await forEachRegion(chunks, ctx, p, { onEnd: (nl) => (endedWithNewline = nl) });
  p.finish(endedWithNewline);
}

class DumpParser implements RegionSink {
  private readonly b: ModelBuilder;
  private readonly transport: Transport;
  private lineNo = 0;

  private prefix: RegExp | null = null;
  /** the same prefix for the byte scanner; null with a prefix means: lines with a prefix go the line path */
  private prefixBytes: BytePrefix | null = null;
  private prefixKnown = false;
  /** line of the header the prefix was learned from; whether a later line carried it too */
  private prefixFrom = 0;
  private prefixConfirmed = false;
  /** raw lines before the first header, replayed once the log prefix is known */
  private early: [string, number][] = [];
  /** whether the byte scanner may take lines (plain text, prefix known and matchable) */
  private fast = false;

  private snap = -1;
  private seen = new IdSet();
  private crashSection = false;
  private pendingPreamble: Preamble = {};

  private block: Block | null = null;
  private readonly blockStore: Block = { goid: 0, header: bracket('[]'), m: -1, labels: [], line: 0, frames: new Int32Array(MAX_FRAMES), nFrames: 0, flags: 0, createdBy: -1, creatorGoid: -1, deferred: null, text: '' };
  private pend = Pend.None;
  /** model string id of the pending function (or created-by) name */
  private pendFunc = 0;
  /** its byte key in `names`, or -1 when it came through the line path */
  private pendKey = -1;
  private pendFlags = 0;
  private pendLine = 0;
  private pendGoid = -1;
  /** a frame record expected for the file line, or -1 */
  private pendCand = -1;
  /** the pending line's text (Maybe), or a longer line joined from wrapped pieces */
  private pendText: string | null = null;
  /** a file line cut by wrapping, held until the next line completes it */
  private heldFile: string | null = null;
  private heldNo = 0;
  private ancestor: { goid: number; frames: Int32Array; n: number; createdBy: number } | null = null;
  /** inside `runtime stack:` (g0 frames of a throw): skipped until an empty line */
  private inRuntimeStack = false;
  private inRunningTests = false;

  /** where the argument list of the last frame line read by the byte scanner is: buf[argsStart..argsEnd) */
  argsStart = 0;
  argsEnd = 0;

  // ---- argument words (Model.args) --------------------------------------------------------------
  /**
   * The current goroutine's words (frame index in info), written with its row. The pending
   * function line's words are its last `pendArgN`, already with the frame index the line's frame
   * gets when it is pushed (the next frame); dropped if it is not.
   */
  private blkArgAddr = new Int32Array(256);
  private blkArgInfo = new Uint16Array(256);
  private blkArgN = 0;
  private pendArgN = 0;
  private readonly args: ArgArena;
  /** per function-name key of the byte scanner: 1 its words are kept, 2 not, 0 not decided yet */
  private argMode = new Uint8Array(256);

  // ---- frames by bytes ------------------------------------------------------------------------
  private readonly fr: FrameRecords;
  /** name key of the last `created by` */
  private lastCreator = -1;
  /** the frame record before the next frame line in this block; -1 at a block start, -2 unknown */
  private prevFR = -2;
  /** the first frame records of the last two blocks that began differently */
  private firstFR = -1;
  private firstFR2 = -1;
  private readonly span: FileLineSpan = { fileStart: 0, fileEnd: 0, line: 0 };
  /** parsed header brackets by their bytes */
  private readonly brackets = new ByteKeys();
  private bracketHeaders: (Header | null)[] = [];
  /** stacks by their frames (goroutines repeat stacks): hash → stack id + 1, checked on use */
  private stackCache = new Int32Array(1 << 12);
  /** file line text → frame, for the line path (JSON and CRI logs) */
  private readonly frameByLine = new Map<string, number>();

  // ---- hard-wrapped lines (a console paste): the longest line so far, the last line at it ----
  private maxWidth = 0;
  private maxCols = 0;
  private atMaxNo = -1;
  private atMaxBuf: Uint8Array | null = null;
  private atMaxStart = 0;
  private atMaxEnd = 0;
  /** the last committed file line: its line, frame slot and what the frame was made of */
  private lastFileNo = -1;
  private lastFileText: string | null = null;
  private lastFileFunc = 0;
  private lastFileFlags = 0;
  private lastFileSlot = -1;
  private lastFileCreatedBy = false;

  private inputVersion: string | null = null;
  private snapVersion: string | null = null;
  private readonly snapVersions: (string | null)[] = [];
  private readonly versionOfFile = new Map<string, string | null>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly byteScanner: boolean,
    private readonly lineLines: number[] | null,
  ) {
    this.b = ctx.builder;
    this.args = ctx.builder.args;
    this.fr = new FrameRecords(ctx.builder);
    this.transport = new Transport((line, no) => this.lineStr(line, no));
  }

  // ---- the byte scanner -----------------------------------------------------------------------

  region(buf: Uint8Array, start: number, end: number): void {
    const view = viewOf(buf);
    let p = start;
    while (p < end) {
      const no = ++this.lineNo;
      if (this.fast) {
        const r = this.fastLine(buf, view, p, end, no);
        if (r >= 0) {
          // the line's end is just before r (\n or \r), or two before (\r\n)
          const e = buf[r - 1] === 10 && r - 2 >= p && buf[r - 2] === 13 ? r - 2 : r - 1;
          const w = e - p;
          const cols = buf[p] === 9 ? w + 7 : w;
          if (w >= this.maxWidth || cols >= this.maxCols) this.atMax(no, buf, p, e, w, cols);
          p = r;
          continue;
        }
      }
      p = this.slowLine(buf, p, end, no);
    }
  }

  /** A line for the line path: decoded, through the transport. Returns the next line's start. */
  private slowLine(buf: Uint8Array, p: number, end: number, no: number): number {
    const e = lineEnd(buf, p);
    const w = e - p;
    const cols = buf[p] === 9 ? w + 7 : w;
    if (w >= this.maxWidth || cols >= this.maxCols) this.atMax(no, buf, p, e, w, cols);
    this.lineLines?.push(no);
    this.transport.push(decode(buf, p, e), no);
    return nextLine(buf, e, end);
  }

  private atMax(no: number, buf: Uint8Array, s: number, e: number, w: number, cols: number): void {
    if (w > this.maxWidth) this.maxWidth = w;
    if (cols > this.maxCols) this.maxCols = cols;
    this.atMaxNo = no;
    this.atMaxBuf = buf;
    this.atMaxStart = s;
    this.atMaxEnd = e;
  }

  /** The text of line `no` if it was as long as the longest line before it (a piece of a wrapped line). */
  private textAtMax(no: number): string | null {
    return this.atMaxNo === no && this.atMaxBuf ? decode(this.atMaxBuf, this.atMaxStart, this.atMaxEnd) : null;
  }

  /** Reads one line in place; returns the next line's start, or -1 to hand the line to the line path. */
  private fastLine(buf: Uint8Array, view: DataView, p: number, end: number, no: number): number {
    let q = p;
    if (this.prefixBytes !== null) {
      const m = matchPrefix(this.prefixBytes, buf, p);
      if (m < 0) return -1;
      if (no > this.prefixFrom) this.prefixConfirmed = true;
      q += m;
    }
    if (this.block !== null) {
      if (this.pend !== Pend.None) {
        if (this.pend === Pend.Maybe || this.pendKey < 0) return -1;
        return this.fastFileLine(buf, view, q, end);
      }
      const c0 = buf[q];
      if (c0 === 10 || c0 === 13) {
        this.blankLine();
        return nextLine(buf, q, end);
      }
      if (c0 === 103 /* g */ && isGoroutineWord(buf, q)) return this.fastHeader(buf, view, q, end, no);
      if (c0 === 99 /* c */ && isCreatedBy(buf, q)) return this.fastCreatedBy(buf, view, q, end, no);
      if (c0 === 91 /* [ */) return this.fastAncestor(buf, q, end);
      if (c0 <= 32) return -1;
      return this.fastFuncLine(buf, view, q, end, no);
    }
    const c0 = buf[q];
    if (c0 === 10 || c0 === 13) {
      this.blankLine();
      return nextLine(buf, q, end);
    }
    if (c0 === 103 && isGoroutineWord(buf, q)) return this.fastHeader(buf, view, q, end, no);
    return -1;
  }

  /** `pkg.F(args)`: the name before the last `(`, nothing after the `)`. */
  private fastFuncLine(buf: Uint8Array, view: DataView, q: number, end: number, no: number): number {
    // the frames that followed the previous frame the last two times (stacks repeat)
    const prev = this.prevFR;
    if (prev >= 0) {
      let r = this.funcLineAs(this.fr.succ[prev], buf, view, q, end, no);
      if (r >= 0) return r;
      const second = this.fr.succ2[prev];
      if (second >= 0) {
        r = this.funcLineAs(second, buf, view, q, end, no);
        if (r >= 0) return r;
      }
    } else if (prev === -1) {
      let r = this.funcLineAs(this.firstFR, buf, view, q, end, no);
      if (r >= 0) return r;
      r = this.funcLineAs(this.firstFR2, buf, view, q, end, no);
      if (r >= 0) return r;
    }
    // any other function line: its last `(`, then its name by its bytes
    let i = q;
    let open = -1;
    for (;;) {
      i = argsStop(buf, view, i, end);
      if (buf[i] !== 40) break;
      open = i++;
    }
    const c = buf[i];
    if ((c !== 10 && c !== 13) || open <= q || buf[i - 1] !== 41) return -1;
    this.argsStart = open;
    this.argsEnd = i;
    const flags = i - open === 5 && buf[open + 1] === 46 && buf[open + 2] === 46 && buf[open + 3] === 46 ? FrameFlag.Inlined : 0;
    const key = this.fr.nameKey(buf, view, q, open);
    this.setPendingKey(key, flags, no, this.fr.lastWith(key, flags));
    // a kept word is 6 bytes at least (`0x1000`)
    if (flags === 0 && i - open > 6 && this.keepsArgs(key)) this.argWords(buf, open + 1, i - 1);
    return nextLine(buf, i, end);
  }

  /** The function line at `q` if it names record `cand`'s function: then the next line's start, else -1. */
  private funcLineAs(cand: number, buf: Uint8Array, view: DataView, q: number, end: number, no: number): number {
    if (cand < 0) return -1;
    const fr = this.fr;
    const key = fr.name[cand];
    const at = q + fr.names.length(key);
    if (at >= end || buf[at] !== 40 || !fr.names.equalsAt(key, buf, view, q)) return -1;
    // the arguments: no other `(` up to the line end, `)` just before it
    const i = argsStop(buf, view, at + 1, end);
    const c = buf[i];
    if ((c !== 10 && c !== 13) || buf[i - 1] !== 41) return -1;
    this.argsStart = at;
    this.argsEnd = i;
    const flags = i - at === 5 && buf[at + 1] === 46 && buf[at + 2] === 46 && buf[at + 3] === 46 ? FrameFlag.Inlined : 0;
    this.setPendingKey(key, flags, no, fr.flags[cand] === flags ? cand : fr.lastWith(key, flags));
    if (flags === 0 && i - at > 6 && this.keepsArgs(key)) this.argWords(buf, at + 1, i - 1);
    return nextLine(buf, i, end);
  }

  /** `\tpath:line[ +0x…[ fp=… sp=… pc=…]]` for the pending function or created-by. */
  private fastFileLine(buf: Uint8Array, view: DataView, q: number, end: number): number {
    if (buf[q] !== 9) return -1;
    const s = q + 1;
    const cand = this.pendCand;
    const fr = this.fr;
    if (cand >= 0) {
      const pk = fr.path[cand];
      const at = s + fr.paths.length(pk);
      if (at < end && buf[at] === 58 && fr.paths.equalsAt(pk, buf, view, s)) {
        let i = at + 1;
        let line = 0;
        let c = buf[i];
        while (c >= 48 && c <= 57) {
          line = line * 10 + (c - 48);
          c = buf[++i];
        }
        const digits = i - at - 1;
        const eol = digits >= 1 && digits <= 9 ? fileLineTail(buf, i) : -1;
        if (eol >= 0) {
          this.commitRecord(line === fr.line[cand] ? cand : fr.record(this.pendKey, pk, line, this.pendFlags));
          return nextLine(buf, eol, end);
        }
      }
    }
    const eol = plainLineEnd(buf, s);
    if (eol < 0 || !plainFileLine(buf, s, eol, this.span)) return -1;
    const pk = fr.pathKey(buf, view, this.span.fileStart, this.span.fileEnd);
    this.commitRecord(fr.record(this.pendKey, pk, this.span.line, this.pendFlags));
    return nextLine(buf, eol, end);
  }

  /** `created by F[ in goroutine N]` (nothing else on the line). */
  private fastCreatedBy(buf: Uint8Array, view: DataView, q: number, end: number, no: number): number {
    const s = q + 11;
    const eol = plainLineEnd(buf, s);
    if (eol <= s) return -1;
    let nameEnd = eol;
    let goid = -1;
    let k = eol;
    while (k > s && buf[k - 1] >= 48 && buf[k - 1] <= 57) k--;
    if (k < eol && endsWithInGoroutine(buf, s, k)) {
      // the line path takes the last ` in goroutine `: this one
      goid = digitsValue(buf, k, eol);
      nameEnd = k - 14;
    } else {
      // 1.19/1.20: no id; a name with spaces could hold ` in goroutine ` (the line path decides)
      for (let i = s; i < eol; i++) if (buf[i] === 32 || buf[i] === 9) return -1;
    }
    if (nameEnd <= s) return -1;
    let key = this.lastCreator;
    if (key < 0 || this.fr.names.length(key) !== nameEnd - s || !this.fr.names.equalsAt(key, buf, view, s)) key = this.lastCreator = this.fr.nameKey(buf, view, s, nameEnd);
    this.pend = Pend.CreatedBy;
    this.dropPendingArgs();
    this.pendKey = key;
    this.pendFunc = this.fr.nameStr[key];
    this.pendFlags = 0;
    this.pendLine = no;
    this.pendGoid = goid;
    this.pendCand = this.fr.cbByName[key];
    this.pendText = null;
    return nextLine(buf, eol, end);
  }

  /** `[originating from goroutine N]:` (GODEBUG=tracebackancestors): an ancestor section starts. */
  private fastAncestor(buf: Uint8Array, q: number, end: number): number {
    if (!isOriginating(buf, q)) return -1;
    let i = q + 28;
    const d0 = i;
    while (buf[i] >= 48 && buf[i] <= 57) i++;
    if (i === d0 || buf[i] !== 93 || buf[i + 1] !== 58 || (buf[i + 2] !== 10 && buf[i + 2] !== 13)) return -1;
    this.startAncestor(digitsValue(buf, d0, i));
    return nextLine(buf, i + 2, end);
  }

  /** `goroutine N [gp=… m=… mp=…] [state] [{labels}]:` whose brackets are plain text. */
  private fastHeader(buf: Uint8Array, view: DataView, q: number, end: number, no: number): number {
    let i = q + 10;
    const d0 = i;
    while (buf[i] >= 48 && buf[i] <= 57) i++;
    if (i === d0 || buf[i] !== 32) return -1;
    const goid = digitsValue(buf, d0, i);
    i++;
    let m = -1;
    if (buf[i] === 103) {
      // gp=0x… m=N mp=0x… | gp=0x… m=nil
      if (buf[i + 1] !== 112 || buf[i + 2] !== 61 || buf[i + 3] !== 48 || buf[i + 4] !== 120) return -1;
      i += 5;
      while ((buf[i] >= 48 && buf[i] <= 57) || (buf[i] >= 97 && buf[i] <= 102)) i++;
      if (buf[i] !== 32 || buf[i + 1] !== 109 || buf[i + 2] !== 61) return -1;
      i += 3;
      if (buf[i] === 110 && buf[i + 1] === 105 && buf[i + 2] === 108) i += 3;
      else {
        const m0 = i;
        while (buf[i] >= 48 && buf[i] <= 57) i++;
        if (i === m0) return -1;
        m = digitsValue(buf, m0, i);
        if (buf[i] === 32 && buf[i + 1] === 109) {
          if (buf[i + 2] !== 112 || buf[i + 3] !== 61 || buf[i + 4] !== 48 || buf[i + 5] !== 120) return -1;
          i += 6;
          while ((buf[i] >= 48 && buf[i] <= 57) || (buf[i] >= 97 && buf[i] <= 102)) i++;
        }
      }
      if (buf[i] !== 32) return -1;
      i++;
    }
    if (buf[i] !== 91) return -1;
    const close = closingBracketAt(buf, i + 1);
    if (close < 0) return -1;
    let key = this.brackets.find(buf, view, i, close + 1);
    if (key < 0) {
      key = this.brackets.add(buf, view, i, close + 1);
      const h = bracket(decode(buf, i, close + 1));
      this.bracketHeaders.push(h.problems.length ? null : h);
    }
    const h = this.bracketHeaders[key];
    if (h === null) return -1;
    let labels = h.labels;
    let eol = close + 2;
    if (buf[close + 1] !== 58 || (buf[eol] !== 10 && buf[eol] !== 13)) {
      eol = plainLineEnd(buf, close + 1);
      if (eol < 0) return -1;
      const after = labelsAfterBracket(decode(buf, close + 1, eol));
      if (after === null) return -1;
      if (after.length) labels = after;
    }
    this.startBlock(h, goid, m, labels, no, null);
    return nextLine(buf, eol, end);
  }

  private setPendingKey(key: number, flags: number, no: number, cand: number): void {
    this.dropPendingArgs();
    this.pend = Pend.Func;
    this.pendKey = key;
    this.pendFunc = this.fr.nameStr[key];
    this.pendFlags = flags;
    this.pendLine = no;
    this.pendCand = cand;
    this.pendText = null;
  }

  /** The pending function's (or created-by's) file line was read: record `r` is its frame. */
  private commitRecord(r: number): void {
    const frame = this.fr.model[r];
    if (this.snapVersion === null) {
      const v = this.fr.pathVersion[this.fr.path[r]];
      if (v) this.noteVersion(v);
    }
    this.lastFileNo = this.lineNo;
    this.lastFileText = null;
    this.lastFileFunc = this.pendFunc;
    this.lastFileFlags = this.pendFlags;
    if (this.pend === Pend.CreatedBy) {
      this.pend = Pend.None;
      this.fr.cbByName[this.fr.name[r]] = r;
      this.setCreator(frame, this.pendGoid);
      this.lastFileCreatedBy = true;
      this.lastFileSlot = -1;
      return;
    }
    this.pend = Pend.None;
    const prev = this.prevFR;
    if (prev >= 0) this.fr.follows(prev, r);
    else if (prev === -1 && this.firstFR !== r) {
      this.firstFR2 = this.firstFR;
      this.firstFR = r;
    }
    this.prevFR = r;
    this.fr.byName[this.fr.name[r]] = r;
    this.lastFileCreatedBy = false;
    this.lastFileSlot = this.pushFrame(frame);
  }

  // ---- the line path --------------------------------------------------------------------------

  private lineStr(raw: string, no: number): void {
    let line = raw;
    if (!this.prefixKnown) {
      const h = findHeader(line);
      if (h < 0) {
        if (this.early.length >= 256) this.early.shift();
        this.early.push([line, no]);
        return;
      }
      this.prefixKnown = true;
      const prefix = line.slice(0, h);
      this.prefix = learnPrefix(prefix);
      this.prefixBytes = bytePrefix(prefix);
      this.prefixFrom = no;
      this.updateFast();
      const early = this.early;
      this.early = [];
      for (const [l, n] of early) this.lineStr(l, n);
    }
    if (this.prefix) {
      const m = this.prefix.exec(line);
      if (!m && !this.prefixConfirmed && no > this.prefixFrom && line.trim() !== '') {
        // a logger that prefixed only the record's first line (log.Printf("%s", debug.Stack())):
        // the line after the header is a frame without the prefix
        const l = line.trimEnd();
        if (l.endsWith(')') || parseFileLine(l)) {
          this.prefix = null;
          this.prefixBytes = null;
          this.updateFast();
          return this.handle(line, no);
        }
      }
      if (m && no > this.prefixFrom) this.prefixConfirmed = true;
      // another process's line, or a line the logger wrapped: skip, do not end the block
      if (!m) return;
      line = line.slice(m[0].length);
    }
    this.handle(line, no);
  }

  private updateFast(): void {
    this.fast = this.byteScanner && this.transport.plain && this.prefixKnown && (this.prefix === null || this.prefixBytes !== null) && this.heldFile === null && (this.block === null || this.block.deferred === null);
  }

  private handle(line: string, no: number): void {
    const blk = this.block;
    if (blk !== null) {
      if (blk.deferred !== null && this.completeHeader(blk, line, no)) return;
      if (this.pend === Pend.None && this.lastFileNo === no - 1 && this.atMaxNo === no - 1 && this.transport.plain && this.joinFileFragment(line, no)) return;
      if (this.pend !== Pend.None) {
        if (this.heldFile !== null) return this.resolveHeldFile(line, no);
        if (this.pend === Pend.CreatedBy) {
          if (this.fileLine(line, no)) return;
          if (this.joinWrapped(line, no)) return;
          this.creatorWithoutFile();
        } else {
          if (this.fileLine(line, no)) return;
          if (this.joinWrapped(line, no)) return;
          this.flushPendingWithoutFile();
        }
      }
    }
    // the common case first: a function line `pkg.F(args)` at column 0
    const l0 = line.charCodeAt(0);
    if (blk && line.charCodeAt(line.length - 1) === 41 /* ) */ && l0 > 32 && !(l0 === 99 && line.startsWith('created by '))) {
      const open = line.lastIndexOf('(');
      if (open > 0) {
        const inlined = line.length - open === 5 && line.charCodeAt(open + 1) === 46 && line.charCodeAt(open + 2) === 46 && line.charCodeAt(open + 3) === 46;
        const name = line.slice(0, open);
        this.setPending(Pend.Func, name, inlined ? FrameFlag.Inlined : 0, no, null);
        if (!inlined && keepsArgWords(name)) this.argWordsOfText(line, open + 1, line.length - 1);
        return;
      }
    }
    const trimmed = line.trim();
    if (trimmed === '') return this.blankLine();
    if (l0 === 103 /* g */ && line.startsWith('goroutine ')) {
      const h = parseHeader(line);
      if (h) return this.startBlock(h, h.goid, h.m, h.labels, no, line);
    }
    if (this.block) return this.bodyLine(line, trimmed, no);
    this.outsideLine(line, trimmed);
  }

  private setPending(kind: Pend, name: string, flags: number, no: number, text: string | null): void {
    this.dropPendingArgs();
    this.pend = kind;
    this.pendFunc = this.b.intern(name);
    this.pendKey = -1;
    this.pendFlags = flags;
    this.pendLine = no;
    this.pendCand = -1;
    this.pendText = text;
  }

  private blankLine(): void {
    this.endBlock();
    this.inRuntimeStack = false;
    this.inRunningTests = false;
  }

  // ---- blocks -------------------------------------------------------------------------------

  /** `text`: the header line when it came through the line path (kept if it may be a wrapped piece). */
  private startBlock(h: Header, goid: number, m: number, labels: [string, string][], no: number, text: string | null): void {
    this.endBlock();
    this.inRuntimeStack = false;
    this.inRunningTests = false;
    if (this.snap < 0) {
      this.startSnapshot(no);
      if (goid !== 0) this.seen.add(goid);
    } else if (goid !== 0 && this.seen.add(goid) && !this.crashSection) {
      // a goroutine id repeats: the next dump of a log (ids are never reused within a process)
      this.endSnapshot();
      this.startSnapshot(no);
      this.seen.add(goid);
    }
    let deferred: string[] | null = null;
    if (h.unknown.length || h.problems.length) {
      const warnings = headerWarnings(h, goid, no);
      // a header cut by a console's line wrap may be completed by the next line: wait for it
      if (h.problems.length && text !== null && this.atMaxNo === no && this.transport.plain) deferred = warnings;
      else for (const w of warnings) warn(this.ctx, w);
    }
    // one block object and frame list, reused: nothing is allocated per goroutine
    const blk = this.blockStore;
    blk.goid = goid;
    blk.header = h;
    blk.m = m;
    blk.labels = labels;
    blk.line = no;
    blk.nFrames = 0;
    this.blkArgN = 0;
    this.pendArgN = 0;
    blk.flags = headerFlags(h, goid);
    blk.createdBy = -1;
    blk.creatorGoid = -1;
    blk.deferred = deferred;
    blk.text = deferred ? text! : '';
    this.block = blk;
    this.prevFR = -1;
    if (deferred) this.updateFast();
  }

  /** The line after a header that did not parse: joined with it if that makes a header. */
  private completeHeader(blk: Block, line: string, no: number): boolean {
    const warnings = blk.deferred!;
    blk.deferred = null;
    this.updateFast();
    if (isContinuation(line) && blk.nFrames === 0) {
      const joined = blk.text + line;
      const h = parseHeader(joined);
      if (h && h.goid === blk.goid && h.problems.length < blk.header.problems.length) {
        blk.header = h;
        blk.m = h.m;
        blk.labels = h.labels;
        blk.flags = headerFlags(h, blk.goid);
        const again = headerWarnings(h, blk.goid, blk.line);
        if (again.length && h.problems.length && this.atMaxNo === no) {
          blk.deferred = again;
          blk.text = joined;
          this.updateFast();
        } else for (const w of again) warn(this.ctx, w);
        return true;
      }
    }
    for (const w of warnings) warn(this.ctx, w);
    return false;
  }

  private bodyLine(line: string, trimmed: string, no: number): void {
    const blk = this.block!;
    const c0 = trimmed.charCodeAt(0);
    // net/http logs a recovered handler panic as one record: a log line, then the stack (the next
    // record follows the last frame without an empty line)
    if (line.indexOf(HTTP_PANIC) > 0) {
      this.endBlock();
      return this.outsideLine(line, trimmed);
    }
    // the go command's verdict can follow the last block without an empty line (go test timeouts)
    if (((c0 === 70 /* F */ || c0 === 111) /* o */ && isGoVerdict(line, trimmed)) || (c0 === 101 /* e */ && /^exit status \d+$/.test(trimmed))) {
      this.endBlock();
      return this.outsideLine(line, trimmed);
    }
    if (c0 === 99 /* c */ && trimmed.startsWith('created by ')) {
      let name = trimmed.slice(11);
      let goid = -1;
      const k = name.lastIndexOf(' in goroutine ');
      if (k >= 0) {
        goid = Number(name.slice(k + 14));
        name = name.slice(0, k);
      }
      // in an ancestor section too: its file line follows (and `in goroutine` never does)
      this.setPending(Pend.CreatedBy, name, 0, no, null);
      this.pendGoid = goid;
      return;
    }
    if (c0 === 46 /* . */ && trimmed.startsWith('...') && trimmed.endsWith('...') && /^\.\.\.(?:additional frames|\d+ frames) elided\.\.\.$/.test(trimmed)) {
      if (!this.ancestor) blk.flags |= GFlag.Elided;
      return;
    }
    if (c0 === 91 /* [ */ && trimmed.startsWith('[originating from goroutine ')) {
      const m = /^\[originating from goroutine (\d+)\]:$/.exec(trimmed);
      return this.startAncestor(m ? Number(m[1]) : -1);
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
      this.prevFR = -2;
      return;
    }
    if (
      trimmed.startsWith('runtime: ') ||
      trimmed.startsWith('stack: frame={') ||
      trimmed.startsWith('stack=[') ||
      /^[0-9a-f]{6,16}:(?: [0-9a-f<>!]{1,18})+$/.test(trimmed)
    ) {
      warn(this.ctx, `line ${no}: runtime diagnostic inside goroutine ${blk.goid}: ${clip(trimmed)}`);
      return;
    }
    const open = line.lastIndexOf('(');
    if (open > 0 && trimmed.endsWith(')') && line.charCodeAt(0) !== 9) {
      const name = line.slice(0, open).trim();
      const args = line.slice(open + 1, line.lastIndexOf(')'));
      this.setPending(Pend.Func, name, args === '...' ? FrameFlag.Inlined : 0, no, null);
      if (args !== '...' && keepsArgWords(name)) this.argWordsOfText(args, 0, args.length);
      return;
    }
    // a symbolised C frame (name without parentheses) or a wrapped line: decided by the next line
    this.setPending(Pend.Maybe, trimmed, 0, no, trimmed);
  }

  /** Tries `line` as the file line of the pending function or created-by; true when consumed. */
  private fileLine(line: string, no: number): boolean {
    const fl = parseFileLine(line);
    if (!fl) return false;
    const kind = this.pend;
    const frame = this.cachedFrame(line, fl);
    this.lastFileNo = no;
    this.lastFileText = line;
    this.lastFileFunc = this.pendFunc;
    this.lastFileFlags = this.pendFlags;
    this.pend = Pend.None;
    if (kind === Pend.CreatedBy) {
      this.setCreator(frame, this.pendGoid);
      this.lastFileCreatedBy = true;
      this.lastFileSlot = -1;
    } else {
      this.lastFileCreatedBy = false;
      this.lastFileSlot = this.pushFrame(frame);
      this.prevFR = -2;
    }
    return true;
  }

  /** Frame of the pending function with file line `line` (parsed as `fl`). */
  private cachedFrame(line: string, fl: { file: string; line: number }): number {
    // one hash of the file line; the function and flags are then compared, not hashed
    const hit = this.frameByLine.get(line);
    const b = this.b;
    if (hit !== undefined && b.frameFlags.data[hit] === this.pendFlags && b.frameFunc.data[hit] === this.pendFunc) return hit;
    const file = b.intern(fl.file);
    this.fileVersion(fl.file);
    const id = b.frameOfIds(this.pendFunc, file, fl.line, this.pendFlags);
    if (this.frameByLine.size < 1 << 16) this.frameByLine.set(line.length < 13 ? line : (' ' + line).slice(1), id);
    return id;
  }

  private flushPendingWithoutFile(): void {
    const kind = this.pend;
    this.pend = Pend.None;
    if (kind === Pend.Maybe) {
      warn(this.ctx, `line ${this.pendLine}: not understood inside goroutine ${this.block!.goid}: ${clip(this.pendText ?? '')}`);
      return;
    }
    warn(this.ctx, `line ${this.pendLine}: function line without a file line in goroutine ${this.block!.goid}`);
    this.pushFrame(this.b.frameOfIds(this.pendFunc, 0, 0, this.pendFlags));
    this.prevFR = -2;
    this.block!.flags |= GFlag.Truncated;
  }

  // ---- hard-wrapped lines -------------------------------------------------------------------

  /**
   * The pending line (a function line, a line not understood, `created by`) was followed by `line`,
   * which is not its file line. If the pending line was as long as the longest line so far (a
   * console wrapped it) or has more `(` than `)`, and the two make a whole line, they are joined;
   * if `line` is the start of a file line that was itself cut, it is held for the next line.
   */
  private joinWrapped(line: string, no: number): boolean {
    // console wrapping is a thing of plain text (JSON and CRI records are whole lines)
    if (!this.transport.plain || !isContinuation(line)) return false;
    const head = this.pendText ?? this.textAtMax(this.pendLine);
    if (head !== null && (this.pend !== Pend.Maybe || this.atMaxNo === this.pendLine || openParens(head) > 0)) {
      const joined = head + line;
      const atMax = this.atMaxNo === no;
      if (this.pend === Pend.CreatedBy) {
        if (this.pendText !== null || this.atMaxNo === this.pendLine) {
          let name = joined.trim().slice(11);
          const k = name.lastIndexOf(' in goroutine ');
          let goid = -1;
          if (k >= 0) {
            goid = Number(name.slice(k + 14));
            name = name.slice(0, k);
          }
          this.setPending(Pend.CreatedBy, name, 0, this.pendLine, atMax ? joined : null);
          this.pendGoid = goid;
          return true;
        }
      } else {
        const t = joined.trimEnd();
        const open = t.lastIndexOf('(');
        if (t.endsWith(')') && open > 0 && t.charCodeAt(0) > 32) {
          const args = t.slice(open + 1, -1);
          const name = t.slice(0, open).trim();
          this.setPending(Pend.Func, name, args === '...' ? FrameFlag.Inlined : 0, this.pendLine, atMax ? joined : null);
          if (args !== '...' && keepsArgWords(name)) this.argWordsOfText(args, 0, args.length);
          return true;
        }
        if (this.pend === Pend.Maybe && atMax) {
          // more pieces to come
          this.pendText = joined;
          return true;
        }
      }
    }
    // the file line itself was cut: its first piece has no `:line` yet
    if (this.pend !== Pend.Maybe && (line.charCodeAt(0) === 9 || line.charCodeAt(0) === 32 || this.atMaxNo === no) && !parseFileLine(line)) {
      this.heldFile = line;
      this.heldNo = no;
      this.updateFast();
      return true;
    }
    return false;
  }

  /** The line after a held piece of a file line: together a file line, or both read as they are. */
  private resolveHeldFile(line: string, no: number): void {
    const held = this.heldFile!;
    const heldNo = this.heldNo;
    this.heldFile = null;
    this.updateFast();
    if (isContinuation(line)) {
      const joined = held + line;
      if (COMPLETE_FILE_LINE.test(joined.trimEnd()) && this.fileLine(joined, no)) return;
    }
    this.replayHeld(held, heldNo);
    this.handle(line, no);
  }

  /** The held line read as the old line-by-line reading would have: the pending line without a file line first. */
  private replayHeld(held: string, heldNo: number): void {
    if (this.pend === Pend.CreatedBy) this.creatorWithoutFile();
    else if (this.pend !== Pend.None) this.flushPendingWithoutFile();
    this.handle(held, heldNo);
  }

  /** `line` completes the file line before it (both pieces of a wrapped line): its frame is replaced. */
  private joinFileFragment(line: string, no: number): boolean {
    if (!isContinuation(line) || line.trimEnd().endsWith(')')) return false;
    const head = this.lastFileText ?? this.textAtMax(no - 1);
    if (head === null) return false;
    const joined = head + line;
    if (!COMPLETE_FILE_LINE.test(joined.trimEnd())) return false;
    const fl = parseFileLine(joined);
    if (!fl) return false;
    this.fileVersion(fl.file);
    const frame = this.b.frameOfIds(this.lastFileFunc, this.b.intern(fl.file), fl.line, this.lastFileFlags);
    const blk = this.block!;
    if (this.lastFileCreatedBy) {
      if (this.ancestor) this.ancestor.createdBy = frame;
      else blk.createdBy = frame;
    } else if (this.lastFileSlot >= 0) {
      if (this.ancestor) this.ancestor.frames[this.lastFileSlot] = frame;
      else blk.frames[this.lastFileSlot] = frame;
    }
    this.lastFileNo = no;
    this.lastFileText = joined;
    this.prevFR = -2;
    return true;
  }

  // ---- frames and blocks ----------------------------------------------------------------------

  /** Pushes a frame of the current goroutine (or ancestor section); returns its slot, -1 if not kept. */
  private pushFrame(frame: number): number {
    const blk = this.block!;
    const a = this.ancestor;
    if (a) {
      // ancestor frames print `(...)`: no argument words
      this.dropPendingArgs();
      if (a.n === a.frames.length) {
        const next = new Int32Array(a.n * 2);
        next.set(a.frames);
        a.frames = next;
      }
      a.frames[a.n] = frame;
      return a.n++;
    }
    if (blk.nFrames < MAX_FRAMES) {
      // the pending words were written for this slot
      this.pendArgN = 0;
      blk.frames[blk.nFrames] = frame;
      return blk.nFrames++;
    }
    this.dropPendingArgs();
    blk.flags |= GFlag.Elided;
    return -1;
  }

  // ---- argument words -------------------------------------------------------------------------

  /** Whether the words of the function with byte key `key` are kept (decided once per name). */
  private keepsArgs(key: number): boolean {
    if (key < this.argMode.length) {
      const m = this.argMode[key];
      if (m !== 0) return m === 1;
    } else {
      const next = new Uint8Array(Math.max(this.argMode.length * 2, key + 1));
      next.set(this.argMode);
      this.argMode = next;
    }
    let mode = this.argMode[key];
    if (mode === 0) mode = this.argMode[key] = keepsArgWords(this.b.strings.get(this.fr.nameStr[key])) ? 1 : 2;
    return mode === 1;
  }

  /**
   * The pointer-like words of the argument list `buf[s..e)` (between the parentheses) as the
   * pending frame's words: every `0x…` counts for the position; kept are values of 0x1000 and up
   * with at most 12 hex digits (user-space addresses), each with `?` (stale) when Go printed it.
   * A word that is not hex (damaged input) still counts, as `0x` alone.
   */
  private argWords(buf: Uint8Array, s: number, e: number): void {
    const slot = this.block!.nFrames;
    if (slot >= MAX_FRAMES) return;
    if (this.blkArgN + MAX_ARG_WORDS > this.blkArgAddr.length) this.roomForArgs();
    const ids = this.blkArgAddr;
    const infos = this.blkArgInfo;
    const base = this.blkArgN;
    let n = 0;
    let pos = 0;
    // token by token: `0x…` words (`?` after a stale one), separated by `, `, inside `{…}`
    for (let i = s; i < e; ) {
      if (buf[i] !== 48 || buf[i + 1] !== 120) {
        i++;
        continue;
      }
      // `0x0`, the most common word by far (registers not spilled print `0x0?`)
      if (buf[i + 2] === 48 && HEX_VALUE[buf[i + 3]] < 0) i += 3;
      else {
        const d0 = (i += 2);
        while (HEX_VALUE[buf[i]] >= 0) i++;
        const nd = i - d0;
        // no leading zeros: 4 digits or more is 0x1000 or more
        if (nd >= 4 && nd <= 12 && n < MAX_ARG_WORDS) {
          const split = nd > 8 ? i - 8 : d0;
          let hi = 0;
          let lo = 0;
          for (let k = d0; k < split; k++) hi = (hi << 4) | HEX_VALUE[buf[k]];
          for (let k = split; k < i; k++) lo = ((lo << 4) | HEX_VALUE[buf[k]]) >>> 0;
          ids[base + n] = this.args.address(hi * 4294967296 + lo);
          infos[base + n] = ((pos < 31 ? pos : 31) << ArgInfo.PositionShift) | (buf[i] === 63 ? ArgInfo.Stale : 0) | slot;
          n++;
        }
      }
      pos++;
      if (buf[i] === 63) i++;
      if (buf[i] === 44) i += 2;
    }
    this.blkArgN = base + n;
    this.pendArgN = n;
  }

  /** `argWords` of `text[s..e)` (the line path): the same tokens, from a string. */
  private argWordsOfText(text: string, s: number, e: number): void {
    const slot = this.block!.nFrames;
    if (slot >= MAX_FRAMES) return;
    if (this.blkArgN + MAX_ARG_WORDS > this.blkArgAddr.length) this.roomForArgs();
    const ids = this.blkArgAddr;
    const infos = this.blkArgInfo;
    const base = this.blkArgN;
    let n = 0;
    let pos = 0;
    for (let i = s; i < e; ) {
      if (text.charCodeAt(i) !== 48 || text.charCodeAt(i + 1) !== 120) {
        i++;
        continue;
      }
      if (text.charCodeAt(i + 2) === 48 && hexValueAt(text, i + 3) < 0) i += 3;
      else {
        const d0 = (i += 2);
        while (hexValueAt(text, i) >= 0) i++;
        const nd = i - d0;
        if (nd >= 4 && nd <= 12 && n < MAX_ARG_WORDS) {
          let v = 0;
          for (let k = d0; k < i; k++) v = v * 16 + hexValueAt(text, k);
          ids[base + n] = this.args.address(v);
          infos[base + n] = ((pos < 31 ? pos : 31) << ArgInfo.PositionShift) | (text.charCodeAt(i) === 63 ? ArgInfo.Stale : 0) | slot;
          n++;
        }
      }
      pos++;
      if (text.charCodeAt(i) === 63) i++;
      if (text.charCodeAt(i) === 44) i += 2;
    }
    this.blkArgN = base + n;
    this.pendArgN = n;
  }

  /** Room for one more frame line's words in the block's arrays. */
  private roomForArgs(): void {
    const size = this.blkArgAddr.length * 2;
    const a = new Int32Array(size);
    a.set(this.blkArgAddr.subarray(0, this.blkArgN));
    this.blkArgAddr = a;
    const f = new Uint16Array(size);
    f.set(this.blkArgInfo.subarray(0, this.blkArgN));
    this.blkArgInfo = f;
  }

  /** The pending function line will not be a frame of the goroutine (or is read again): its words go. */
  private dropPendingArgs(): void {
    this.blkArgN -= this.pendArgN;
    this.pendArgN = 0;
  }


  /** The creator of the goroutine, or of the ancestor whose section is open. */
  private setCreator(frame: number, goid: number): void {
    if (this.ancestor) {
      this.ancestor.createdBy = frame;
      return;
    }
    this.block!.createdBy = frame;
    this.block!.creatorGoid = goid;
  }

  /** `created by F` whose file line did not follow. */
  private creatorWithoutFile(): void {
    this.pend = Pend.None;
    this.setCreator(this.b.frameOfIds(this.pendFunc, 0, 0, 0), this.pendGoid);
  }

  private startAncestor(goid: number): void {
    this.finishAncestor();
    this.ancestor = { goid, frames: new Int32Array(8), n: 0, createdBy: -1 };
    this.prevFR = -2;
  }

  private finishAncestor(): void {
    const a = this.ancestor;
    if (!a) return;
    if (this.pend === Pend.CreatedBy) this.creatorWithoutFile();
    this.ancestor = null;
    this.b.ancestors.push({ row: this.b.goroutineCount, goid: a.goid, stack: this.stackOf(a.frames, a.n), createdBy: a.createdBy });
  }

  private endBlock(): void {
    if (this.block === null) return;
    if (this.heldFile !== null) {
      const held = this.heldFile;
      this.heldFile = null;
      this.replayHeld(held, this.heldNo);
      // the held line may have ended the block itself (a register line)
      if (this.block === null) return;
    }
    const blk = this.block;
    if (blk.deferred !== null) {
      for (const w of blk.deferred) warn(this.ctx, w);
      blk.deferred = null;
    }
    if (this.pend === Pend.CreatedBy) this.creatorWithoutFile();
    else if (this.pend !== Pend.None) this.flushPendingWithoutFile();
    this.finishAncestor();
    this.block = null;
    this.updateFast();
    const h = blk.header;
    this.args.pushMany(this.blkArgAddr, this.blkArgInfo, this.blkArgN);
    this.blkArgN = 0;
    this.b.addGoroutine({
      goid: blk.goid,
      snapshot: this.snap,
      state: this.b.intern(h.state),
      waitMinutes: h.waitMinutes,
      flags: blk.flags,
      stack: this.stackOf(blk.frames, blk.nFrames),
      createdBy: blk.createdBy,
      creatorGoid: blk.creatorGoid,
      labels: blk.labels.length ? this.b.labelSet(blk.labels) : 0,
      thread: blk.m,
      bubble: h.bubble,
    });
  }

  /** The stack of `frames` (innermost first); goroutines repeat stacks, so a cache answers most. */
  private stackOf(frames: Int32Array, n: number): number {
    if (n === 0) return -1;
    let h = n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ frames[i], 0x9e3779b1) ^ (h >>> 15);
    const slot = (h ^ (h >>> 16)) & (this.stackCache.length - 1);
    const v = this.stackCache[slot];
    if (v !== 0) {
      const sf = this.b.stackFrame.data;
      const sp = this.b.stackParent.data;
      let s = v - 1;
      let i = 0;
      while (i < n && s >= 0 && sf[s] === frames[i]) {
        s = sp[s];
        i++;
      }
      if (i === n && s === -1) return v - 1;
    }
    const id = this.b.stackFromLeafFirst(frames, n);
    this.stackCache[slot] = id + 1;
    return id;
  }

  // ---- outside blocks: preambles, trailers, foreign lines ------------------------------------

  private outsideLine(line: string, trimmed: string): void {
    if (this.inRuntimeStack) return;
    const snap = this.snap >= 0 ? this.b.snapshots[this.snap] : null;
    const hasRows = snap !== null && this.b.goroutineCount > snap.rowStart;
    const newDump = () => {
      if (hasRows && !this.crashSection) this.endSnapshot();
    };
    const indented = line.charCodeAt(0) === 9 || line.charCodeAt(0) === 32;
    if (line.startsWith('panic: ')) {
      newDump();
      const pre = this.preambleTarget();
      pre.panic = pre.panic ? `${pre.panic}\n${line.slice(7)}` : line.slice(7);
      if (line.startsWith('panic: test timed out after ')) pre.runningTests = [];
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
    // entries are indented by TABs (1.21: one, 1.23+: two) — or by spaces, or by nothing, after a copy
    if (this.inRunningTests && (indented || RUNNING_TEST_RE.test(trimmed))) {
      this.preambleTarget().runningTests?.push(trimmed);
      return;
    }
    // 1.23+: chained panics and a fatal error while panicking are TAB-indented continuation lines
    if (indented && trimmed.startsWith('panic: ')) {
      const pre = this.preambleTarget();
      pre.panic = pre.panic ? `${pre.panic}\n${trimmed.slice(7)}` : trimmed.slice(7);
      if (trimmed.startsWith('panic: test timed out after ')) pre.runningTests ??= [];
      return;
    }
    if (indented && trimmed.startsWith('fatal error: ')) {
      this.preambleTarget().fatal = trimmed.slice(13);
      return;
    }
    if (/^exit status \d+$/.test(trimmed) || isGoVerdict(line, trimmed)) {
      if (hasRows) this.endSnapshot();
      return;
    }
    // anything else (registers, `PC=` lines, foreign lines) is not part of a dump
  }

  private preambleTarget(): Preamble {
    if (this.snap >= 0) return this.b.snapshots[this.snap].preamble;
    return this.pendingPreamble;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  private startSnapshot(no: number): void {
    this.snap = this.b.addSnapshot(this.ctx.input, {
      kind: 'traceback',
      label: '',
      line: no,
      preamble: this.pendingPreamble,
    });
    this.pendingPreamble = {};
    this.seen.clear();
    this.crashSection = false;
    this.snapVersion = null;
  }

  private endSnapshot(): void {
    this.endBlock();
    if (this.snap < 0) return;
    this.b.endSnapshot(this.snap);
    this.snapVersions[this.snap - this.b.inputs[this.ctx.input].snapshotStart] = this.snapVersion;
    this.snap = -1;
    this.seen.clear();
    this.crashSection = false;
  }

  /** The Go release a GOROOT path implies (go-version.ts), for the snapshot and the input. */
  private fileVersion(file: string): void {
    if (this.snapVersion !== null) return;
    let v = this.versionOfFile.get(file);
    if (v === undefined) {
      v = goVersionFromPath(file);
      if (this.versionOfFile.size < 4096) this.versionOfFile.set(file, v);
    }
    if (v) this.noteVersion(v);
  }

  private noteVersion(v: string): void {
    this.snapVersion = v;
    this.inputVersion ??= v;
  }

  finish(endedWithNewline: boolean): void {
    const lastNo = this.lineNo;
    this.transport.end(lastNo);
    if (!this.prefixKnown) {
      // never saw a header: tell why this is not a dump
      const frameLine = this.early.find(([l]) => parseFileLine(l) && /^\s/.test(l));
      if (frameLine) throw new ParseError(`line ${frameLine[1] - 1}: frame without a goroutine header`);
      throw new ParseError('no goroutine header (`goroutine N [state]:`) found');
    }
    if (this.heldFile !== null) {
      const held = this.heldFile;
      this.heldFile = null;
      this.replayHeld(held, this.heldNo);
    }
    const blk = this.block;
    if (blk && (this.pend !== Pend.None || !endedWithNewline)) {
      blk.flags |= GFlag.Truncated;
      warn(this.ctx, `line ${lastNo}: input ends inside goroutine ${blk.goid} (header at line ${blk.line}); its stack may be incomplete`);
      if (this.pend === Pend.Func) {
        // keep the function whose file line was cut
        this.pushFrame(this.b.frameOfIds(this.pendFunc, 0, 0, this.pendFlags));
      }
      if (this.pend !== Pend.CreatedBy) this.pend = Pend.None;
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
      snaps[s].goVersion = this.snapVersions[s - info.snapshotStart] ?? this.inputVersion;
    }
    info.goVersion = this.inputVersion;
    if (n === 0) throw new ParseError(`line ${lastNo}: no complete goroutine block found`);
  }
}

function headerFlags(h: Header, goid: number): number {
  let flags = 0;
  if (h.locked) flags |= GFlag.Locked;
  if (h.leaked) flags |= GFlag.Leaked;
  if (h.durable) flags |= GFlag.Durable;
  if (h.scan) flags |= GFlag.Scan;
  if (goid === 0) flags |= GFlag.G0;
  return flags;
}

function headerWarnings(h: Header, goid: number, no: number): string[] {
  const out: string[] = [];
  if (h.unknown.length) out.push(`line ${no}: goroutine ${goid}: unknown header part${h.unknown.length > 1 ? 's' : ''} ${h.unknown.map((u) => JSON.stringify(u)).join(', ')} kept as is`);
  if (h.problems.length) out.push(`line ${no}: goroutine ${goid}: header not fully understood (${h.problems.join('; ')}); counted, with its stack`);
  return out;
}

/** `FAIL`, `FAIL\tpkg\t2.006s`, `ok  \tpkg\t0.01s` — also with the TABs turned into spaces. */
function isGoVerdict(line: string, trimmed: string): boolean {
  return trimmed === 'FAIL' || line.startsWith('FAIL\t') || line.startsWith('ok  \t') || /^(?:FAIL|ok) +\S+ +(?:\d[\d.]*m?s|\(cached\))$/.test(trimmed);
}

/** A line that may be the second piece of a wrapped line (not one that starts something of its own). */
function isContinuation(line: string): boolean {
  const t = line.trim();
  return t !== '' && !line.startsWith('goroutine ') && !t.startsWith('created by ') && !t.startsWith('...') && !t.startsWith('[originating from goroutine ');
}

function openParens(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) n++;
    else if (c === 41) n--;
  }
  return n;
}

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
