/**
 * How numbers are written, everywhere (report, exports, CLI, views): one duration formatter, one
 * byte formatter (SI units, as labelled: 1 MB = 10^6 bytes), counts with thousands separators,
 * plurals. Pure.
 */

function sig(x: number): string {
  // three significant digits at most, no trailing zeros: 1.5, 12.3, 123
  const a = Math.abs(x);
  const s = a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A duration in nanoseconds: "850 ns", "12.5 µs", "3.2 ms", "1.5 s", "1.5 min", "2.25 h". */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '?';
  const a = Math.abs(ns);
  if (a < 1e3) return `${Math.round(ns)} ns`;
  if (a < 1e6) return `${sig(ns / 1e3)} µs`;
  if (a < 1e9) return `${sig(ns / 1e6)} ms`;
  if (a < 60e9) return `${sig(ns / 1e9)} s`;
  if (a < 3600e9) return `${sig(ns / 60e9)} min`;
  return `${sig(ns / 3600e9)} h`;
}

/** Bytes in SI units, as labelled: "512 B", "4.7 kB", "47.3 MB", "1.07 GB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${sig(n / 1e3)} kB`;
  if (n < 1e9) return `${sig(n / 1e6)} MB`;
  return `${sig(n / 1e9)} GB`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "1 goroutine", "2 goroutines", "1,024 goroutines" (irregular plurals passed as `many`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
