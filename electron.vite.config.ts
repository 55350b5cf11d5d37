import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Three builds: the Electron main process (a thin shell over src-main), the sandboxed preload (CommonJS,
// as sandboxed preloads must be), and the React renderer, which `praxis serve` also serves to browsers.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The training worker is its own entry: TrainingJob starts it from the folder the main bundle runs in.
      rolldownOptions: { input: { index: resolve('src-main/app/main.ts'), 'training-worker': resolve('src-main/model/trainer/training-worker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
