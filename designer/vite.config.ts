import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { antdCss, antdTableWithoutTree } from './antdCss';
import { classicStart } from './classicStart';

// The host serves the built app from engine-host/wwwroot; `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [react(), antdCss(), antdTableWithoutTree(), classicStart()],
  build: {
    outDir: '../engine-host/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    // vendor chunks that change less often than the app (cached across deployments; the host serves /assets as immutable);
    // the pages of each area are separate chunks through React.lazy in the routes
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/, priority: 20 },
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 15 },
          ],
        },
      },
    },
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
