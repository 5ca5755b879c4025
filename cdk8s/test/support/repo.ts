import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const COMMITTED_CHART = resolve(REPO_ROOT, 'charts', 'lab');
