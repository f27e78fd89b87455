/**
 * Go version implied by a source path of a standard-library frame, for formats that do not state
 * it (debug=1 text, pprof). Recognises the usual toolchain locations:
 *   /usr/lib/go-1.27/src/…            (Debian/Ubuntu golang-1.NN-go)
 *   /home/u/sdk/go1.22.3/src/…        (golang.org/dl, `go install golang.org/dl/go1.22.3`)
 *   …/toolchain@v0.0.1-go1.23.4.linux-amd64/src/…   (GOTOOLCHAIN downloads)
 *   /usr/local/Cellar/go/1.21.5/libexec/src/…       (Homebrew)
 * A plain /usr/local/go/src/… says nothing, so the answer is then null.
 */
const PATTERNS: RegExp[] = [
  /(?:^|[/@-])go-?(1\.\d{1,2}(?:\.\d{1,2})?)(?:\.[a-z0-9]+-[a-z0-9]+)?\/src\//,
  /\/Cellar\/go(?:@1\.\d+)?\/(1\.\d{1,2}(?:\.\d{1,2})?)\/libexec\/src\//,
];

export function goVersionFromPath(path: string): string | null {
  if (!path.includes('/src/')) return null;
  for (const re of PATTERNS) {
    const m = re.exec(path);
    if (m) return `go${m[1]}`;
  }
  return null;
}

/** `go1.NN[.P]` as a whole string (build info, comments), else null. */
export function goVersionFromString(s: string): string | null {
  const m = /^go(1\.\d{1,2}(?:\.\d{1,2})?)(?:[ -]|$)/.exec(s);
  return m ? `go${m[1]}` : null;
}
