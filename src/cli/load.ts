/** Parses files into one model through the worker's own load path (formats/load.ts). */
import { ModelBuilder } from '../model/model';
import { ModelView } from '../model/read';
import { loadSources, type LoadSource } from '../formats/load';
import { fileSource } from './read-file';

export async function loadFiles(paths: string[]): Promise<ModelView> {
  const sources: LoadSource[] = [];
  for (const p of paths) {
    try {
      sources.push({ ...(await fileSource(p)), order: p });
    } catch (e) {
      sources.push({ name: p.split('/').pop() ?? p, order: p, size: 0, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }
  const b = new ModelBuilder();
  await loadSources(b, sources);
  return new ModelView(b.freeze());
}
