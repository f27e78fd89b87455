/**
 * The frames of a dump by their bytes, for the byte scanner (parse-dump.ts). A function name and a
 * path are byte keys (ByteKeys: exact, confirmed by comparing bytes) with their model string ids;
 * a frame record is (name key, path key, line, flags) with its model frame and the two records
 * that followed it last — stacks repeat, so the next frame line is usually one comparison away.
 */
import type { ModelBuilder } from '../../model/model';
import { ByteKeys } from '../../model/strings';
import { goVersionFromPath } from '../go-version';
import { decode } from './bytes';

export class FrameRecords {
  readonly names = new ByteKeys();
  readonly paths = new ByteKeys();
  /** byte key → model string id */
  nameStr = new Int32Array(256) as Int32Array<ArrayBuffer>;
  pathStr = new Int32Array(256) as Int32Array<ArrayBuffer>;
  /** path key → the Go release its GOROOT implies, or null */
  readonly pathVersion: (string | null)[] = [];

  /** record r: name[r], path[r] (keys), line[r], flags[r], model[r] (frame id); succ/succ2: the records after it last */
  name = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  path = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  line = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  flags = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  model = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  succ = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  succ2 = new Int32Array(1024) as Int32Array<ArrayBuffer>;
  private count = 0;
  private table = new Int32Array(1 << 11);
  /** name key → the last record with that name (a frame line's expected file line), -1 if none */
  byName = new Int32Array(256).fill(-1) as Int32Array<ArrayBuffer>;
  /** name key → the last created-by record with that name */
  cbByName = new Int32Array(256).fill(-1) as Int32Array<ArrayBuffer>;

  constructor(private readonly b: ModelBuilder) {}

  /** The key of the function name `buf[s..e)` (interned on first sight). */
  nameKey(buf: Uint8Array, view: DataView, s: number, e: number): number {
    let key = this.names.find(buf, view, s, e);
    if (key < 0) {
      key = this.names.add(buf, view, s, e);
      if (key >= this.nameStr.length) {
        this.nameStr = grow(this.nameStr, 0);
        this.byName = grow(this.byName, -1);
        this.cbByName = grow(this.cbByName, -1);
      }
      this.nameStr[key] = this.b.intern(decode(buf, s, e));
    }
    return key;
  }

  /** The key of the path `buf[s..e)` (interned, and its Go release read, on first sight). */
  pathKey(buf: Uint8Array, view: DataView, s: number, e: number): number {
    let key = this.paths.find(buf, view, s, e);
    if (key < 0) {
      key = this.paths.add(buf, view, s, e);
      if (key >= this.pathStr.length) this.pathStr = grow(this.pathStr, 0);
      const file = decode(buf, s, e);
      this.pathStr[key] = this.b.intern(file);
      this.pathVersion.push(goVersionFromPath(file));
    }
    return key;
  }

  /** The last record with name `key` and `flags`, or -1. */
  lastWith(key: number, flags: number): number {
    const r = this.byName[key];
    return r >= 0 && this.flags[r] === flags ? r : -1;
  }

  /** The record of (name key, path key, line, flags), made (with its model frame) on first use. */
  record(name: number, path: number, line: number, flags: number): number {
    const table = this.table;
    const mask = table.length - 1;
    let h = hash(name, path, line, flags) & mask;
    for (;;) {
      const v = table[h];
      if (v === 0) break;
      const r = v - 1;
      if (this.name[r] === name && this.path[r] === path && this.line[r] === line && this.flags[r] === flags) return r;
      h = (h + 1) & mask;
    }
    const r = this.count++;
    if (r === this.name.length) {
      this.name = grow(this.name, 0);
      this.path = grow(this.path, 0);
      this.line = grow(this.line, 0);
      this.flags = grow(this.flags, 0);
      this.model = grow(this.model, 0);
      this.succ = grow(this.succ, 0);
      this.succ2 = grow(this.succ2, 0);
    }
    this.name[r] = name;
    this.path[r] = path;
    this.line[r] = line;
    this.flags[r] = flags;
    this.model[r] = this.b.frameOfIds(this.nameStr[name], this.pathStr[path], line, flags);
    this.succ[r] = -1;
    this.succ2[r] = -1;
    table[h] = r + 1;
    if (this.count * 2 > table.length) this.rehash(table.length * 2);
    return r;
  }

  /** Record `r` followed record `prev` (in a stack, innermost first). */
  follows(prev: number, r: number): void {
    if (this.succ[prev] !== r) {
      this.succ2[prev] = this.succ[prev];
      this.succ[prev] = r;
    }
  }

  private rehash(size: number): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let r = 0; r < this.count; r++) {
      let h = hash(this.name[r], this.path[r], this.line[r], this.flags[r]) & mask;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = r + 1;
    }
    this.table = table;
  }
}

function hash(name: number, path: number, line: number, flags: number): number {
  const h = Math.imul(name + 1, 0x9e3779b1) ^ Math.imul(path + 1, 0x85ebca6b) ^ Math.imul(line, 0xc2b2ae35) ^ flags;
  return h ^ (h >>> 15);
}

export function grow(a: Int32Array<ArrayBuffer>, fill: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  if (fill !== 0) next.fill(fill, a.length);
  return next;
}
