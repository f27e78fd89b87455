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
 */
import { GFlag } from '../../model/model';
import { forEachLine } from '../lines';
import { warn, type Chunks, type ParseContext } from '../types';
import { parseLabelMap } from './go-quote';
import { goVersionFromPath } from './go-version';

const HEADER_RE = /(goroutine|goroutineleak) profile: total (\d+)\s*$/;

interface OpenSnapshot {
  index: number;
  leak: boolean;
  declared: number;
  sum: number;
  records: number;
  line: number;
  /** text before the header on its line (a log prefix), stripped from later lines when present */
  prefix: string;
}

interface OpenRecord {
  count: number;
  line: number;
  /** the `@` line's PCs as printed (split only when a record has no `#` rows) */
  pcs: string;
  frames: number[];
  labels: number;
}

export async function parseProfileText(ctx: ParseContext, chunks: Chunks): Promise<void> {
  const b = ctx.builder;
  const info = b.inputs[ctx.input];
  let snap: OpenSnapshot | null = null;
  let rec: OpenRecord | null = null;
  let goVersion: string | null = null;
  let skipped = 0;
  let firstSkipped = 0;
  let badRows = 0;
  let firstBadRow = 0;
  let nProfiles = 0;

  const endRecord = () => {
    if (!rec || !snap) return;
    let frames = rec.frames;
    if (frames.length === 0 && rec.pcs.trim() !== '') {
      // no `#` rows at all: keep the PCs as unsymbolised frames so the stack is not lost
      frames = rec.pcs
        .trim()
        .split(/\s+/)
        .filter((pc) => /^0x[0-9a-fA-F]+$/.test(pc))
        .map((pc) => b.frame(pc, '', 0));
    }
    const stack = frames.length ? b.stackFromLeafFirst(frames) : -1;
    b.addGoroutine({
      snapshot: snap.index,
      weight: rec.count,
      flags: GFlag.Aggregated | (snap.leak ? GFlag.Leaked : 0),
      stack,
      labels: rec.labels,
    });
    snap.sum += rec.count;
    snap.records++;
    rec = null;
  };

  const endSnapshot = () => {
    endRecord();
    if (!snap) return;
    b.endSnapshot(snap.index);
    if (snap.sum !== snap.declared) {
      warn(
        ctx,
        `line ${snap.line}: profile declares total ${snap.declared} but its ${snap.records} records count ${snap.sum} goroutines`,
      );
    }
    snap = null;
  };

  const skip = (lineNo: number) => {
    if (skipped++ === 0) firstSkipped = lineNo;
  };

  // `func+0x…` + `file:line` as printed → frame id: the same frame recurs in many records, and
  // this skips re-parsing it and the builder's own key building
  const frameCache = new Map<string, number>();

  const addFrame = (fnTok: string, loc: string, lineNo: number): number => {
    let fn = fnTok;
    const plus = fn.lastIndexOf('+0x');
    if (plus > 0 && /^\+0x[0-9a-fA-F]+$/.test(fn.slice(plus))) fn = fn.slice(0, plus);
    let file = '';
    let line = 0;
    if (loc !== '') {
      const colon = loc.lastIndexOf(':');
      const ln = colon > 0 ? Number(loc.slice(colon + 1)) : NaN;
      if (Number.isInteger(ln) && ln >= 0) {
        file = loc.slice(0, colon);
        line = ln;
      } else {
        file = loc;
        if (badRows++ === 0) firstBadRow = lineNo;
      }
    } else if (badRows++ === 0) firstBadRow = lineNo;
    if (goVersion === null && file) goVersion = goVersionFromPath(file);
    return b.frame(fn, file, line);
  };

  /** Fast path for `#<TABs>0x…<TABs>func+0x…<TABs>file:line`; -1 when the row is not in that shape. */
  const tabRow = (s: string, lineNo: number): number => {
    const n = s.length;
    let i = 1;
    while (i < n && s.charCodeAt(i) === 9) i++;
    if (s.charCodeAt(i) !== 48 || s.charCodeAt(i + 1) !== 120) return -1; // 0x
    const pcEnd = s.indexOf('\t', i);
    if (pcEnd < 0) return -1; // PC only: slow path
    let f = pcEnd;
    while (f < n && s.charCodeAt(f) === 9) f++;
    const fnEnd = s.indexOf('\t', f);
    if (fnEnd < 0 || fnEnd === f) return -1;
    let l = fnEnd;
    while (l < n && s.charCodeAt(l) === 9) l++;
    let e = n;
    while (e > l && (s.charCodeAt(e - 1) === 9 || s.charCodeAt(e - 1) === 32)) e--;
    if (e === l || s.indexOf('\t', l) >= 0 && s.indexOf('\t', l) < e) return -1;
    const fnTok = s.slice(f, fnEnd);
    const loc = s.slice(l, e);
    const key = fnTok + '\t' + loc;
    let id = frameCache.get(key);
    if (id === undefined) {
      id = addFrame(fnTok, loc, lineNo);
      frameCache.set(key, id);
    }
    return id;
  };

  /** `#\t0x…\tfunc+0x…\tfile:line` (TAB runs) or `#\t0x…`; returns false when it is not a frame row. */
  const frameRow = (s: string, lineNo: number): boolean => {
    if (!rec) return false;
    if (s.charCodeAt(1) === 9) {
      const id = tabRow(s, lineNo);
      if (id >= 0) {
        rec.frames.push(id);
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
      rec.frames.push(b.frame(pc, '', 0));
      return true;
    }
    rec.frames.push(addFrame(parts[1].trim(), parts.length >= 3 ? parts.slice(2).join('\t').trim() : '', lineNo));
    return true;
  };

  /** Handles a line (after any log prefix was removed); false when it is not profile text. */
  const body = (s: string, lineNo: number): boolean => {
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
      endRecord();
      rec = { count: Number(countStr), line: lineNo, pcs, frames: [], labels: 0 };
      return true;
    }
    if (c === 35) {
      // '#'
      if (s.startsWith('# labels:')) {
        if (!rec) return false;
        const pairs = parseLabelMap(s, 9);
        if (pairs === null) {
          warn(ctx, `line ${lineNo}: malformed label map, labels ignored: ${s.slice(0, 120)}`);
        } else {
          rec.labels = b.labelSet(pairs);
        }
        return true;
      }
      return frameRow(s, lineNo);
    }
    return false;
  };

  const total = await forEachLine(chunks, ctx, (raw, lineNo) => {
    const h = raw.charCodeAt(0) !== 35 && raw.indexOf(' profile: total ') >= 0 ? HEADER_RE.exec(raw) : null;
    if (h) {
      endSnapshot();
      nProfiles++;
      const leak = h[1] === 'goroutineleak';
      const declared = Number(h[2]);
      const index = b.addSnapshot(ctx.input, {
        kind: 'profile',
        label: `${h[1]} profile${nProfiles > 1 ? ` ${nProfiles}` : ''} (total ${declared})`,
        hasStates: false,
        hasIds: false,
        leakProfile: leak,
        preamble: { declaredTotal: declared },
        line: lineNo,
      });
      snap = { index, leak, declared, sum: 0, records: 0, line: lineNo, prefix: raw.slice(0, h.index) };
      return;
    }
    if (!snap) {
      if (raw.trim()) skip(lineNo);
      return;
    }
    const open: OpenSnapshot = snap;
    let s = raw;
    if (open.prefix) {
      if (s.startsWith(open.prefix)) s = s.slice(open.prefix.length);
      else if (s.length >= open.prefix.length && !body(s, lineNo)) s = s.slice(open.prefix.length);
      else if (s.length >= open.prefix.length) return; // handled unprefixed
    }
    if (s.trim() === '') {
      endRecord();
      return;
    }
    if (!body(s, lineNo)) skip(lineNo);
  });
  endSnapshot();

  if (nProfiles === 0) {
    // sniffing saw a header in the head; reaching here means the input changed underneath
    warn(ctx, `no \`goroutine profile: total N\` header found in ${total} lines`);
  }
  if (skipped) {
    warn(ctx, `${skipped} line${skipped > 1 ? 's' : ''} that are not profile records were skipped (first: line ${firstSkipped})`);
  }
  if (badRows) {
    warn(ctx, `${badRows} frame row${badRows > 1 ? 's' : ''} without \`file:line\` (first: line ${firstBadRow})`);
  }
  info.goVersion = goVersion;
  for (let i = info.snapshotStart; i < info.snapshotEnd; i++) b.snapshots[i].goVersion = goVersion;
}
