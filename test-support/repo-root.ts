import { fileURLToPath } from 'node:url';

/** The repository's root folder (with a trailing slash), for every test, the benchmark and their helpers. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
