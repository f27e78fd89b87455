/**
 * Go names as a Go engineer reads them. A function shows the part that tells it apart — its last
 * path element and name, `schedule.(*fifo).run` — in full; the import path before it is dimmed
 * and, when long, elided in the middle; the full name is on hover. A file path may wrap after
 * `/` and `.`, never inside a name, and its `:line` stays with the file's last element.
 * Text is always rendered as text.
 */
import { Fragment } from 'react';

/** `k8s.io/kubernetes/vendor/github.com/x/schedule.(*fifo).run` → prefix `k8s.io/…/x/`, tail `schedule.(*fifo).run`. */
export function splitFunc(f: string): { prefix: string; tail: string } {
  // path separators only count before the first `(` or `[` (receivers, generic shapes hold slashes)
  let end = f.length;
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */) {
      end = i;
      break;
    }
  }
  const slash = f.lastIndexOf('/', end);
  return slash < 0 ? { prefix: '', tail: f } : { prefix: f.slice(0, slash + 1), tail: f.slice(slash + 1) };
}

/** A long import path elided in the middle: `k8s.io/kubernetes/vendor/github.com/x/` → `k8s.io/…/x/`. */
export function elidePath(prefix: string, max = 28): string {
  if (prefix.length <= max) return prefix;
  const parts = prefix.split('/').filter(Boolean);
  if (parts.length <= 2) return prefix;
  return `${parts[0]}/…/${parts[parts.length - 1]}/`;
}

export function FuncName({ name, line, note, full }: { name: string; line?: number; note?: string; full?: boolean }) {
  const { prefix, tail } = splitFunc(name);
  const shown = full ? prefix : elidePath(prefix);
  return (
    <span className="go-func" title={line ? `${name} line ${line}` : name}>
      {shown && <span className="go-pkg">{full ? breakable(shown) : shown}</span>}
      <span className="go-name">{tail}</span>
      {line ? <span className="go-line">:{line}</span> : null}
      {note ? <span className="go-note"> {note}</span> : null}
    </span>
  );
}

/** Text with a break opportunity after every `/` and `.` (and before `(`), none inside a word. */
function breakable(s: string): React.ReactNode {
  const out: React.ReactNode[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '/' || c === '.' || c === '\\') {
      out.push(<Fragment key={i}>{s.slice(start, i + 1)}<wbr /></Fragment>);
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** `file:line`, wrapping between path elements; the last element and the line never part. */
export function FileLine({ file, line }: { file: string; line: number }) {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1;
  return (
    <span className="go-file" title={`${file}${line > 0 ? `:${line}` : ''}`}>
      {breakable(file.slice(0, cut))}
      <span className="nowrap">
        {file.slice(cut)}
        {line > 0 ? `:${line}` : ''}
      </span>
    </span>
  );
}

/** A full function name that may wrap at `/` and `.` (detail panes). */
export function WrappingName({ name }: { name: string }) {
  return <span className="go-func-full">{breakable(name)}</span>;
}
