/**
 * The leak report as text (CLI), Markdown (for pasting into an issue) and JSON (for tools).
 * Shared by the CLI (`parkscope report`) and the UI's "export report". Pure.
 *
 * Every string that comes from an input file (function names, paths, states, labels) is put in a
 * Markdown code span or fenced block whose fence is longer than any backtick run inside it, so a
 * dump cannot inject Markdown or HTML into the exported report.
 */
import type { ModelView } from '../model/read';
import type { BackgroundEntry, LeakReport, Suspect } from './report';
import { formatDuration } from './units';
import { FrameKind } from './stack-info';

const KIND_NAMES = ['user', 'std', 'runtime'] as const;

export interface ExportOptions {
  /** frames of each suspect's stack to print (default 12; runtime frames are folded into a count) */
  maxFrames?: number;
  /** goroutine ids per suspect in JSON (default 1000) */
  maxIds?: number;
  /** suspects to include (default all) */
  maxSuspects?: number;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/** A Markdown code span that survives any content. */
export function mdCode(s: string): string {
  const t = oneLine(s);
  let longest = 0;
  for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function mdBlock(lines: string[]): string {
  const body = lines.join('\n');
  let longest = 2;
  for (const m of body.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${body}\n${fence}`;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** "53 goroutines", or for crash dumps "27 goroutine stacks, 6 of them per-thread g0" (as the overview says). */
export function stacksText(r: Pick<LeakReport, 'goroutines' | 'g0'>): string {
  return r.g0 > 0 ? `${plural(r.goroutines, 'goroutine stack')}, ${r.g0} of them per-thread g0` : plural(r.goroutines, 'goroutine');
}

function fileBase(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function waitText(s: Suspect): string | null {
  if (s.source === 'dump' && s.wait) return s.wait.minMinutes === s.wait.maxMinutes ? `${s.wait.maxMinutes} min` : `${s.wait.minMinutes}–${s.wait.maxMinutes} min`;
  if (s.source === 'trace') return `blocked ${formatDuration(s.blocked.minNs)}${s.blocked.minNs !== s.blocked.maxNs ? `–${formatDuration(s.blocked.maxNs)}` : ''} (${Math.round(s.blocked.fractionOfTrace * 100)}% of the trace)`;
  return null;
}

function growthText(s: Suspect): string | null {
  if (s.source !== 'dump' || !s.growth) return null;
  const g = s.growth;
  const sign = g.delta > 0 ? '+' : '';
  return `${g.counts.join(' → ')} (${sign}${g.delta}${g.perMinute !== null ? `, ${sign}${Math.round(g.perMinute * 10) / 10}/min` : ''})`;
}

/** Stack lines, innermost first; runs of runtime frames folded into one line. */
function stackLines(s: Suspect, maxFrames: number): string[] {
  const st = s.stack;
  if (!st) return ['(no stack)'];
  const out: string[] = [];
  let shown = 0;
  let folded = 0;
  for (let i = 0; i < st.funcs.length; i++) {
    if (st.kinds[i] === FrameKind.Runtime && i !== st.parkIndex) {
      folded++;
      continue;
    }
    if (folded) {
      out.push(`  … ${plural(folded, 'runtime frame')}`);
      folded = 0;
    }
    if (shown >= maxFrames) {
      out.push(`  … ${plural(st.funcs.length - i, 'more frame')}`);
      return out;
    }
    const mark = i === st.parkIndex ? '> ' : st.kinds[i] === FrameKind.User ? '* ' : '  ';
    out.push(`${mark}${oneLine(st.funcs[i])}`);
    out.push(`      ${oneLine(st.files[i])}${st.lines[i] > 0 ? `:${st.lines[i]}` : ''}`);
    shown++;
  }
  if (folded) out.push(`  … ${plural(folded, 'runtime frame')}`);
  return out;
}

function creatorText(s: Suspect, code: (x: string) => string): string | null {
  if (!s.creators.length) return null;
  return s.creators
    .slice(0, 3)
    .map((c) => {
      const ids = c.goids.length ? ` in goroutine${c.distinctGoids === 1 ? '' : 's'} ${c.goids.slice(0, 5).join(', ')}${c.distinctGoids > 5 ? ', …' : ''}` : '';
      return `${code(c.func)}${ids} (${c.count})`;
    })
    .join('; ');
}

function chainText(s: Suspect, code: (x: string) => string): string | null {
  const c = s.source === 'dump' ? s.creatorChains[0] : undefined;
  if (!c || c.funcs.length < 2) return null;
  return c.funcs
    .map((f, i) => `${code(f)}${c.goids[i] >= 0 ? ` (g${c.goids[i]})` : ''}`)
    .reverse()
    .join(' → ');
}

const leakedOf = (s: Suspect) => (s.source === 'dump' ? s.leaked : 0);

function headerLines(r: LeakReport): string[] {
  const leak = r.suspects.filter((s) => s.kind === 'leak').length;
  const bg = r.background.reduce((a, b) => a + b.count, 0);
  return [
    `${plural(r.suspects.length, 'suspect')} (${leak} of a blocking leak pattern), ${plural(bg, 'background goroutine')}, ${r.busy} running/runnable` +
      (r.subject !== 'none' ? `; ${stacksText(r)} in this ${r.subject === 'trace' ? 'trace' : 'snapshot'}` : '') +
      (r.series.length > 1 ? `; compared with ${plural(r.series.length - 1, 'earlier snapshot')}` : ''),
  ];
}

export function reportToText(r: LeakReport, opts: ExportOptions = {}): string {
  const maxFrames = opts.maxFrames ?? 12;
  const id = (x: string) => oneLine(x);
  const out: string[] = [];
  out.push(`Leak report: ${oneLine(r.file)}${r.snapshotLabel ? ` (${oneLine(r.snapshotLabel)})` : ''}${r.goVersion ? `, ${r.goVersion}` : ''}`);
  out.push(...headerLines(r));
  for (const n of r.notes) out.push(`note: ${n}`);
  const list = r.suspects.slice(0, opts.maxSuspects ?? r.suspects.length);
  list.forEach((s, i) => {
    out.push('');
    out.push(`#${i + 1}  ${s.title}  —  ${s.parkSite ? id(s.parkSite.func) : '(no park site)'}  ×${s.count}${leakedOf(s) ? `  [${leakedOf(s)} proven leaked]` : ''}`);
    if (s.parkSite) out.push(`    park site: ${id(s.parkSite.func)} at ${id(s.parkSite.file)}:${s.parkSite.line}`);
    out.push(`    state: ${id(s.state) || '(not in this input)'}${s.detail ? ` — ${id(s.detail)}` : ''}`);
    const gt = growthText(s);
    if (gt) out.push(`    growth: ${gt}`);
    const wt = waitText(s);
    if (wt) out.push(`    wait: ${wt}`);
    const ct = creatorText(s, id);
    if (ct) out.push(`    created by: ${ct}`);
    const ch = chainText(s, id);
    if (ch) out.push(`    creation chain: ${ch}`);
    if (s.labels.length) out.push(`    labels: ${s.labels.map((l) => `${id(l.key)}=${id(l.value)} (${l.count})`).join(', ')}`);
    if (s.source === 'dump' && s.holderNote) out.push(`    lock holder: ${id(s.holderNote)}${s.holders?.length ? ': ' + s.holders.slice(0, 5).map((h) => `goroutine ${h.goid} [${id(h.state)}] at ${id(h.func)}:${h.line}`).join('; ') : ''}`);
    out.push(`    evidence: ${s.evidence.map(id).join('; ')}`);
    out.push(`    fix: ${s.fix}`);
    for (const l of stackLines(s, maxFrames)) out.push(`      ${l}`);
  });
  if (r.background.length) {
    out.push('');
    out.push('Background (not blamed):');
    for (const b of r.background) out.push(`  ${String(b.count).padStart(6)}  ${id(b.what)}${b.parkSite ? ` — ${id(b.parkSite)}` : ''}${b.state ? ` [${id(b.state)}]` : ''}`);
  }
  return out.join('\n') + '\n';
}

export function reportToMarkdown(r: LeakReport, opts: ExportOptions = {}): string {
  const maxFrames = opts.maxFrames ?? 12;
  const c = mdCode;
  const out: string[] = [];
  out.push(`## Goroutine leak report: ${c(fileBase(r.file))}${r.goVersion ? ` (${c(r.goVersion)})` : ''}`);
  out.push('');
  out.push(...headerLines(r));
  for (const n of r.notes) out.push('', `> ${oneLine(n).replace(/[<>&]/g, (x) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[x]!)}`);
  const list = r.suspects.slice(0, opts.maxSuspects ?? r.suspects.length);
  list.forEach((s, i) => {
    out.push('');
    out.push(`### ${i + 1}. ${s.title}: ${s.parkSite ? c(s.parkSite.func) : '(no park site)'} ×${s.count}`);
    out.push('');
    if (s.source === 'dump' && s.leaked) out.push(`- **Proven leaked:** ${s.leaked}${s.leakedCarried ? ` (${s.leakedCarried} matched from a goroutineleak profile)` : ''}`);
    if (s.parkSite) out.push(`- **Park site:** ${c(s.parkSite.func)} at ${c(`${fileBase(s.parkSite.file)}:${s.parkSite.line}`)}`);
    out.push(`- **State:** ${s.state ? c(s.state) : '(not in this input)'}${s.detail ? ` — ${c(s.detail)}` : ''}`);
    const gt = growthText(s);
    if (gt) out.push(`- **Growth:** ${gt}`);
    const wt = waitText(s);
    if (wt) out.push(`- **Wait:** ${wt}`);
    const ct = creatorText(s, c);
    if (ct) out.push(`- **Created by:** ${ct}`);
    const ch = chainText(s, c);
    if (ch) out.push(`- **Creation chain:** ${ch}`);
    if (s.labels.length) out.push(`- **Labels:** ${s.labels.map((l) => `${c(`${l.key}=${l.value}`)} (${l.count})`).join(', ')}`);
    if (s.source === 'dump' && s.holderNote) out.push(`- **Lock holder:** ${c(s.holderNote)}`);
    out.push(`- **Evidence:** ${s.evidence.map((e) => c(e)).join(', ')}`);
    out.push(`- **Fix:** ${s.fix}`);
    out.push('');
    out.push('<details><summary>Stack (innermost first; &gt; park site, * your code)</summary>');
    out.push('');
    out.push(mdBlock(stackLines(s, maxFrames)));
    out.push('');
    out.push('</details>');
  });
  if (r.background.length) {
    out.push('');
    out.push('### Background goroutines (not blamed)');
    out.push('');
    for (const b of r.background) out.push(`- ${b.count} × ${c(b.what)}${b.parkSite ? ` at ${c(b.parkSite)}` : ''}${b.state ? ` ${c(b.state)}` : ''}`);
  }
  return out.join('\n') + '\n';
}

export interface ReportJson {
  schema: 1;
  kind: 'parkscope-leak-report';
  file: string;
  snapshot: string;
  goVersion: string | null;
  goroutines: number;
  g0: number;
  busy: number;
  transient: number;
  notes: string[];
  leakCarry: LeakReport['leakCarry'];
  suspects: Record<string, unknown>[];
  background: Record<string, unknown>[];
}

/** Plain JSON (no typed arrays). With a view, each suspect lists its goroutine ids. */
export function reportToJson(r: LeakReport, view?: ModelView, opts: ExportOptions = {}): ReportJson {
  const maxIds = opts.maxIds ?? 1000;
  const ids = (rows: Int32Array): number[] | undefined => {
    if (!view) return undefined;
    const out: number[] = [];
    for (let i = 0; i < rows.length && out.length < maxIds; i++) {
      const v = view.model.goroutines.goid[rows[i]];
      if (v >= 0) out.push(v);
    }
    return out;
  };
  const suspect = (s: Suspect, i: number) => ({
    rank: i + 1,
    source: s.source,
    pattern: s.pattern,
    title: s.title,
    kind: s.kind,
    confidence: s.confidence,
    detail: s.detail,
    state: s.state,
    parkSite: s.parkSite ? { function: s.parkSite.func, file: s.parkSite.file, line: s.parkSite.line } : null,
    count: s.count,
    leaked: s.source === 'dump' ? s.leaked : 0,
    leakedCarried: s.source === 'dump' ? s.leakedCarried : 0,
    growth: s.source === 'dump' ? s.growth : null,
    persisting: s.source === 'dump' ? s.persisting : 0,
    wait: s.source === 'dump' ? s.wait : null,
    blocked: s.source === 'trace' ? s.blocked : null,
    creators: s.creators,
    creatorChains: s.source === 'dump' ? s.creatorChains : [],
    labels: s.labels,
    holders: s.source === 'dump' ? (s.holders?.map((h) => ({ goid: h.goid, state: h.state, function: h.func, file: h.file, line: h.line })) ?? null) : null,
    holderNote: s.source === 'dump' ? s.holderNote : null,
    evidence: s.evidence,
    fix: s.fix,
    tier: s.tier,
    stack: s.stack ? s.stack.funcs.map((f, k) => ({ function: f, file: s.stack!.files[k], line: s.stack!.lines[k], kind: KIND_NAMES[s.stack!.kinds[k]] })) : [],
    goroutineIds: ids(s.rows),
  });
  const bg = (b: BackgroundEntry) => ({ source: b.source, what: b.what, state: b.state, parkSite: b.parkSite, count: b.count, goroutineIds: ids(b.rows) });
  return {
    schema: 1,
    kind: 'parkscope-leak-report',
    file: r.file,
    snapshot: r.snapshotLabel,
    goVersion: r.goVersion,
    goroutines: r.goroutines,
    g0: r.g0,
    busy: r.busy,
    transient: r.transient,
    notes: r.notes,
    leakCarry: r.leakCarry,
    suspects: r.suspects.slice(0, opts.maxSuspects ?? r.suspects.length).map(suspect),
    background: r.background.map(bg),
  };
}
