/**
 * The aggregated `debug=1` text of the goroutine and goroutineleak profiles (docs §3, §7.9):
 *
 *   goroutine profile: total 53            (or `goroutineleak profile: total 43`)
 *   7 @ 0x488faa 0x416b1c 0x5a0b53 0x48f901
 *   # labels: {"handler":"upload", "tenant":"acme"}
 *   #<TABs>0x5a0b52<TABs>main.(*Pipeline).produce+0x32<TABs>/path/sites.go:76
 *   #<TABs>0x5a0b53                         (a PC without symbol information)
 *   <empty line>
 *
 * Line-driven over chunks (never one string of the whole file). Every profile header starts a
 * snapshot of kind 'profile'; every record becomes ONE goroutine row whose weight is the record's
 * count (flags Aggregated, plus Leaked in a goroutineleak profile). No ids, no states.
 *
 * Speed (bench/formats-bench.ts, 100k records with distinct stacks and label sets): lines arrive
 * as spans of the decoded chunk (../lines.ts forEachLineSpan), and the four shapes that make up a profile are
 * read in place without regex or split — `COUNT @ 0x…` (count by char codes, nothing allocated),
 * the empty line, a TAB frame row (one Map lookup keyed by the row's text; parsed only the first
 * time) and `# labels:` (a cache keyed by the line's text, dropped when label sets turn out to be
 * all distinct). Anything else (a log prefix, TABs turned into spaces, unsymbolised rows, stray
 * lines) takes the general path below, which owns the exact semantics.
 */
import { GFlag, type ModelBuilder } from '../../model/model';
import { detach } from '../../model/strings';
import { warn, type Chunks, type ParseContext } from '../types';
import { parseLabelMap } from './go-quote';
import { goVersionFromPath } from '../go-version';
import { forEachLineSpan, type SpanSink } from '../lines';

const HEADER_RE = /(goroutine|goroutineleak) profile: total (\d+)\s*$/;

/** Frame-row cache entries kept at most (~100 bytes each). */
const FRAME_CACHE_MAX = 32768;

/** Label cache: judged after this many lookups, dropped when fewer than 1 in 8 were hits. */
const LABEL_CACHE_TRIAL = 4096;

interface OpenSnapshot {
  index: number;
  leak: boolean;
  flags: number;
  declared: number;
  sum: number;
  records: number;
  line: number;
  /** text before the header on its line (a log prefix), stripped from later lines when present */
  prefix: string;
}

