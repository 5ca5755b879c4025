import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';

/** charts/lab as committed (written by `make synth`). */
export const COMMITTED_CHART = join(REPO_ROOT, 'charts', 'lab');
