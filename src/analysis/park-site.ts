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

/**
 * Park-site frame for every stack id in one pass. Stacks are a prefix tree whose parents come
 * before their children, so each stack extends its caller's answer: the innermost non-std frame is
 * its own leaf if that is not std, else its caller's; likewise the innermost non-runtime frame; the
 * outermost non-goexit frame is its caller's if any, else its own leaf. Each frame is classified once.
 */
export function parkSitesByStack(view: ModelView): Int32Array {
  const { count, frame, parent } = view.model.stacks;
  const funcs = view.model.frames.func;
  // per frame: 1 std, 2 runtime (implies std), 4 runtime.goexit; computed on first use
  const cls = new Int8Array(view.model.frames.count).fill(-1);
  const classify = (f: number): number => {
    let c = cls[f];
    if (c < 0) {
      const fn = view.str(funcs[f]);
      c = (isStdFunc(fn) ? 1 : 0) | (isRuntimeFunc(fn) ? 2 : 0) | (fn === 'runtime.goexit' ? 4 : 0);
      cls[f] = c;
    }
    return c;
  };
  const nonStd = new Int32Array(count);
  const nonRuntime = new Int32Array(count);
  const outer = new Int32Array(count);
  const out = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const f = frame[s];
    const p = parent[s];
    const c = classify(f);
    nonStd[s] = !(c & 1) ? f : p >= 0 ? nonStd[p] : -1;
    nonRuntime[s] = !(c & 2) ? f : p >= 0 ? nonRuntime[p] : -1;
    outer[s] = p >= 0 && outer[p] >= 0 ? outer[p] : c & 4 ? -1 : f;
    out[s] = nonStd[s] >= 0 ? nonStd[s] : nonRuntime[s] >= 0 ? nonRuntime[s] : outer[s] >= 0 ? outer[s] : f;
  }
  return out;
}
