/** Parses files into one model with the same code the worker runs. */
import { ModelBuilder } from '../model/model';
import { ModelView } from '../model/read';
import { parseInput } from '../formats/index';
import { fileSource } from './read-file';
import { expandArchive } from '../formats/archive';

export async function loadFiles(paths: string[]): Promise<ModelView> {
  const b = new ModelBuilder();
  for (const p of paths) {
    let src;
    try {
      src = await fileSource(p);
    } catch (e) {
      const i = b.addInput(p.split('/').pop() ?? p, 0);
      b.inputs[i].error = `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      continue;
    }
    const expanded = await expandArchive(src);
    if (!Array.isArray(expanded)) {
      const i = b.addInput(src.name, src.size);
      b.inputs[i].error = expanded.error;
      continue;
    }
    for (const s of expanded) await parseInput(b, s);
  }
  return new ModelView(b.freeze());
}
