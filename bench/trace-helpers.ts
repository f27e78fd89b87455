/** What the Node trace benchmarks share: one trace file parsed into a model, and the best of N timings. */
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { fileSource } from '../src/cli/read-file';
import type { TraceModel } from '../src/model/trace';

/** The trace of `file`, with its builder (for string lookups). */
export async function loadTrace(file: string): Promise<{ b: ModelBuilder; t: TraceModel }> {
  const b = new ModelBuilder();
  const i = await parseInput(b, await fileSource(file));
  const t = b.traces[b.inputs[i].trace];
  if (!t) throw new Error(`${file}: not an execution trace (${b.inputs[i].error ?? b.inputs[i].format})`);
  return { b, t };
}

/** A timer: the fastest of `runs` calls of a function, in ms rounded to `digits` decimals. */
export function bestOf(runs: number, digits = 1): (f: () => void) => number {
  const k = 10 ** digits;
  return (f) => {
    let min = Infinity;
    for (let n = 0; n < runs; n++) {
      const a = performance.now();
      f();
      min = Math.min(min, performance.now() - a);
    }
    return Math.round(min * k) / k;
  };
}
