import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The host serves the built app from engine-host/wwwroot; `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../engine-host/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:5080',
      '/health': 'http://localhost:5080',
      '/hooks': 'http://localhost:5080',
      '/openapi': 'http://localhost:5080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    // the first test of a file loads antd; on a busy 2-core machine that alone can take seconds
    testTimeout: 30_000,
  },
});
