/** Goroutine ids seen in the current dump: an open-addressing set of numbers (ids are uint64 as doubles). */
export class IdSet {
  private table = new Float64Array(1024).fill(-1);
  private count = 0;

  /** Adds `id` (≥ 0); true if it was there already. */
  add(id: number): boolean {
    const t = this.table;
    const mask = t.length - 1;
    let h = (id <= 0x7fffffff ? Math.imul(id, 0x9e3779b1) : Math.imul(id % 4294967296 | 0, 0x9e3779b1) ^ Math.floor(id / 4294967296)) & mask;
    for (;;) {
      const v = t[h];
      if (v === id) return true;
      if (v === -1) break;
      h = (h + 1) & mask;
    }
    t[h] = id;
    if (++this.count * 2 > t.length) {
      const old = t;
      this.table = new Float64Array(old.length * 2).fill(-1);
      this.count = 0;
      for (const v of old) if (v !== -1) this.add(v);
    }
    return false;
  }

  clear(): void {
    if (this.count === 0) return;
    this.table = new Float64Array(1024).fill(-1);
    this.count = 0;
  }
}
