import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { startProcess, waitForHttp, type ManagedProcess } from './managed-process';
import { REPO_ROOT } from '../repo-root';

/**
 * A real Prometheus (github.com/prometheus/prometheus, built into .tools/bin by scripts/provision-tools.sh --helm),
 * on loopback with its remote-write receiver on and its data in a temporary folder. It scrapes nothing: tests
 * write the series themselves, as Tempo's metrics-generator would.
 */
const PROMETHEUS_BIN = join(REPO_ROOT, '.tools', 'bin', 'prometheus');

/** The release scripts/provision-tools.sh pins (the one place it is set): its module tag v0.3MM.P is Prometheus 3.MM.P. */
function pinnedRelease(): string {
  const match = /^PROMETHEUS_VERSION=v0\.(\d)(\d\d)\.(\d+)$/m.exec(readFileSync(join(REPO_ROOT, 'scripts', 'provision-tools.sh'), 'utf8'));
  if (!match) throw new Error('scripts/provision-tools.sh sets no PROMETHEUS_VERSION=v0.3MM.P');
  return `${match[1]}.${Number(match[2])}.${match[3]}`;
}

export interface RunningPrometheus {
  /** Base URL of its HTTP API, e.g. http://127.0.0.1:9090. */
  url: string;
  /** Where remote write goes. */
  remoteWriteUrl: string;
  process: ManagedProcess;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

export async function startPrometheus(): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} is missing: run 'scripts/provision-tools.sh --helm' (or 'make tools') first`);
  }
  const release = pinnedRelease();
  const version = execFileSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  if (!version.startsWith(`prometheus, version ${release} `)) {
    throw new Error(`${PROMETHEUS_BIN} says "${version}", not Prometheus ${release}: run 'make tools'`);
  }
  const data = mkdtempSync(join(tmpdir(), 'tracing-lab-prometheus-'));
  const config = join(data, 'prometheus.yml');
  writeFileSync(config, 'scrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess(
    'prometheus',
    PROMETHEUS_BIN,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(data, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-remote-write-receiver'],
    { cwd: data, env: process.env },
  );
  // Replaying an empty write-ahead log and opening the TSDB takes well under a second; the margin is for busy CPUs.
  await waitForHttp(child, `${url}/-/ready`, 30_000);
  return {
    url,
    remoteWriteUrl: `${url}/api/v1/write`,
    process: child,
    async stop() {
      await child.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
