/**
 * `parkscope flame FILE... [--orientation entry|park] [--weight goroutines|leaked|wait|value|blocked|still-blocked]
 *                          [--snapshot N] [--no-fold] [--creators] [--kind waiting|sync|net|syscall|sched] [--from NS] [--to NS]`
 *   prints one snapshot's flame graph as folded stacks (`a;b;c N`, one line per path), the format
 *   flamegraph.pl, speedscope and Pyroscope read. Entry-rooted lines run from the start function to
 *   the park site and end with the wait reason in brackets; the counts add up to the goroutines.
 *   --snapshot N: the Nth snapshot of the files, counted across files in the order `summary` lists
 *   them (default: the latest goroutine dump or profile).
 *   --weight blocked (execution traces): time blocked by stack within [--from, --to) (ns from the
 *   trace start; default the whole trace); --kind picks the intervals as `go tool trace -pprof=KIND`
 *   does (sync, net, syscall, sched) or every Waiting interval, still open ones included ('waiting',
 *   the default). --weight still-blocked: a trace's goroutines blocked when it ended.
 *   Exit: 0, 1 when a file could not be read as a supported input (the others are still used), 2 usage.
 */
import { BLOCKED_KINDS, buildFlameTree, defaultFlameSnapshot, FLAME_WEIGHTS, toFolded, type BlockedKind, type FlameOrientation, type FlameWeight } from '../analysis/flame';
import { loadFiles } from './load';

export const FLAME_USAGE = `usage: parkscope flame FILE... [--orientation entry|park] [--weight goroutines|leaked|wait|value] [--snapshot N] [--no-fold] [--creators] [--kind waiting|sync|net|syscall|sched] [--from NS] [--to NS]`;

const ORIENTATIONS: FlameOrientation[] = ['entry', 'park'];

export interface FlameArgs {
  files: string[];
  orientation: FlameOrientation;
  weight: FlameWeight;
  /** 1-based, null = default */
  snapshot: number | null;
  foldRuntime: boolean;
  creators: boolean;
  kind: BlockedKind;
  from: number | null;
  to: number | null;
}

/** Parses the command line; a string is a usage error. */
export function parseFlameArgs(argv: string[]): FlameArgs | string {
  const out: FlameArgs = { files: [], orientation: 'entry', weight: 'goroutines', snapshot: null, foldRuntime: true, creators: false, kind: 'waiting', from: null, to: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.files.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--orientation': {
        const v = value();
        if (!ORIENTATIONS.includes(v as FlameOrientation)) return `--orientation must be one of ${ORIENTATIONS.join(', ')}`;
        out.orientation = v as FlameOrientation;
        break;
      }
      case '--weight': {
        const v = value();
        if (!FLAME_WEIGHTS.includes(v as FlameWeight)) return `--weight must be one of ${FLAME_WEIGHTS.join(', ')}`;
        out.weight = v as FlameWeight;
        break;
      }
      case '--snapshot': {
        const v = value();
        if (v === undefined || !/^[1-9]\d*$/.test(v)) return '--snapshot needs a positive integer';
        out.snapshot = Number(v);
        break;
      }
      case '--kind': {
        const v = value();
        if (!BLOCKED_KINDS.includes(v as BlockedKind)) return `--kind must be one of ${BLOCKED_KINDS.join(', ')}`;
        out.kind = v as BlockedKind;
        break;
      }
      case '--from':
      case '--to': {
        const v = value();
        if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return `${name} needs a time in ns from the trace start`;
        if (name === '--from') out.from = Number(v);
        else out.to = Number(v);
        break;
      }
      case '--no-fold':
      case '--creators':
        if (eq > 0) return `${name} takes no value`;
        if (name === '--no-fold') out.foldRuntime = false;
        else out.creators = true;
        break;
      default:
        return `unknown option ${a}`;
    }
  }
  if (!out.files.length) return 'no input files';
  return out;
}

function usage(msg: string): number {
  process.stderr.write(`parkscope: ${msg}\n${FLAME_USAGE}\n`);
  return 2;
}

export async function runFlame(argv: string[]): Promise<number> {
  const args = parseFlameArgs(argv);
  if (typeof args === 'string') return usage(args);
  const view = await loadFiles(args.files);
  const errors = view.model.inputs.filter((i) => i.error).map((i) => `${i.file}: ${i.error}`);
  for (const e of errors) process.stderr.write(`parkscope: ${e}\n`);
  // the snapshots as `summary` lists them: every input's, in load order, without trace ends;
  // the trace weights count a trace's goroutines: its trace-end snapshots, in load order
  const traceWeight = args.weight === 'blocked' || args.weight === 'still-blocked';
  const listed: number[] = [];
  view.model.snapshots.forEach((s, i) => {
    if ((s.kind === 'trace-end') === traceWeight) listed.push(i);
  });
  let snapshot: number;
  if (args.snapshot !== null) {
    if (args.snapshot > listed.length) return usage(`--snapshot ${args.snapshot}: the files hold ${listed.length} snapshot${listed.length === 1 ? '' : 's'}`);
    snapshot = listed[args.snapshot - 1];
  } else snapshot = traceWeight ? (listed.length ? listed[listed.length - 1] : -1) : defaultFlameSnapshot(view);
  if (snapshot < 0) {
    process.stderr.write(traceWeight ? `parkscope: --weight ${args.weight} needs an execution trace\n` : 'parkscope: no goroutine snapshot in the input\n');
    return 1;
  }
  const trace = { kind: args.kind, t0: args.from ?? undefined, t1: args.to ?? undefined };
  const lines = toFolded(buildFlameTree(view, { snapshot, weight: args.weight, orientation: args.orientation, foldRuntime: args.foldRuntime, creators: args.creators, trace }));
  process.stdout.write(lines.length ? lines.join('\n') + '\n' : '');
  return errors.length ? 1 : 0;
}
