/**
 * From a frame to the code. Links are built here and only ever followed by a user's click —
 * nothing is fetched.
 * - standard-library frames → the Go source on GitHub at the dump's Go version when known
 *   (`go1.N.P` tag; `release-branch.go1.N` when only the minor version is known, since 1.21
 *   releases are tagged `go1.21.0`…; `master` when unknown);
 * - module frames (paths with a dot) → pkg.go.dev, at the module version when the file path
 *   holds `…/pkg/mod/<module>@<version>/…`;
 * - any frame → a user-set editor link template with path mapping, e.g.
 *   `vscode://file/{path}:{line}` with `/build/src/` → `/home/me/src/`.
 * Pure; persistence of the editor settings is the UI's.
 */
import { isStdPackage, packageOf } from './park-site';

export interface PathMapping {
  /** prefix as printed in the dump (the build machine's path) */
  from: string;
  /** local prefix it maps to */
  to: string;
}

export interface EditorSettings {
  /** `{path}` (URL-encoded per segment), `{rawpath}`, `{line}`, `{func}` */
  template: string;
  mappings: PathMapping[];
}

export interface FrameLinks {
  /** GitHub (std) or pkg.go.dev (modules); null for package main and unknown frames */
  source: string | null;
  /** the editor link, when a template is set and the frame has a file */
  editor: string | null;
  /** the file path after mapping */
  localPath: string | null;
}

const SAFE_SCHEMES = /^(?:https?|vscode|vscode-insiders|idea|jetbrains|goland|subl|txmt|mvim|emacs|file|zed|cursor|windsurf|vscodium):/i;

/** Go source tag/branch for a version string (`go1.27`, `go1.27.3`, `1.19`). */
export function goSourceRef(goVersion: string | null | undefined): string {
  const m = goVersion ? /(?:go)?1\.(\d+)(?:\.(\d+))?/.exec(goVersion) : null;
  if (!m) return 'master';
  const minor = Number(m[1]);
  if (m[2] !== undefined) return `go1.${minor}.${m[2]}`;
  return minor >= 21 ? `release-branch.go1.${minor}` : `go1.${minor}`;
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** Path of a standard-library file below GOROOT/src (`/usr/lib/go-1.27/src/runtime/chan.go` → `runtime/chan.go`). */
export function stdRelativePath(file: string): string | null {
  const f = file.replace(/\\/g, '/');
  const i = f.lastIndexOf('/src/');
  if (i < 0) return null;
  const rel = f.slice(i + 5);
  if (!rel || rel.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  return rel;
}

/** Symbol anchor for pkg.go.dev: `pkg.(*T).M` → `T.M`, `pkg.F` → `F`, closures and generics → null. */
export function symbolAnchor(func: string): string | null {
  const start = func.lastIndexOf('/') + 1;
  const dot = func.indexOf('.', start);
  if (dot < 0) return null;
  let sym = func.slice(dot + 1);
  sym = sym.replace(/^\(\*?([^)]+)\)/, '$1');
  sym = sym.replace(/\[[^\]]*\]/g, '');
  if (!/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(sym)) return null;
  if (/\.func\d+$|^func\d+$/.test(sym)) return null;
  const first = sym[0];
  if (first !== first.toUpperCase() || first === '_') return null; // unexported: no anchor
  return sym;
}

/** Module path and version from a module-cache file path (`…/pkg/mod/github.com/x/y@v1.2.3/z.go`). */
export function moduleOfFile(file: string): { module: string; version: string } | null {
  const f = file.replace(/\\/g, '/');
  const m = /\/pkg\/mod\/(.+?)@(v[^/]+)\//.exec(f);
  if (!m) return null;
  // the module cache escapes upper case as !x
  const unescape = (s: string) => s.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
  return { module: unescape(m[1]), version: unescape(m[2]) };
}

export function sourceLink(func: string, file: string, line: number, goVersion: string | null): string | null {
  const pkg = packageOf(func);
  if (!pkg || pkg === 'main') return null;
  if (isStdPackage(pkg)) {
    const rel = stdRelativePath(file);
    if (!rel) return `https://pkg.go.dev/${encodePath(pkg)}`;
    return `https://github.com/golang/go/blob/${goSourceRef(goVersion)}/src/${encodePath(rel)}${line > 0 ? `#L${line}` : ''}`;
  }
  if (!pkg.split('/', 1)[0].includes('.')) return null;
  const mod = moduleOfFile(file);
  const anchor = symbolAnchor(func);
  const at = mod && pkg.startsWith(mod.module) ? `@${encodeURIComponent(mod.version)}` : '';
  if (mod && pkg.startsWith(mod.module)) {
    // pkg.go.dev/<module>@<version>/<subpath>
    const sub = pkg.slice(mod.module.length);
    return `https://pkg.go.dev/${encodePath(mod.module)}${at}${encodePath(sub)}${anchor ? `#${anchor}` : ''}`;
  }
  return `https://pkg.go.dev/${encodePath(pkg)}${anchor ? `#${anchor}` : ''}`;
}

/** Applies the longest matching prefix mapping. */
export function mapPath(file: string, mappings: readonly PathMapping[]): string {
  let best: PathMapping | null = null;
  for (const mp of mappings) if (mp.from && file.startsWith(mp.from) && (!best || mp.from.length > best.from.length)) best = mp;
  return best ? best.to + file.slice(best.from.length) : file;
}

/** The editor link for a frame, or null when no template is set, the frame has no file, or the result's scheme is not an editor/web scheme. */
export function editorLink(settings: EditorSettings | null | undefined, file: string, line: number, func = ''): string | null {
  if (!settings || !settings.template || !file) return null;
  const local = mapPath(file, settings.mappings);
  // `vscode://file/{path}` with an absolute path: one slash, not two
  const tpl = local.startsWith('/') ? settings.template.replace(/\/\{(path|rawpath)\}/g, '{$1}') : settings.template;
  const url = tpl
    .replace(/\{path\}/g, encodePath(local))
    .replace(/\{rawpath\}/g, local)
    .replace(/\{line\}/g, String(Math.max(0, line)))
    .replace(/\{func\}/g, encodeURIComponent(func));
  return SAFE_SCHEMES.test(url) ? url : null;
}

export function frameLinks(func: string, file: string, line: number, goVersion: string | null, editor?: EditorSettings | null): FrameLinks {
  return {
    source: sourceLink(func, file, line, goVersion),
    editor: editorLink(editor, file, line, func),
    localPath: file ? mapPath(file, editor?.mappings ?? []) : null,
  };
}
