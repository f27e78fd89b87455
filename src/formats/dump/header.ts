/**
 * The goroutine header line (docs/goroutine-dump-formats.md §1.3):
 *   goroutine 42 [chan receive, 2 minutes, locked to thread]:
 *   goroutine 1 gp=0x2123b5f501e0 m=6 mp=0x2123b6006808 [running]:         (1.22+, level ≥ 2)
 *   goroutine 6 [chan send (nil chan) (leaked)]:                           (1.26+)
 *   goroutine 30 [chan receive labels:{"req id": "a=1", "worker": "alpha"}]:   (1.26, GODEBUG)
 *   goroutine 42 [chan receive] {"req id": "a=1 \"q\"", worker: alpha}:     (1.27)
 */

export interface Header {
  goid: number;
  /** M number from `m=N`, -1 for `m=nil` or absent */
  m: number;
  /** wait reason or status, without flags */
  state: string;
  leaked: boolean;
  durable: boolean;
  scan: boolean;
  locked: boolean;
  waitMinutes: number;
  bubble: number;
  labels: [string, string][];
  /** parts of the bracket we do not know (kept, reported) */
  unknown: string[];
  /** what could not be read: the goroutine still counts, with its stack (reported with the line) */
  problems: string[];
}

/** The state of a header whose brackets cannot be found. */
export const UNREADABLE_STATE = '(unreadable header)';

/** Index of `goroutine N` header start in the line, or -1. Cheap pre-check before `parseHeader`. */
export function findHeader(line: string): number {
  let i = line.indexOf('goroutine ');
  while (i >= 0) {
    const c = line.charCodeAt(i + 10);
    if (c >= 48 && c <= 57) {
      let j = i + 11;
      while (j < line.length && isDigit(line.charCodeAt(j))) j++;
      if (line.charCodeAt(j) === 32) {
        const n = line.charCodeAt(j + 1);
        if (n === 91 /* [ */ || (n === 103 /* g */ && line.startsWith('gp=', j + 1))) return i;
      }
    }
    i = line.indexOf('goroutine ', i + 1);
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `[state, …]` repeats across a dump (`[chan receive]`), so parsed brackets are cached; goroutines
 * with 1.26 labels (inside the brackets) miss, and the cache stops growing at its cap.
 */
const bracketCache = new Map<string, Header>();
const BRACKET_CACHE_MAX = 4096;

/**
 * Parses a header that starts at offset 0 of `line`. Null if the line is not a header at all
 * (`goroutine N [` or `goroutine N gp=`); a header with parts that do not parse is still a header,
 * with those parts in `problems` (Go's own text is never half-printed, but logs cut and wrap it).
 */
export function parseHeader(line: string): Header | null {
  let j = 10;
  while (j < line.length && isDigit(line.charCodeAt(j))) j++;
  if (j === 10 || line.charCodeAt(j) !== 32 || !line.startsWith('goroutine ')) return null;
  const goid = Number(line.slice(10, j));
  let i = j + 1;
  let m = -1;
  if (line.startsWith('gp=', i)) {
    // the machine part (gp=… m=… mp=…, 1.22+) differs per goroutine
    const open = line.indexOf(' [', i);
    const mach = open < 0 ? line.slice(i) : line.slice(i, open);
    const mm = / m=(\d+)/.exec(mach);
    if (mm) m = Number(mm[1]);
    if (open < 0) return unreadable(goid, m, 'no [state] after the thread');
    i = open + 1;
  } else if (line.charCodeAt(i) !== 91 /* [ */) return null;
  let close = closingBracket(line, i + 1);
  let quotes = false;
  if (close < 0) {
    // a quote that does not pair up (a raw `"` inside a 1.26 label value): the last `]` then
    close = line.lastIndexOf(']');
    if (close <= i) return unreadable(goid, m, 'no closing ] after the state');
    quotes = true;
  }
  const t = bracket(line.slice(i, close + 1));
  let labels = t.labels;
  let problems = t.problems;
  if (quotes) problems = [...problems, 'quotes inside [ ] do not pair up'];
  if (!(line.length - close === 2 && line.charCodeAt(close + 1) === 58) /* just ":" */) {
    const rest = line.slice(close + 1);
    const after = labelsAfterBracket(rest);
    if (after) {
      if (after.length) labels = after;
    } else problems = [...problems, afterProblem(rest)];
  }
  return { ...t, goid, m, labels, problems };
}

/** The parsed `[…]` part of a header (cached; never modify the result). */
export function bracket(br: string): Header {
  let t = bracketCache.get(br);
  if (t === undefined) {
    t = parseBracket(br.slice(1, -1));
    if (bracketCache.size < BRACKET_CACHE_MAX) bracketCache.set(br.length < 13 ? br : (' ' + br).slice(1), t);
  }
  return t;
}

function unreadable(goid: number, m: number, why: string): Header {
  return { ...blank(), goid, m, state: UNREADABLE_STATE, problems: [why] };
}

function blank(): Header {
  return { goid: 0, m: -1, state: '', leaked: false, durable: false, scan: false, locked: false, waitMinutes: -1, bubble: -1, labels: [], unknown: [], problems: [] };
}

/** The text inside `[` `]`: status, flags, duration, locked, synctest, 1.26 labels. */
function parseBracket(text: string): Header {
  const h = blank();
  let inner = text;
  // 1.26: labels inside the brackets, after the other parts
  const l126 = inner.indexOf(' labels:{');
  if (l126 >= 0) {
    const parsed = parseLabelMap(inner, l126 + 8);
    if (parsed) {
      h.labels = parsed.pairs;
      inner = inner.slice(0, l126) + inner.slice(parsed.end);
    } else {
      h.problems.push(`labels not understood: ${clipText(inner.slice(l126 + 1))}`);
      inner = inner.slice(0, l126);
    }
  }
  const parts = inner.split(', ');
  let status = parts[0];
  // flags are appended in the order (leaked) (scan) (durable): strip from the end, in reverse
  if (status.endsWith(' (durable)')) {
    h.durable = true;
    status = status.slice(0, -10);
  }
  if (status.endsWith(' (scan)')) {
    h.scan = true;
    status = status.slice(0, -7);
  }
  if (status.endsWith(' (leaked)')) {
    h.leaked = true;
    status = status.slice(0, -9);
  }
  h.state = status;
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k];
    if (p === 'locked to thread') h.locked = true;
    else if (p.endsWith(' minutes') && /^\d+ minutes$/.test(p)) h.waitMinutes = Number(p.slice(0, -8));
    else if (p.startsWith('synctest ') && /^synctest (?:group|bubble) \d+$/.test(p)) h.bubble = Number(p.slice(p.lastIndexOf(' ') + 1));
    else h.unknown.push(p);
  }
  return h;
}

