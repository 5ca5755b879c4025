import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../test-support/repo-root';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  kernel: string;
  node: string;
  /** 1-minute load average when the run started and when it ended. */
  loadAverage: { start: number; end: number | null };
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e8) / 10,
    kernel: release(),
    node: process.version,
    loadAverage: { start: loadavg()[0] ?? 0, end: null },
  };
}

export function oneMinuteLoad(): number {
  return loadavg()[0] ?? 0;
}

const MEASURED_PACKAGES = [
  '@opentelemetry/sdk-node',
  '@opentelemetry/exporter-trace-otlp-grpc',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/auto-instrumentations-node',
  'express',
  'autocannon',
] as const;

/** The installed versions that the figures depend on (read from node_modules, where the services resolve them). */
export function packageVersions(): Record<string, string> {
  const folders = [join(REPO_ROOT, 'services', 'shared', 'node_modules'), join(REPO_ROOT, 'node_modules')];
  return Object.fromEntries(
    MEASURED_PACKAGES.map((name) => {
      for (const folder of folders) {
        try {
          return [name, (JSON.parse(readFileSync(join(folder, name, 'package.json'), 'utf8')) as { version: string }).version];
        } catch {
          // not in this folder
        }
      }
      return [name, 'not installed'];
    }),
  );
}

/** The commit measured, with "+changes" when the work tree differs from it. */
export function gitRevision(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}
