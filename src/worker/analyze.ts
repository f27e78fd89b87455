/** What the worker computes for the UI beyond the summary: the leak analysis (src/analysis). */
import type { ModelView } from '../model/read';
import { analyze, type Analysis, type AnalyzeOptions } from '../analysis/index';

export function analyzeForUi(view: ModelView, opts: AnalyzeOptions = {}): Analysis | null {
  if (view.model.inputs.length === 0) return null;
  if (opts.snapshot !== undefined && (opts.snapshot < 0 || opts.snapshot >= view.model.snapshots.length)) opts = { ...opts, snapshot: undefined };
  return analyze(view, opts);
}