export async function parseProfileText(ctx: ParseContext, chunks: Chunks): Promise<void> {
  const p = new ProfileTextParser(ctx);
  const total = await forEachLineSpan(chunks, ctx, p);
  p.finish(total);
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

class ProfileTextParser implements SpanSink {
  private readonly b: ModelBuilder;
  private snap: OpenSnapshot | null = null;
  private goVersion: string | null = null;
  private skipped = 0;
  private firstSkipped = 0;
  private badRows = 0;
  private firstBadRow = 0;
  private nProfiles = 0;

  // the open record (no object per record)
  private inRec = false;
  private recCount = 0;
  /** the `@` line's PCs as printed: text and span (split only when a record has no `#` rows) */
  private pcsText = '';
  private pcsStart = 0;
  private pcsEnd = 0;
  private recLabels = 0;
  private frames = new Int32Array(128);
  private nFrames = 0;

  /** a TAB frame row's text → frame id: the same row recurs in many records */
  private readonly frameCache = new Map<string, number>();
  /** a `# labels:` line's text → label set id; null once it proved useless (all sets distinct) */
  private labelCache: Map<string, number> | null = new Map();
  private labelLookups = 0;
  private labelHits = 0;

  constructor(private readonly ctx: ParseContext) {
    this.b = ctx.builder;
  }

  line(s: string, start: number, end: number, lineNo: number): void {
    const snap = this.snap;
    if (snap !== null && snap.prefix === '') {
      // fast paths: the shapes of an unprefixed profile body, read in place
      if (start === end) {
        this.endRecord();
        return;
      }
      const c = s.charCodeAt(start);
      if (c === 35 /* # */) {
        const c1 = s.charCodeAt(start + 1);
        if (c1 === 9 && this.inRec) {
          const id = this.tabRow(s, start, end, lineNo);
          if (id >= 0) {
            this.pushFrame(id);
            return;
          }
        } else if (c1 === 32 && this.inRec && s.startsWith('# labels:', start)) {
          this.labels(s, start, end, lineNo);
          return;
        }
      } else if (c >= 48 && c <= 57 && this.countLine(s, start, end)) return;
    }
    this.general(start === 0 && end === s.length ? s : s.slice(start, end), lineNo);
  }

  /**
   * `COUNT @ 0x… 0x…` made of digits, hex and spaces only (so it cannot hold a profile header):
   * starts a record. false: not in that shape, the general path decides.
   */
  private countLine(s: string, start: number, end: number): boolean {
    let i = start;
    let count = 0;
    // bounded by `end`: past the string's end charCodeAt is NaN, which is neither < 48 nor > 57 (a
    // last line of digits without a newline looped forever; found by the archive fuzz property)
    for (; i < end; i++) {
      const d = s.charCodeAt(i);
      if (d < 48 || d > 57) break;
      count = count * 10 + (d - 48);
    }
    if (i >= end || s.charCodeAt(i) !== 32 || s.charCodeAt(i + 1) !== 64) return false; // ' @'
    const pcs = i + 2;
    if (pcs < end) {
      if (s.charCodeAt(pcs) !== 32 || s.charCodeAt(pcs + 1) !== 48 || s.charCodeAt(pcs + 2) !== 120) return false;
      for (let k = pcs + 3; k < end; k++) {
        const d = s.charCodeAt(k);
        if (!(isHex(d) || d === 32 || d === 120)) return false;
      }
    }
    if (!Number.isSafeInteger(count)) return false;
    this.endRecord();
    this.openRecord(count, s, pcs, end);
    return true;
  }

  private openRecord(count: number, pcsText: string, pcsStart: number, pcsEnd: number): void {
    this.inRec = true;
    this.recCount = count;
    this.pcsText = pcsText;
    this.pcsStart = pcsStart;
    this.pcsEnd = pcsEnd;
    this.recLabels = 0;
    this.nFrames = 0;
  }

  private pushFrame(id: number): void {
    if (this.nFrames === this.frames.length) {
      const f = new Int32Array(this.frames.length * 2);
      f.set(this.frames);
      this.frames = f;
    }
    this.frames[this.nFrames++] = id;
  }

  /** `# labels: {…}` of the open record. */
  private labels(s: string, start: number, end: number, lineNo: number): void {
    const text = start === 0 && end === s.length ? s : s.slice(start, end);
    const cache = this.labelCache;
    if (cache !== null) {
      const id = cache.get(text);
      this.labelLookups++;
      if (id !== undefined) {
        this.labelHits++;
        this.recLabels = id;
        return;
      }
      if (this.labelLookups === LABEL_CACHE_TRIAL && this.labelHits * 8 < this.labelLookups) this.labelCache = null;
    }
    const pairs = parseLabelMap(text, 9);
    if (pairs === null) {
      warn(this.ctx, `line ${lineNo}: malformed label map, labels ignored: ${text.slice(0, 120)}`);
      return;
    }
    const id = this.b.labelSet(pairs);
    this.recLabels = id;
    if (this.labelCache !== null) this.labelCache.set(detach(text), id);
  }

  private endRecord(): void {
    const snap = this.snap;
    if (!this.inRec || snap === null) return;
    this.inRec = false;
    const b = this.b;
    if (this.nFrames === 0) {
      const pcs = this.pcsText.slice(this.pcsStart, this.pcsEnd).trim();
      // no `#` rows at all: keep the PCs as unsymbolised frames so the stack is not lost
      if (pcs !== '')
        for (const pc of pcs.split(/\s+/)) if (/^0x[0-9a-fA-F]+$/.test(pc)) this.pushFrame(b.frame(pc, '', 0));
    }
    this.pcsText = '';
    const stack = this.nFrames ? b.stackFromLeafFirst(this.frames, this.nFrames) : -1;
    b.addGoroutine({ snapshot: snap.index, weight: this.recCount, flags: snap.flags, stack, labels: this.recLabels });
    snap.sum += this.recCount;
    snap.records++;
  }

  private endSnapshot(): void {
    this.endRecord();
    const snap = this.snap;
    if (!snap) return;
    this.b.endSnapshot(snap.index);
    if (snap.sum !== snap.declared) {
      warn(this.ctx, `line ${snap.line}: profile declares total ${snap.declared} but its ${snap.records} records count ${snap.sum} goroutines`);
    }
    this.snap = null;
  }

  private skip(lineNo: number): void {
    if (this.skipped++ === 0) this.firstSkipped = lineNo;
  }

  /** A frame from `func+0x…` [fs, fe) and `file:line` [ls, le) of `s`. */
  private addFrame(s: string, fs: number, fe: number, ls: number, le: number, lineNo: number): number {
    // strip a trailing `+0x<hex>` offset
    let e = fe;
    for (let k = fe - 1; k > fs + 2; k--) {
      const c = s.charCodeAt(k);
      if (isHex(c)) continue;
      if (k < fe - 1 && c === 120 && s.charCodeAt(k - 1) === 48 && s.charCodeAt(k - 2) === 43 && k - 2 > fs) e = k - 2;
      break;
    }
    const fn = s.slice(fs, e);
    let file = '';
    let line = 0;
    if (ls < le) {
      const colon = s.lastIndexOf(':', le - 1);
      let ln = NaN;
      if (colon > ls) {
        // digits by char codes; anything else through Number() as before
        let v = 0;
        let k = colon + 1;
        for (; k < le; k++) {
          const d = s.charCodeAt(k);
          if (d < 48 || d > 57) break;
          v = v * 10 + (d - 48);
        }
        ln = k === le && k > colon + 1 ? v : Number(s.slice(colon + 1, le));
      }
      if (Number.isInteger(ln) && ln >= 0) {
        file = s.slice(ls, colon);
        line = ln;
      } else {
        file = s.slice(ls, le);
        if (this.badRows++ === 0) this.firstBadRow = lineNo;
      }
    } else if (this.badRows++ === 0) this.firstBadRow = lineNo;
    if (this.goVersion === null && file) this.goVersion = goVersionFromPath(file);
    return this.b.frame(fn, file, line);
  }

  /**
   * `#<TABs>0x…<TABs>func+0x…<TABs>file:line` in [start, end) of `s`, through the row cache;
   * -1 when the row is not in that shape.
   */
  private tabRow(s: string, start: number, end: number, lineNo: number): number {
    const key = start === 0 && end === s.length ? s : s.slice(start, end);
    const hit = this.frameCache.get(key);
    if (hit !== undefined) return hit;
    let i = start + 1;
    while (i < end && s.charCodeAt(i) === 9) i++;
    if (s.charCodeAt(i) !== 48 || s.charCodeAt(i + 1) !== 120) return -1; // 0x
    let pcEnd = i + 2;
    while (pcEnd < end && s.charCodeAt(pcEnd) !== 9) pcEnd++;
    if (pcEnd >= end) return -1; // PC only: general path
    let f = pcEnd;
    while (f < end && s.charCodeAt(f) === 9) f++;
    let fnEnd = f;
    while (fnEnd < end && s.charCodeAt(fnEnd) !== 9) fnEnd++;
    if (fnEnd >= end || fnEnd === f) return -1;
    let l = fnEnd;
    while (l < end && s.charCodeAt(l) === 9) l++;
    let e = end;
    while (e > l && (s.charCodeAt(e - 1) === 9 || s.charCodeAt(e - 1) === 32)) e--;
    if (e === l) return -1;
    for (let k = l; k < e; k++) if (s.charCodeAt(k) === 9) return -1;
    const id = this.addFrame(s, f, fnEnd, l, e, lineNo);
    // bounded: rows seen once (a distinct line per record) would otherwise pile up; the rows that
    // recur are back after a clear within a few records
    if (this.frameCache.size >= FRAME_CACHE_MAX) this.frameCache.clear();
    this.frameCache.set(detach(key), id);
    return id;
  }

  // ---- general path: any line, with the exact semantics ----------------------------------------

  private general(raw: string, lineNo: number): void {
    const h = raw.charCodeAt(0) !== 35 && raw.indexOf(' profile: total ') >= 0 ? HEADER_RE.exec(raw) : null;
    if (h) {
      this.endSnapshot();
      this.nProfiles++;
      const leak = h[1] === 'goroutineleak';
      const declared = Number(h[2]);
      const index = this.b.addSnapshot(this.ctx.input, {
        kind: 'profile',
        label: `${h[1]} profile${this.nProfiles > 1 ? ` ${this.nProfiles}` : ''} (total ${declared})`,
        hasStates: false,
        hasIds: false,
        leakProfile: leak,
        preamble: { declaredTotal: declared },
        line: lineNo,
      });
      this.snap = {
        index,
        leak,
        flags: GFlag.Aggregated | (leak ? GFlag.Leaked : 0),
        declared,
        sum: 0,
        records: 0,
        line: lineNo,
        prefix: detach(raw.slice(0, h.index)),
      };
      return;
    }
    const open = this.snap;
    if (!open) {
      if (raw.trim()) this.skip(lineNo);
      return;
    }
    let s = raw;
    if (open.prefix) {
      if (s.startsWith(open.prefix)) s = s.slice(open.prefix.length);
      else if (s.length >= open.prefix.length && !this.body(s, lineNo)) s = s.slice(open.prefix.length);
      else if (s.length >= open.prefix.length) return; // handled unprefixed
    }
    if (s.trim() === '') {
      this.endRecord();
      return;
    }
    if (!this.body(s, lineNo)) this.skip(lineNo);
  }

  /** Handles a line (after any log prefix was removed); false when it is not profile text. */
  private body(s: string, lineNo: number): boolean {
    const c = s.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      // `COUNT @ 0x… 0x…`
      const at = s.indexOf(' @');
      if (at < 0) return false;
      const countStr = s.slice(0, at);
      for (let k = 0; k < countStr.length; k++) {
        const d = countStr.charCodeAt(k);
        if (d < 48 || d > 57) return false;
      }
      if (countStr === '') return false;
      const pcs = s.slice(at + 2);
      if (pcs !== '' && !(pcs.charCodeAt(0) === 32 && pcs.charCodeAt(1) === 48 && pcs.charCodeAt(2) === 120) && pcs.trim() !== '') return false;
      this.endRecord();
      this.openRecord(Number(countStr), s, at + 2, s.length);
      return true;
    }
    if (c === 35) {
      // '#'
      if (s.startsWith('# labels:')) {
        if (!this.inRec) return false;
        this.labels(s, 0, s.length, lineNo);
        return true;
      }
      return this.frameRow(s, lineNo);
    }
    return false;
  }

  /** `#\t0x…\tfunc+0x…\tfile:line` (TAB runs) or `#\t0x…`; returns false when it is not a frame row. */
  private frameRow(s: string, lineNo: number): boolean {
    if (!this.inRec) return false;
    if (s.charCodeAt(1) === 9) {
      const id = this.tabRow(s, 0, s.length, lineNo);
      if (id >= 0) {
        this.pushFrame(id);
        return true;
      }
    }
    const rest = s.slice(1);
    let parts: string[];
    if (rest.indexOf('\t') >= 0) {
      parts = rest.split(/\t+/);
      if (parts[0] === '') parts.shift();
      if (parts.length && parts[parts.length - 1] === '') parts.pop();
    } else {
      // TABs turned into spaces by a pipeline: pc, then `func+0x…` (the first token that ends in
      // an offset; wrapper names may hold spaces), then `file:line` (paths may hold spaces)
      const toks = rest.trim().split(/\s+/);
      let k = 1;
      while (k < toks.length && !/\+0x[0-9a-fA-F]+$/.test(toks[k])) k++;
      if (k >= toks.length) k = 1;
      parts = [toks[0], toks.slice(1, k + 1).join(' '), toks.slice(k + 1).join(' ')].filter((x, i) => i < 2 || x !== '');
    }
    const pc = parts[0]?.trim() ?? '';
    if (!/^0x[0-9a-fA-F]+$/.test(pc)) return false;
    if (parts.length === 1) {
      this.pushFrame(this.b.frame(pc, '', 0));
      return true;
    }
    const fnTok = parts[1].trim();
    const loc = parts.length >= 3 ? parts.slice(2).join('\t').trim() : '';
    const both = fnTok + '\t' + loc;
    this.pushFrame(this.addFrame(both, 0, fnTok.length, fnTok.length + 1, both.length, lineNo));
    return true;
  }

  finish(total: number): void {
    this.endSnapshot();
    const ctx = this.ctx;
    if (this.nProfiles === 0) {
      // sniffing saw a header in the head; reaching here means the input changed underneath
      warn(ctx, `no \`goroutine profile: total N\` header found in ${total} lines`);
    }
    if (this.skipped) {
      warn(ctx, this.skipped === 1 ? `1 line that is not a profile record was skipped (line ${this.firstSkipped})` : `${this.skipped} lines that are not profile records were skipped (first: line ${this.firstSkipped})`);
    }
    if (this.badRows) {
      warn(ctx, `${this.badRows} frame row${this.badRows > 1 ? 's' : ''} without \`file:line\` (first: line ${this.firstBadRow})`);
    }
    const b = this.b;
    const info = b.inputs[ctx.input];
    info.goVersion = this.goVersion;
    for (let i = info.snapshotStart; i < info.snapshotEnd; i++) b.snapshots[i].goVersion = this.goVersion;
  }
}
