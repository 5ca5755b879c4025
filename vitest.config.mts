import { defineConfig } from 'vitest/config';

// One runner for every workspace. Suites that start real processes (services, helm, the Tempo stand-in)
// need generous timeouts; they run in separate forks so a crash in one cannot take another down.
export default defineConfig({
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '.tools/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
