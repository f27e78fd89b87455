/**
 * Undo what log transports did to a dump before the dump grammar sees it (§6.1):
 * JSON-per-line containers (`go test -json` Output, Docker json-file `log`), CRI log files
 * (`TIMESTAMP stderr P|F text`, partial lines joined), ANSI colours, rsyslog's `#011` for TAB.
 * Per-line log prefixes (journald, kubectl --timestamps) are learned by the dump parser from the
 * first goroutine header, see prefix.ts.
 *
 * The byte scanner of parse-dump.ts bypasses this for plain text: it takes a line in place only
 * when the line has no ESC and no `#` (so scrubbing would not change it), and hands every other
 * line here as a string.
 */

export type Emit = (line: string, lineNo: number) => void;

type Mode = 'detect' | 'plain' | 'json' | 'cri';

const CRI_RE = /^(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)) (stdout|stderr) ([PF]) ?(.*)$/;
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export class Transport {
  private mode: Mode = 'detect';
  private jsonCarry = '';
  private criCarry = new Map<string, string>();

  constructor(private readonly emit: Emit) {}

  /** plain text (no container): lines need only scrubbing */
  get plain(): boolean {
    return this.mode === 'plain';
  }

  push(raw: string, lineNo: number): void {
    let line = raw;
    if (this.mode === 'detect') {
      if (line.trim() === '') return this.out(line, lineNo);
      if (line.startsWith('{') && (jsonText(line) !== null || isJsonObject(line))) this.mode = 'json';
      else if (CRI_RE.test(line)) this.mode = 'cri';
      else this.mode = 'plain';
    }
    if (this.mode === 'json') {
      if (line.startsWith('{')) {
        const t = jsonText(line);
        if (t !== null) {
          this.jsonCarry += t;
          let nl: number;
          while ((nl = this.jsonCarry.indexOf('\n')) >= 0) {
            this.out(this.jsonCarry.slice(0, nl), lineNo);
            this.jsonCarry = this.jsonCarry.slice(nl + 1);
          }
          return;
        }
        // a JSON event without text (go test -json "run"/"pass" actions): nothing to show
        if (isJsonObject(line)) return;
      }
      return this.out(line, lineNo);
    }
    if (this.mode === 'cri') {
      const m = CRI_RE.exec(line);
      if (!m) return this.out(line, lineNo);
      const stream = m[2];
      const text = (this.criCarry.get(stream) ?? '') + m[4];
      if (m[3] === 'P') {
        this.criCarry.set(stream, text);
        return;
      }
      this.criCarry.delete(stream);
      line = text;
    }
    this.out(line, lineNo);
  }

  end(lineNo: number): void {
    if (this.jsonCarry) this.out(this.jsonCarry, lineNo);
    for (const t of this.criCarry.values()) this.out(t, lineNo);
    this.jsonCarry = '';
    this.criCarry.clear();
  }

  private out(line: string, lineNo: number): void {
    // per line: JSON containers escape ESC as \u001b, so decoded text is checked like any other
    if (line.indexOf('\x1b') >= 0) line = line.replace(ANSI_RE, '');
    if (line.indexOf('#011') >= 0) line = line.replaceAll('#011', '\t');
    this.emit(line, lineNo);
  }
}

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Text carried by a JSON log line: `Output` (go test -json), `log` (Docker), else null. */
function jsonText(line: string): string | null {
  if (!line.endsWith('}')) return null;
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (v && typeof v === 'object') {
      if (typeof v.Output === 'string') return v.Output;
      if (typeof v.log === 'string') return v.log;
    }
  } catch {
    return null;
  }
  return null;
}
