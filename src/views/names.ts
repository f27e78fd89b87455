/** How Go names are shortened where space is tight (the full name is always on hover). */

/** `github.com/x/y/pkg.(*T).M` → `pkg.(*T).M`: the import path before the last slash dropped. */
export function shortFunc(f: string): string {
  const paren = f.indexOf('(');
  const slash = f.lastIndexOf('/', paren >= 0 ? paren : f.length);
  return slash >= 0 ? f.slice(slash + 1) : f;
}
