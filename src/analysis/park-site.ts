/**
 * Park site: where a goroutine waits (docs/cli-summary.md, "Park site").
 * The innermost frame whose function is not in the Go standard library; if every frame is in the
 * standard library, the innermost frame outside package runtime; if every frame is in package
 * runtime, the outermost frame other than runtime.goexit.
 */
import type { ModelView } from '../model/read';

/** Go's own top-level standard-library packages (first import-path element, no dot). */
const STD_ROOTS = new Set(
  (
    'archive arena bufio builtin bytes cmp compress container context crypto database debug embed encoding ' +
    'errors expvar flag fmt go hash html image index internal io iter log maps math mime net os path plugin ' +
    'reflect regexp runtime slices sort strconv strings structs sync syscall testing text time unicode unique ' +
    'unsafe vendor weak cmd'
  ).split(' '),
);

/** Import path of a function name as printed (`example.com/x.(*T).M` → `example.com/x`), %-decoded. */
export function packageOf(func: string): string {
  // runtime.gopanic is printed as plain `panic` in tracebacks
  if (func === 'panic') return 'runtime';
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  const pkg = dot < 0 ? func : func.slice(0, dot);
  return pkg.includes('%') ? safeDecode(pkg) : pkg;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function isStdPackage(pkg: string): boolean {
  if (pkg === 'main') return false;
  const first = pkg.split('/', 1)[0];
  if (first.includes('.')) return false;
  return STD_ROOTS.has(first);
}

export function isStdFunc(func: string): boolean {
  return isStdPackage(packageOf(func));
}

export function isRuntimeFunc(func: string): boolean {
  return packageOf(func) === 'runtime';
}

/**
 * Index into `funcs` (innermost first) of the park site, or -1 for an empty stack.
 * Works on any list of function names so profiles, dumps and traces share it.
 */
export function parkSiteIndex(funcs: readonly string[]): number {
  for (let i = 0; i < funcs.length; i++) if (!isStdFunc(funcs[i])) return i;
  for (let i = 0; i < funcs.length; i++) if (!isRuntimeFunc(funcs[i])) return i;
  for (let i = funcs.length - 1; i >= 0; i--) if (funcs[i] !== 'runtime.goexit') return i;
  return funcs.length > 0 ? funcs.length - 1 : -1;
}

/** Park-site frame id of a stack, or -1. Memoised per ModelView by the caller when hot. */
export function parkSiteFrame(view: ModelView, stack: number): number {
  if (stack < 0) return -1;
  const frames = view.stackFrames(stack);
  const i = parkSiteIndex(frames.map((f) => view.frameFunc(f)));
  return i < 0 ? -1 : frames[i];
}

/** Park-site frame for every stack id, computed once (stacks are a prefix tree, so this is cheap). */
export function parkSitesByStack(view: ModelView): Int32Array {
  const n = view.model.stacks.count;
  const out = new Int32Array(n).fill(-2);
  for (let s = 0; s < n; s++) if (out[s] === -2) out[s] = parkSiteFrame(view, s);
  return out;
}
