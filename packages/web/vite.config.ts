/**
 * Vite config of the page. `base: './'` makes every asset URL relative, so `dist/` works from
 * any base path of any static host. The `@scavsim/source` condition lets the page import the
 * workspace packages' TypeScript sources directly, as the tests and the CLI do.
 */
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  resolve: { conditions: ['@scavsim/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  // docs/build.ts links the scenario pages here (WEB_PAGE_URL).
  server: { port: 5173, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
