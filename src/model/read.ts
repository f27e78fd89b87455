/** Read side of a frozen Model: string lookups and stack walking, for analysis, CLI and views. */
import { StringTable } from './strings';
import type { Model } from './model';

export class ModelView {
  readonly strings: StringTable;

  constructor(readonly model: Model) {
    this.strings = new StringTable(model.strings);
  }

  str(id: number): string {
    return this.strings.get(id);
  }

  frameFunc(frame: number): string {
    return this.strings.get(this.model.frames.func[frame]);
  }

  frameFile(frame: number): string {
    return this.strings.get(this.model.frames.file[frame]);
  }

  frameLine(frame: number): number {
    return this.model.frames.line[frame];
  }

  /** Frame ids of a stack, innermost first. */
  stackFrames(stack: number): number[] {
    const out: number[] = [];
    const { frame, parent } = this.model.stacks;
    for (let s = stack; s >= 0; s = parent[s]) out.push(frame[s]);
    return out;
  }

  stackDepth(stack: number): number {
    let n = 0;
    const { parent } = this.model.stacks;
    for (let s = stack; s >= 0; s = parent[s]) n++;
    return n;
  }

  /** Label pairs of a label set, sorted by key. */
  labels(set: number): [string, string][] {
    const { offsets, data } = this.model.labelSets;
    const out: [string, string][] = [];
    for (let i = offsets[set]; i < offsets[set + 1]; i += 2) out.push([this.str(data[i]), this.str(data[i + 1])]);
    return out;
  }

  /** Goroutine id as text (ids are uint64; rows without ids give ""). */
  goid(row: number): string {
    const v = this.model.goroutines.goid[row];
    return v < 0 ? '' : String(v);
  }
}
