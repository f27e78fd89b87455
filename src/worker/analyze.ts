/** What the worker computes for the UI beyond the summary (leak analysis lands in src/analysis). */
import type { ModelView } from '../model/read';

export function analyzeForUi(_view: ModelView): unknown {
  return null;
}
