/**
 * The timeline's resource-row questions (api.ts TimelineResourceLayout / TimelineResources /
 * TimelineResourceHit) answered from a frozen model: Session delegates to this, one instance per
 * generation, with its caches (each trace's goroutines by P, its tasks and regions by row).
 * Answers are typed arrays sized by the rows asked for × pixel columns.
 */
import type { ModelView } from '../model/read';
import type { TraceModel } from '../model/trace';
import { GO_HUES, nameHue, procColumns, procRuns, resourceAt, taskColumns, taskRows, threadColumns, type ProcRuns, type TaskRows } from '../analysis/timeline-resources';
import type { ResourceKind, TimelineResourceHit, TimelineResourceLayout, TimelineResourceRequest, TimelineResources } from './api';

interface Index {
  runs: ProcRuns;
  tasks: TaskRows;
  scratch: Float64Array;
}

export class ResourceQueries {
  private index = new Map<number, Index>();

  constructor(private view: ModelView) {}

  private trace(input: number): TraceModel {
    const inp = this.view.model.inputs[input];
    const t = inp && inp.trace >= 0 ? this.view.model.traces[inp.trace] : undefined;
    if (!t) throw new Error(`input ${input} has no execution trace`);
    return t;
  }

  private indexOf(input: number, t: TraceModel): Index {
    let x = this.index.get(input);
    if (!x) this.index.set(input, (x = { runs: procRuns(t), tasks: taskRows(t), scratch: new Float64Array(t.goroutines.count) }));
    return x;
  }

  layout(input: number): TimelineResourceLayout {
    const t = this.trace(input);
    const x = this.indexOf(input, t);
    return { input, procs: x.runs.procs.slice(), threads: t.threadSegments.ids.slice(), tasks: x.tasks.tasks.length, regionNames: x.tasks.names.length };
  }

  window(q: TimelineResourceRequest): TimelineResources {
    const began = performance.now();
    const t = this.trace(q.input);
    const x = this.indexOf(q.input, t);
    const width = Math.max(1, Math.min(8192, Math.floor(q.width)));
    const first = Math.max(0, Math.floor(q.first));
    const count = Math.max(0, Math.min(512, Math.floor(q.count)));
    const v = this.view;
    const out: TimelineResources = {
      kind: q.kind,
      first,
      count: 0,
      t0: q.t0,
      t1: q.t1,
      width,
      cls: new Uint8Array(0),
      who: new Int32Array(0),
      level: new Float32Array(0),
      goRows: new Int32Array(0),
      goGoid: new Float64Array(0),
      goFunc: [],
      goHue: new Uint8Array(0),
      labels: [],
      ms: 0,
    };
    if (q.kind === 'procs') {
      const c = procColumns(t, x.runs, first, count, q.t0, q.t1, width, x.scratch);
      // goroutine rows → a small dictionary the columns index into
      const at = new Map<number, number>();
      const rows: number[] = [];
      for (let i = 0; i < c.who.length; i++) {
        const r = c.who[i];
        if (r < 0) continue;
        let k = at.get(r);
        if (k === undefined) {
          at.set(r, (k = rows.length));
          rows.push(r);
        }
        c.who[i] = k;
      }
      const g = t.goroutines;
      out.cls = c.cls;
      out.who = c.who;
      out.goRows = Int32Array.from(rows);
      out.goGoid = Float64Array.from(rows, (r) => g.goid[r]);
      out.goFunc = rows.map((r) => v.str(g.startFunc[r]));
      out.goHue = Uint8Array.from(out.goFunc, (f) => nameHue(f, GO_HUES));
      out.count = c.cls.length / width;
      for (let k = 0; k < out.count; k++) out.labels.push(`P${x.runs.procs[first + k]}`);
    } else if (q.kind === 'threads') {
      out.cls = threadColumns(t, first, count, q.t0, q.t1, width);
      out.count = out.cls.length / width;
      for (let k = 0; k < out.count; k++) out.labels.push(`M ${t.threadSegments.ids[first + k]}`);
    } else {
      const c = taskColumns(t, x.tasks, first, count, q.t0, q.t1, width);
      out.cls = c.cls;
      out.level = c.level;
      out.count = c.cls.length / width;
      const tr = x.tasks;
      for (let k = 0; k < out.count; k++) {
        const row = first + k;
        if (row >= tr.names.length) {
          const i = tr.tasks[row - tr.names.length];
          out.labels.push(`${v.str(t.tasks.name[i]) || '(unnamed task)'} #${t.tasks.id[i]}`);
        } else out.labels.push(`region ${v.str(tr.names[row]) || '(unnamed)'} · ${tr.offset[row + 1] - tr.offset[row]}`);
      }
    }
    out.ms = performance.now() - began;
    return out;
  }

  at(input: number, kind: ResourceKind, row: number, time: number, slackNs: number): TimelineResourceHit | null {
    const t = this.trace(input);
    const x = this.indexOf(input, t);
    const h = resourceAt(t, kind, x.runs, x.tasks, row, time, slackNs);
    if (!h) return null;
    const v = this.view;
    const g = t.goroutines;
    const r = h.goroutine;
    let name = '';
    let taskId = -1;
    if (h.task >= 0) {
      name = v.str(t.tasks.name[h.task]);
      taskId = t.tasks.id[h.task];
    } else if (h.region >= 0) {
      name = v.str(t.regions.name[h.region]);
      taskId = t.regions.task[h.region];
    }
    return {
      kind,
      row,
      state: h.state,
      startNs: h.startNs,
      endNs: h.endNs,
      goroutine: r,
      goid: r >= 0 && r < g.count ? g.goid[r] : -1,
      func: r >= 0 && r < g.count ? v.str(g.startFunc[r]) : '',
      proc: h.proc,
      thread: h.thread,
      name,
      taskId,
      open: h.open,
    };
  }
}
