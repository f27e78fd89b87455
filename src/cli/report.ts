/**
 * `parkscope report FILE... [--markdown|--json] [--level exact|no-lines|park-site]`
 *   prints the leak report of the files loaded together (a later dump is compared with an earlier
 *   one; a goroutineleak profile lends its proof to a full dump of the same process).
 *   Exit: 0, or 1 when a file could not be read as a supported input (the report of the others is
 *   still printed), 2 usage.
 *
 * `parkscope check FILE... [--max-suspects N] [--fail-on leaked] [--include-weak] [--json]`
 *   for CI: exit 1 when there are more than N suspects of a blocking leak pattern (N = 0 when
 *   neither option is given; --include-weak also counts IO wait, sleep, syscall … suspects), or,
 *   with --fail-on leaked, when the runtime proved any goroutine leaked. Exit 2 for usage errors
 *   and inputs that could not be read (nothing was checked), 0 when the check passes.
 */
import { analyze, reportSubjects } from '../analysis/index';
import { groupGoroutines } from '../analysis/group';
import { parkSitesByStack } from '../analysis/park-site';
import type { GroupLevel } from '../analysis/group';
import { reportToJson, reportToMarkdown, reportToText } from '../analysis/export';
import type { LeakReport } from '../analysis/report';
import { loadFiles } from './load';

export const REPORT_USAGE = `usage: parkscope report FILE... [--markdown | --json] [--level exact|no-lines|park-site]
       parkscope check FILE... [--max-suspects N] [--fail-on leaked] [--include-weak] [--json]`;

interface Parsed {
  files: string[];
  flags: Map<string, string | true>;
  error: string | null;
}

function parseArgs(argv: string[], valued: string[], bare: string[]): Parsed {
  const files: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return { files, flags, error: `${name} needs a value` };
      flags.set(name, v);
    } else if (bare.includes(name) && eq < 0) flags.set(name, true);
    else return { files, flags, error: `unknown option ${a}` };
  }
  if (!files.length) return { files, flags, error: 'no input files' };
  return { files, flags, error: null };
}

function usage(msg: string): number {
  process.stderr.write(`parkscope: ${msg}\n${REPORT_USAGE}\n`);
  return 2;
}

const LEVELS: GroupLevel[] = ['exact', 'no-lines', 'park-site'];

async function load(files: string[]) {
  const view = await loadFiles(files);
  const errors = view.model.inputs.filter((i) => i.error).map((i) => `${i.file}: ${i.error}`);
  return { view, errors };
}

/** One report per series loaded (a dump series, one trace): the report of each subject. */
function reports(view: Awaited<ReturnType<typeof loadFiles>>, level: GroupLevel): LeakReport[] {
  const parkByStack = parkSitesByStack(view);
  const groups = groupGoroutines(view, { level, parkByStack });
  const subjects = reportSubjects(view);
  return (subjects.length ? subjects : [-1]).map((snapshot) => analyze(view, { level, snapshot, parkByStack, groups }).report);
}

export async function runReport(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['--level'], ['--markdown', '--json']);
  if (p.error) return usage(p.error);
  if (p.flags.has('--markdown') && p.flags.has('--json')) return usage('--markdown and --json exclude each other');
  const level = (p.flags.get('--level') as GroupLevel | undefined) ?? 'exact';
  if (!LEVELS.includes(level)) return usage(`--level must be one of ${LEVELS.join(', ')}`);
  const { view, errors } = await load(p.files);
  for (const e of errors) process.stderr.write(`parkscope: ${e}\n`);
  const list = reports(view, level);
  if (p.flags.has('--json')) {
    const json = list.map((r) => reportToJson(r, view));
    // one subject: the report itself; several (dumps and a trace, say): all of them
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : { schema: 1, kind: 'parkscope-leak-reports', reports: json }, null, 2) + '\n');
  } else process.stdout.write(list.map((r) => (p.flags.has('--markdown') ? reportToMarkdown(r) : reportToText(r))).join('\n'));
  return errors.length ? 1 : 0;
}

export interface CheckResult {
  ok: boolean;
  counted: number;
  maxSuspects: number | null;
  leaked: number;
  failOnLeaked: boolean;
  reasons: string[];
}

/** The CI verdict for the reports of everything loaded (pure, exported for tests and the UI). */
export function checkReport(list: LeakReport | LeakReport[], opts: { maxSuspects: number | null; failOnLeaked: boolean; includeWeak: boolean }): CheckResult {
  const all = (Array.isArray(list) ? list : [list]).flatMap((r) => r.suspects);
  const counted = all.filter((s) => s.kind === 'leak' || (opts.includeWeak && s.kind === 'weak')).length;
  const leaked = all.reduce((a, s) => a + (s.source === 'dump' ? s.leaked : 0), 0);
  const reasons: string[] = [];
  if (opts.maxSuspects !== null && counted > opts.maxSuspects) reasons.push(`${counted} suspect${counted === 1 ? '' : 's'} (limit ${opts.maxSuspects})`);
  if (opts.failOnLeaked && leaked > 0) reasons.push(`${leaked} goroutine${leaked === 1 ? '' : 's'} proven leaked by the runtime`);
  return { ok: reasons.length === 0, counted, maxSuspects: opts.maxSuspects, leaked, failOnLeaked: opts.failOnLeaked, reasons };
}

export async function runCheck(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['--max-suspects', '--fail-on'], ['--include-weak', '--json']);
  if (p.error) return usage(p.error);
  let maxSuspects: number | null = null;
  if (p.flags.has('--max-suspects')) {
    const v = String(p.flags.get('--max-suspects'));
    if (!/^\d+$/.test(v)) return usage('--max-suspects needs a non-negative integer');
    maxSuspects = Number(v);
  }
  const failOn = p.flags.get('--fail-on');
  if (failOn !== undefined && failOn !== 'leaked') return usage('--fail-on accepts only "leaked"');
  const failOnLeaked = failOn === 'leaked';
  if (maxSuspects === null && !failOnLeaked) maxSuspects = 0;
  const { view, errors } = await load(p.files);
  if (errors.length) {
    for (const e of errors) process.stderr.write(`parkscope: ${e}\n`);
    process.stderr.write('parkscope: check not done: some inputs could not be read\n');
    return 2;
  }
  const list = reports(view, 'exact');
  const res = checkReport(list, { maxSuspects, failOnLeaked, includeWeak: p.flags.has('--include-weak') });
  if (p.flags.has('--json')) {
    process.stdout.write(JSON.stringify({ ...res, reports: list.map((r) => reportToJson(r, view, { maxIds: 50 })) }, null, 2) + '\n');
  } else {
    process.stdout.write(`${res.ok ? 'ok' : 'FAIL'}: ${res.counted} suspect${res.counted === 1 ? '' : 's'}, ${res.leaked} proven leaked${res.reasons.length ? ` — ${res.reasons.join('; ')}` : ''}\n`);
    if (!res.ok) for (const r of list) process.stdout.write(reportToText(r, { maxSuspects: 10, maxFrames: 6 }));
  }
  return res.ok ? 0 : 1;
}
