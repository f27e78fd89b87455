/** What the worker computes for the UI beyond the summary: the leak analysis (src/analysis). */
import type { ModelView } from '../model/read';
import { analyze, type Analysis } from '../analysis/index';

export function analyzeForUi(view: ModelView): Analysis | null {
  if (view.model.inputs.length === 0) return null;
  return analyze(view);
}
