/**
 * Small helpers over stacks shared by the analysis files: function lists, frame kinds (user /
 * standard library / runtime), generic-name normalisation. Pure.
 */
import { isRuntimeFunc, isStdFunc } from './park-site';

/** Frame kinds, as stored in `frameKinds` arrays the UI reads: user frames are highlighted, runtime frames folded. */
export const FrameKind = { User: 0, Std: 1, Runtime: 2 } as const;

export function frameKindOf(func: string): number {
  if (!isStdFunc(func)) return FrameKind.User;
  return isRuntimeFunc(func) || func.startsWith('internal/runtime/') ? FrameKind.Runtime : FrameKind.Std;
}

/**
 * `main.genericSend[go.shape.int]` → `main.genericSend[...]`: text dumps print `[...]`, protobuf
 * profiles (1.21+) print the shape (fixtures README note 7).
 */
export function normalizeGeneric(func: string): string {
  if (func.indexOf('[') < 0) return func;
  let out = '';
  let depth = 0;
  for (let i = 0; i < func.length; i++) {
    const c = func[i];
    if (c === '[') {
      if (depth === 0) out += '[...]';
      depth++;
    } else if (c === ']') {
      if (depth > 0) depth--;
      else out += c;
    } else if (depth === 0) out += c;
  }
  return out;
}

/** Functions level-1 tracebacks hide (runtime.*) and Go-statement wrappers (1.22+ `.gowrapN`). */
export function hiddenInTraceback(func: string): boolean {
  return func.startsWith('runtime.') || /\.gowrap\d+$/.test(func);
}

