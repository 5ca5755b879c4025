import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Paths in the chart directory that belong to `helm dependency build`, not to the generator: the downloaded
 * dependency archives and the lock file. The writer neither writes nor removes them.
 */
export const HELM_DEPENDENCY_OUTPUTS = ['charts', 'Chart.lock'] as const;

function isHelmDependencyOutput(path: string): boolean {
  const first = path.split('/')[0];
  return (HELM_DEPENDENCY_OUTPUTS as readonly string[]).includes(first ?? '');
}

function listFiles(directory: string): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

export interface WriteResult {
  readonly written: string[];
  readonly removed: string[];
}

/**
 * Makes `directory` hold exactly `files` (plus helm's dependency outputs): writes changed files, removes stale
 * ones and empty folders left behind. Unchanged files are not touched.
 */
export function writeChart(directory: string, files: ReadonlyMap<string, string>): WriteResult {
  const written: string[] = [];
  const removed: string[] = [];
  for (const path of listFiles(directory)) {
    if (!files.has(path) && !isHelmDependencyOutput(path)) {
      rmSync(join(directory, path));
      removed.push(path);
    }
  }
  for (const [path, text] of files) {
    if (isHelmDependencyOutput(path)) throw new Error(`${path} is owned by helm dependency build, not the generator`);
    const target = join(directory, path);
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(path);
  }
  removeEmptyFolders(directory, directory);
  return { written, removed };
}

function removeEmptyFolders(root: string, directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(directory, entry.name);
    removeEmptyFolders(root, path);
    if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
  }
}
