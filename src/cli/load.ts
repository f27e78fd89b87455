/** Parses files into one model with the same code the worker runs. */
import { ModelBuilder } from '../model/model';
import { ModelView } from '../model/read';
import { parseInput } from '../formats/index';
import { fileSource } from './read-file';

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
    await parseInput(b, src);
  }
  return new ModelView(b.freeze());
}
