import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
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

/**
 * The packages the figures depend on, each with the folder whose resolution the measured process uses: the services
 * resolve from their own workspace, configuration C's preload from bench/tutorial (its own npm project).
 */
const MEASURED_PACKAGES: readonly { label: string; name: string; from: string }[] = [
  ...['@opentelemetry/exporter-trace-otlp-grpc', '@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-express', 'express'].map(
    (name) => ({ label: name, name, from: join(REPO_ROOT, 'services', 'shared') }),
  ),
  ...['@opentelemetry/sdk-node', '@opentelemetry/exporter-trace-otlp-grpc', '@opentelemetry/auto-instrumentations-node'].map((name) => ({
    label: `${name} (C)`,
    name,
    from: join(REPO_ROOT, 'bench', 'tutorial'),
  })),
  { label: 'autocannon', name: 'autocannon', from: join(REPO_ROOT, 'bench') },
];

/** The installed versions that the figures depend on, resolved as the process that loads each one resolves it. */
export function packageVersions(): Record<string, string> {
  return Object.fromEntries(
    MEASURED_PACKAGES.map(({ label, name, from }) => {
      // Node's lookup: the nearest node_modules/<name> from `from` upwards (package exports may hide package.json).
      for (let folder = from; ; folder = dirname(folder)) {
        const manifest = join(folder, 'node_modules', name, 'package.json');
        if (existsSync(manifest)) return [label, (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version];
        if (dirname(folder) === folder) return [label, 'not installed'];
      }
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
