/**
 * Per-line log prefixes (journald, kubectl --timestamps, docs §6.1.3): learned from the text before
 * the first goroutine header. Digit runs become \d+, month names any month, other text literal.
 * `learnPrefix` gives the regular expression the line-by-line path uses; `bytePrefix` the same
 * pattern compiled for the byte scanner (it matches exactly what the regular expression matches,
 * or is null when the prefix has text it cannot compare byte for byte).
 */

const MONTH = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/;

function tokens(prefix: string): string[] {
  return prefix.match(/\d+|[A-Z][a-z]{2}(?= )|[^\dA-Z]+|[A-Z]/g) ?? [];
}

/** `null` if the header was at column 0. */
export function learnPrefix(prefix: string): RegExp | null {
  if (prefix.length === 0) return null;
  let re = '';
  for (const t of tokens(prefix)) {
    if (/^\d+$/.test(t)) re += '\\d+';
    else if (MONTH.test(t)) re += '[A-Z][a-z]{2}';
    else re += t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  // trailing whitespace of the prefix may be eaten where the line itself is empty
  re = re.replace(/(?:\\s|\s)+$/, '');
  return new RegExp('^' + re + '(?: |\\t)?');
}

/** A prefix pattern over bytes: DIGITS, MONTH, or literal bytes. */
export type BytePrefix = (number | Uint8Array)[];
const DIGITS = -1;
const MONTH_OP = -2;

/**
 * The pattern of `learnPrefix(prefix)` for bytes. Null when a literal holds bytes the line path
 * would treat differently (ESC and `#`, which the transport scrubs; non-ASCII text).
 */
export function bytePrefix(prefix: string): BytePrefix | null {
  if (prefix.length === 0) return null;
  const ops: BytePrefix = [];
  for (const t of tokens(prefix)) {
    if (/^\d+$/.test(t)) ops.push(DIGITS);
    else if (MONTH.test(t)) ops.push(MONTH_OP);
    else {
      const lit = new Uint8Array(t.length);
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c > 126 || c === 27 || c === 35 || c === 13 || c === 10) return null;
        lit[i] = c;
      }
      ops.push(lit);
    }
  }
  // as learnPrefix: trailing whitespace is not required
  for (;;) {
    const last = ops[ops.length - 1];
    if (!(last instanceof Uint8Array)) break;
    let n = last.length;
    while (n > 0 && isSpace(last[n - 1])) n--;
    if (n === last.length) break;
    if (n === 0) ops.pop();
    else ops[ops.length - 1] = last.subarray(0, n);
    if (n > 0) break;
  }
  return ops;
}

/** \s as a regular expression sees it, for ASCII. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Length in bytes of the prefix at `buf[p]` (with the one optional space or TAB after it), or -1.
 * The line ends with \n or \r before the end of `buf`, so no bounds checks are needed.
 */
export function matchPrefix(ops: BytePrefix, buf: Uint8Array, p: number): number {
  let i = p;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    if (op === DIGITS) {
      const s = i;
      while (buf[i] >= 48 && buf[i] <= 57) i++;
      if (i === s) return -1;
    } else if (op === MONTH_OP) {
      // [A-Z][a-z]{2}; each byte is read only if the one before was a letter (not the line end)
      if (!(buf[i] >= 65 && buf[i] <= 90) || !(buf[i + 1] >= 97 && buf[i + 1] <= 122) || !(buf[i + 2] >= 97 && buf[i + 2] <= 122)) return -1;
      i += 3;
    } else {
      const lit = op as Uint8Array;
      for (let j = 0; j < lit.length; j++, i++) if (buf[i] !== lit[j]) return -1;
    }
  }
  if (buf[i] === 32 || buf[i] === 9) i++;
  return i - p;
}
