/**
 * `parkscope` — the command-line face of the same parsers and analysis the web worker runs.
 *   parkscope summary FILE... [--json]
 * Exit: 0 all parsed, 1 some file could not be read as a supported input, 2 usage.
 */
import { summarize, type Summary } from '../analysis/summary';
import { loadFiles } from './load';
import { runCheck, runReport } from './report';
import { runFlame } from './flame';

const USAGE = `usage: parkscope summary FILE... [--json]
       parkscope report FILE... [--markdown | --json] [--level exact|no-lines|park-site]
       parkscope check FILE... [--max-suspects N] [--fail-on leaked] [--include-weak] [--json]
       parkscope flame FILE... [--orientation entry|park] [--weight goroutines|leaked|wait|value] [--snapshot N] [--no-fold] [--creators]

Reads goroutine dumps (debug=2, panics, SIGQUIT, runtime.Stack, go test timeouts),
debug=1 profiles, pprof protobuf profiles, schedtrace logs and Go execution traces.`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'report') return runReport(rest);
  if (cmd === 'check') return runCheck(rest);
  if (cmd === 'flame') return runFlame(rest);
  const json = rest.includes('--json');
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--json');
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (cmd !== 'summary' || files.length === 0 || unknown.length) {
    process.stderr.write((unknown.length ? `unknown option ${unknown[0]}\n` : '') + USAGE + '\n');
    return 2;
  }
  const view = await loadFiles(files);
  const summary = summarize(view);
  process.stdout.write(json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary));
  return summary.inputs.some((i) => i.error) ? 1 : 0;
}

export function formatSummary(s: Summary): string {
  const out: string[] = [];
  for (const inp of s.inputs) {
    out.push(`${inp.file}: ${inp.format ?? 'unknown format'}${inp.goVersion ? ` (${inp.goVersion})` : ''}`);
    if (inp.error) out.push(`  error: ${inp.error}`);
    for (const w of inp.warnings) out.push(`  warning: ${w}`);
    inp.snapshots.forEach((sn, i) => {
      out.push(`  snapshot ${i + 1}: ${sn.goroutines} goroutines` + (sn.leaked ? `, ${sn.leaked} leaked` : '') + (sn.lockedToThread ? `, ${sn.lockedToThread} locked to thread` : '') + (sn.maxWaitMinutes !== null ? `, longest wait ${sn.maxWaitMinutes} minutes` : ''));
      const states = Object.entries(sn.states);
      if (states.length) {
        out.push('    states:');
        for (const [k, v] of states) out.push(`      ${String(v).padStart(7)}  ${k}`);
      }
      if (sn.parkSites.length) {
        out.push('    park sites:');
        for (const p of sn.parkSites) out.push(`      ${String(p.count).padStart(7)}  ${p.function}`);
      }
    });
    if (inp.trace) {
      const t = inp.trace;
      out.push(`  trace ${t.version}: ${t.events} events, ${t.goroutines} goroutines (${t.created} created, ${t.destroyed} ended, ${t.aliveAtEnd} alive at end)`);
      const atEnd = Object.entries(t.atEnd);
      if (atEnd.length) {
        out.push('    alive at end (state|reason):');
        for (const [k, v] of atEnd) out.push(`      ${String(v).padStart(7)}  ${k}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`parkscope: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  },
);
