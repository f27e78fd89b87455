/**
 * SnapshotContent → bytes. The body's sections, in this order (tag: what):
 *   1 meta       plain value: when it was made, what was left out or redacted
 *   2 strings    count, then each string (UTF-8, length-prefixed); id 0 "" is implied
 *   3 frames     number columns: function and file string ids, line, flags
 *   4 stacks     number columns: frame id, distance to the parent (0: outermost)
 *   5 labels     number columns: pairs per set, then key/value string ids
 *   6 inputs     plain value: file, size, format, Go version, error, warnings, series, trace, snapshot count
 *   7 snapshot   one per snapshot, in order: its header (plain value), then its goroutine rows as
 *                number columns (goid, state, wait minutes, flags, stack, creator frame, creator
 *                id, label set, weight, value2, thread, bubble); none for a trace's end snapshot
 *   8 ancestors  plain value
 *   9 trace      one per trace: the trace model as a plain value (tables of typed columns)
 */
import { ByteWriter } from './bytes';
import type { RowColumns, SnapshotContent } from './content';
import { ROW_COLUMNS } from './content';
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
      });
  section(Section.Ancestors, (s) => writeValue(s, c.ancestors));
  for (const t of c.traces) section(Section.Trace, (s) => writeValue(s, t));
  return w.finish();
}

function writeRows(w: ByteWriter, rows: RowColumns): void {
  w.uint(rows.count);
  for (const k of ROW_COLUMNS) writeNumbers(w, rows[k]);
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