/** What follows `]`: ` {k: v, …}:` (1.27 labels) or just `:`; null if neither. */
export function labelsAfterBracket(rest: string): [string, string][] | null {
  rest = rest.trimEnd();
  let labels: [string, string][] = [];
  if (rest.startsWith(' {')) {
    const parsed = parseLabelMap(rest, 1);
    if (!parsed) return null;
    labels = parsed.pairs;
    rest = rest.slice(parsed.end);
  }
  return rest === ':' ? labels : null;
}

/** Why the text after `]` is not ` {labels}:` or `:`. */
function afterProblem(rest: string): string {
  const r = rest.trimEnd();
  if (r === '') return 'no : after ]';
  return r.startsWith(' {') ? `labels not understood: ${clipText(r.trim())}` : `unexpected text after ]: ${clipText(r.trim())}`;
}

function clipText(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/** First `]` at or after `from` that is not inside a double-quoted string. */
export function closingBracket(line: string, from: number): number {
  let inQ = false;
  for (let k = from; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (inQ) {
      if (c === 92) k++;
      else if (c === 34) inQ = false;
    } else if (c === 34) inQ = true;
    else if (c === 93) return k;
  }
  return -1;
}

/**
 * A label map `{k: v, "k 2": "v 2"}` starting at `s[at] === '{'`. Keys and values are bare
 * ([A-Za-z0-9._/]*) or runtime-quoted. Returns the pairs and the index after `}`.
 */
export function parseLabelMap(s: string, at: number): { pairs: [string, string][]; end: number } | null {
  if (s.charCodeAt(at) !== 123) return null;
  let i = at + 1;
  const pairs: [string, string][] = [];
  if (s.charCodeAt(i) === 125) return { pairs, end: i + 1 };
  for (;;) {
    const k = readToken(s, i, false);
    if (!k || s.charCodeAt(k.end) !== 58) return null;
    i = k.end + 1;
    if (s.charCodeAt(i) === 32) i++;
    const v = readToken(s, i, true);
    if (!v) return null;
    pairs.push([k.value, v.value]);
    i = v.end;
    if (s.charCodeAt(i) === 125) return { pairs, end: i + 1 };
    if (s.charCodeAt(i) !== 44) return null;
    i++;
    if (s.charCodeAt(i) === 32) i++;
  }
}

/** A bare or quoted key (ends at `:`) or value (ends at `,` or `}`). */
function readToken(s: string, i: number, value: boolean): { value: string; end: number } | null {
  if (s.charCodeAt(i) === 34) return readRuntimeQuoted(s, i);
  let j = i;
  if (value) {
    for (let c = s.charCodeAt(j); j < s.length && c !== 44 && c !== 125; c = s.charCodeAt(++j));
  } else {
    for (let c = s.charCodeAt(j); j < s.length && c !== 58; c = s.charCodeAt(++j));
  }
  if (j >= s.length) return null;
  return { value: s.slice(i, j), end: j };
}

/** The runtime's quoting (§1.3.4): \n \r \t \\ \" \xHH \uHHHH \UHHHHHHHH. s[i] is the opening quote. */
export function readRuntimeQuoted(s: string, i: number): { value: string; end: number } | null {
  // most quoted labels have no escapes: one slice
  const q = s.indexOf('"', i + 1);
  if (q > 0) {
    const b = s.indexOf('\\', i + 1);
    if (b < 0 || b > q) return { value: s.slice(i + 1, q), end: q + 1 };
  }
  let out = '';
  let bytes: number[] | null = null;
  const flushBytes = () => {
    if (bytes) {
      out += new TextDecoder().decode(new Uint8Array(bytes));
      bytes = null;
    }
  };
  for (let k = i + 1; k < s.length; k++) {
    const c = s[k];
    if (c === '"') {
      flushBytes();
      return { value: out, end: k + 1 };
    }
    if (c !== '\\') {
      flushBytes();
      out += c;
      continue;
    }
    const e = s[++k];
    if (e === 'x') {
      const h = parseInt(s.slice(k + 1, k + 3), 16);
      if (Number.isNaN(h)) return null;
      (bytes ??= []).push(h);
      k += 2;
      continue;
    }
    flushBytes();
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case "'": out += "'"; break;
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const cp = parseInt(s.slice(k + 1, k + 1 + n), 16);
        if (Number.isNaN(cp) || cp > 0x10ffff) return null;
        out += String.fromCodePoint(cp);
        k += n;
        break;
      }
      default:
        return null;
    }
  }
  return null;
}
