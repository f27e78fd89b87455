/**
 * Redaction before sharing: file paths, argument values (in the texts a snapshot carries: panic
 * values, parser warnings and errors) and label values can be kept, stripped or hashed. Hashes are
 * HMAC-SHA-256 under a key made for this one share and then forgotten, so equal values stay equal
 * (the groups and counts do not change) but nobody can tell what they were, nor link two shares.
 * Function names are never changed: they are what the report is about.
 */

export type PathRedaction = 'keep' | 'strip' | 'hash';
export type ValueRedaction = 'keep' | 'strip' | 'hash';

export interface RedactOptions {
  /** strip: keep the file's base name; hash: the directory becomes a hash, the base name stays */
  paths: PathRedaction;
  /** strip: argument values and hex numbers in texts (panic values, warnings) become `…` */
  args: 'keep' | 'strip';
  /** strip: every label value becomes `…`; hash: a short hash */
  labels: ValueRedaction;
}

export const NO_REDACTION: RedactOptions = { paths: 'keep', args: 'keep', labels: 'keep' };

/** What the share dialog starts with: argument values out, everything the report needs in. */
export const DEFAULT_REDACTION: RedactOptions = { paths: 'keep', args: 'strip', labels: 'keep' };

export function isRedactOptions(v: unknown): v is RedactOptions {
  const o = v as RedactOptions;
  return !!o && ['keep', 'strip', 'hash'].includes(o.paths) && ['keep', 'strip'].includes(o.args) && ['keep', 'strip', 'hash'].includes(o.labels);
}

/** One before → after example for the preview. */
export interface RedactionSample {
  kind: 'path' | 'label' | 'text';
  before: string;
  after: string;
}

export class Redactor {
  private hashes = new Map<string, string>();
  readonly samples: RedactionSample[] = [];
  private sampled = { path: 0, label: 0, text: 0 };
  /** distinct values changed, by kind */
  readonly changed = { path: new Set<string>(), label: new Set<string>(), text: 0, argWords: 0 };

  private constructor(readonly options: RedactOptions) {}

  /** A redactor that hashes the given values (those that will be hashed must be known up front: hashing is asynchronous). */
  static async create(options: RedactOptions, paths: Iterable<string>, labelValues: Iterable<string>): Promise<Redactor> {
    const r = new Redactor(options);
    const toHash = new Set<string>();
    if (options.paths === 'hash') for (const p of paths) if (p) toHash.add(dirOf(p));
    if (options.labels === 'hash') for (const v of labelValues) if (v) toHash.add(v);
    if (toHash.size) {
      const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const enc = new TextEncoder();
      const list = [...toHash];
      const sigs = await Promise.all(list.map((s) => crypto.subtle.sign('HMAC', key, enc.encode(s))));
      list.forEach((s, i) => r.hashes.set(s, hex(new Uint8Array(sigs[i]).subarray(0, 5))));
    }
    return r;
  }

  path(p: string): string {
    if (!p || this.options.paths === 'keep') return p;
    const base = p.slice(p.lastIndexOf('/') + 1);
    const dir = dirOf(p);
    const out = this.options.paths === 'strip' || !dir ? base : `#${this.hashes.get(dir) ?? '?'}/${base}`;
    if (out !== p) this.note('path', p, out);
    return out;
  }

  labelValue(v: string): string {
    if (!v || this.options.labels === 'keep') return v;
    const out = this.options.labels === 'strip' ? '…' : `#${this.hashes.get(v) ?? '?'}`;
    this.note('label', v, out);
    return out;
  }

  /**
   * An argument word of a frame (an address the wait-for analysis groups by): kept, or, when
   * argument values are stripped, a placeholder — numbered by first sight, so equal values stay
   * equal and every count stays the same.
   */
  argWord(v: number): number {
    if (this.options.args === 'keep') return v;
    let p = this.argPlaceholders.get(v);
    if (p === undefined) {
      p = 0x1000 + this.argPlaceholders.size * 0x10;
      this.argPlaceholders.set(v, p);
      this.changed.argWords++;
    }
    return p;
  }

  private argPlaceholders = new Map<number, number>();

  /** Free text a snapshot carries (panic values, warnings, errors). */
  text(t: string): string {
    if (!t || this.options.args === 'keep') return t;
    const out = stripArgs(t);
    if (out !== t) {
      this.changed.text++;
      if (this.sampled.text < 3) {
        this.sampled.text++;
        this.samples.push({ kind: 'text', before: t.slice(0, 160), after: out.slice(0, 160) });
      }
    }
    return out;
  }

  /** The same hashes, nothing noted yet (one redactor per attempt at a size). */
  fresh(): Redactor {
    const r = new Redactor(this.options);
    r.hashes = this.hashes;
    return r;
  }

  private note(kind: 'path' | 'label', before: string, after: string): void {
    const set = this.changed[kind];
    if (set.has(before)) return;
    set.add(before);
    if (this.sampled[kind] < 3) {
      this.sampled[kind]++;
      this.samples.push({ kind, before, after });
    }
  }

  /** What changed, in sentences (kept in the snapshot, shown to whoever opens it). */
  summary(): string[] {
    const o = this.options;
    const out: string[] = [];
    if (o.paths !== 'keep') out.push(`${this.changed.path.size} file paths ${o.paths === 'strip' ? 'cut to their file names' : 'with their directories hashed'}`);
    if (o.labels !== 'keep') out.push(`${this.changed.label.size} label values ${o.labels === 'strip' ? 'removed' : 'hashed'}`);
    if (o.args !== 'keep')
      out.push(
        `${this.changed.text ? `argument values removed from ${this.changed.text} texts (panic values, warnings)` : 'no argument values in its texts (panic values, warnings)'}; ${this.changed.argWords ? `the ${this.changed.argWords} addresses in frames' arguments (what goroutines wait on) replaced by placeholders, equal ones still equal` : 'no addresses in frames\' arguments'}`,
      );
    return out;
  }
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : '';
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** `f(0xc000012345, {0x1?, 0x2})` → `f(…)`; other hex numbers → `0x…`; `+0x1d` offsets too. */
export function stripArgs(t: string): string {
  return t.replace(/\((?:[^()]*\d[^()]*)\)/g, '(…)').replace(/0x[0-9a-fA-F]+/g, '0x…');
}
