/** Serves the production build (dist/) with `vite preview` on a free port for the browser benchmarks. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export async function startPreview(port = 4190): Promise<{ url: string; stop: () => void }> {
  const p = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const url = `http://127.0.0.1:${port}/`;
  let out = '';
  p.stdout!.on('data', (d) => (out += d));
  for (let i = 0; i < 100 && !out.includes(String(port)); i++) await Promise.race([once(p.stdout!, 'data'), new Promise((r) => setTimeout(r, 100))]);
  return { url, stop: () => process.kill(-p.pid!, 'SIGTERM') };
}
