/**
 * SnapshotContent → bytes. The body's sections, in this order (tag: what):
 *   1 meta       plain value: when it was made, what was left out or redacted
 *   2 strings    count, then each string (UTF-8, length-prefixed); id 0 "" is implied
 *   3 frames     number columns: function and file string ids, line, flags
 *   4 stacks     number columns: frame id, distance to the parent (0: outermost)
 *   5 labels     number columns: pairs per set, then key/value string ids
 *   6 inputs     plain value: file, size, format, Go version, error, warnings, series, trace, snapshot count
 *   7 snapshot   one per snapshot, in order: its header (plain value), then its goroutine rows
 *                (v1: one number column per row field; v2: groups, see writeRows); none for a
 *                trace's end snapshot
 *   8 ancestors  plain value
 *   9 trace      one per trace: the trace model as a plain value (tables of typed columns)
 */
import { ByteWriter, intSize } from './bytes';
import type { RowColumns, SnapshotContent } from './content';
import { deflateRaw } from './compress';
import { crc32, Flag, VERSION, writeHeader } from './format';
import { writeNumbers, writeValue } from './values';

export const Section = { Meta: 1, Strings: 2, Frames: 3, Stacks: 4, Labels: 5, Inputs: 6, Snapshot: 7, Ancestors: 8, Trace: 9 } as const;

export function writeContent(c: SnapshotContent): Uint8Array {
  const w = new ByteWriter();
  const section = (tag: number, f: (w: ByteWriter) => void) => {
    w.uint(tag);
    w.block(f);
  };
  section(Section.Meta, (s) => writeValue(s, c.meta));
  section(Section.Strings, (s) => {
    s.uint(c.strings.length - 1);
    for (let i = 1; i < c.strings.length; i++) s.str(c.strings[i]);
  });
  section(Section.Frames, (s) => {
    writeNumbers(s, c.frames.func);
    writeNumbers(s, c.frames.file);
    writeNumbers(s, c.frames.line);
    writeNumbers(s, c.frames.flags);
  });
  section(Section.Stacks, (s) => {
    writeNumbers(s, c.stacks.frame);
    writeNumbers(s, c.stacks.parent.map((p, i) => (p < 0 ? 0 : i - p)));
  });
  section(Section.Labels, (s) => {
    const { offsets, data } = c.labelSets;
    writeNumbers(s, Float64Array.from({ length: c.labelSets.count }, (_, i) => (offsets[i + 1] - offsets[i]) / 2));
    writeNumbers(s, data);
  });
  section(Section.Inputs, (s) => writeValue(s, c.inputs.map(({ snapshots, ...inp }) => ({ ...inp, snapshots: snapshots.length }))));
  for (const inp of c.inputs)
    for (const snap of inp.snapshots)
      section(Section.Snapshot, (s) => {
        writeValue(s, snap.head);
        s.byte(snap.rows ? 1 : 0);
        if (snap.rows) writeRows(s, snap.rows);
        // version 4: the rows' argument words (what goroutines wait on, for the wait-for analysis)
        s.byte(snap.args ? 1 : 0);
        if (snap.args) {
          writeNumbers(s, snap.args.perRow);
          writeNumbers(s, snap.args.value);
          writeNumbers(s, snap.args.info);
        }
      });
  section(Section.Ancestors, (s) => writeValue(s, c.ancestors));
  for (const t of c.traces) section(Section.Trace, (s) => writeValue(s, t));
  return w.finish();
}

/** What goroutines of one group share; the rest (GROUP_MEMBER) is per goroutine. */
export const GROUP_KEY = ['state', 'flags', 'stack', 'createdBy', 'labels', 'bubble'] as const;
export const GROUP_MEMBER = ['goid', 'waitMinutes', 'creatorGoid', 'weight', 'value2', 'thread'] as const;
/** Member columns written as the difference to the group's previous member (ids grow within a group). */
const DELTA_IN_GROUP = new Set<string>(['goid', 'creatorGoid']);

/**
 * Version 2: goroutines grouped by what they share (state, flags, stack, creator frame, label set,
 * bubble), the groups as columns with their counts, each row's group (runs when a dump lists a
 * group's goroutines together), then per row its id and creator id as deltas within its group (or
 * to the row before, when that is smaller), wait minutes, weight, value2 and thread. Row order is
 * kept exactly: views break ties by row.
 */
function writeRows(w: ByteWriter, rows: RowColumns): void {
  const n = rows.count;
  w.uint(n);
  const groupOf = new Float64Array(n);
  const index = new Map<string, number>();
  const keys: number[][] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = GROUP_KEY.map((k) => rows[k][i]);
    const ks = key.join(',');
    let gi = index.get(ks);
    if (gi === undefined) {
      gi = keys.length;
      index.set(ks, gi);
      keys.push(key);
      counts.push(0);
    }
    counts[gi]++;
    groupOf[i] = gi;
  }
  GROUP_KEY.forEach((_, c) => writeNumbers(w, keys.map((k) => k[c])));
  writeNumbers(w, counts);
  writeNumbers(w, groupOf);
  for (const k of GROUP_MEMBER) {
    const col = rows[k];
    if (!DELTA_IN_GROUP.has(k)) {
      writeNumbers(w, col);
      continue;
    }
    const inGroup = new Float64Array(n);
    const prev = new Float64Array(keys.length);
    for (let i = 0; i < n; i++) {
      const gi = groupOf[i];
      inGroup[i] = col[i] - prev[gi];
      prev[gi] = col[i];
    }
    // a dump lists goroutines about in id order: when groups interleave, the id of the row before
    // is the better base (measured per snapshot; 0 within the group, 1 the row before)
    const inRows = Float64Array.from(col, (v, i) => v - (i ? col[i - 1] : 0));
    const byRows = cost(inRows) < cost(inGroup);
    w.byte(byRows ? 1 : 0);
    writeNumbers(w, byRows ? inRows : inGroup);
  }
}

function cost(v: Float64Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += Number.isSafeInteger(v[i]) ? intSize(v[i]) : 9;
  return n;
}

/** The whole snapshot: header and deflated body. */
export async function encodeSnapshot(c: SnapshotContent): Promise<Uint8Array> {
  const body = writeContent(c);
  const packed = await deflateRaw(body);
  const flags = (c.meta.leftOut.length ? Flag.Reduced : 0) | (c.meta.redacted.length ? Flag.Redacted : 0);
  const head = writeHeader({ version: VERSION, flags, crc: crc32(body), bodyLength: body.length });
  const out = new Uint8Array(head.length + packed.length);
  out.set(head, 0);
  out.set(packed, head.length);
  return out;
}
