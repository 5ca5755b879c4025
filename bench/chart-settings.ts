import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { memoryQuantityBytes } from '../cdk8s/src/values/memory-quantity';
import { REPO_ROOT } from '../test-support/repo-root';
import type { ServiceName } from '../test-support/service-process';

export const HELM = join(REPO_ROOT, '.tools', 'bin', 'helm');
const CHART = join(REPO_ROOT, 'charts', 'lab');

/** What the chart gives a service's container, as its default values render it. */
export interface ChartServiceSettings {
  /** The NODE_OPTIONS variable of the container (the heap budget), or null when the chart sets none. */
  nodeOptions: string | null;
  /** resources.limits.memory in bytes. */
  memoryLimitBytes: number;
}

interface RenderedDeployment {
  metadata: { name: string };
  spec: { template: { spec: { containers: { env?: { name: string; value?: string }[]; resources?: { limits?: { memory?: string | number } } }[] } } };
}

/**
 * The services' NODE_OPTIONS and memory limits as the real helm renders charts/lab with its default values, so the
 * benchmark runs configuration B exactly as the chart deploys it and follows any change to the chart.
 *
 * Helm refuses to render a chart whose dependencies (Tempo, Grafana) are missing from charts/, and they cannot be
 * downloaded here; so the chart is copied and any missing dependency gets a stand-in (name and version only, no
 * templates). Only the two Deployments are rendered; the dependencies take no part in them.
 */
export function chartServiceSettings(): Record<ServiceName, ChartServiceSettings> {
  if (!existsSync(HELM)) throw new Error(`helm not found at ${HELM}: run 'make tools' (scripts/provision-tools.sh --helm)`);
  const chart = mkdtempSync(join(tmpdir(), 'tracing-lab-bench-chart-'));
  try {
    cpSync(CHART, chart, { recursive: true });
    const { dependencies = [] } = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as { dependencies?: { name: string; version: string }[] };
    for (const { name, version } of dependencies) {
      const folder = join(chart, 'charts', name);
      if (existsSync(folder) || existsSync(join(chart, 'charts', `${name}-${version}.tgz`))) continue;
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: stand-in (make bench renders only the lab's Deployments)\n`);
    }
    const rendered = execFileSync(
      HELM,
      ['template', 'bench', chart, '--show-only', 'templates/deployment-log-service.yaml', '--show-only', 'templates/deployment-echo-service.yaml'],
      { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: join(tmpdir(), 'tracing-lab-helm-cache') } },
    );
    const deployments = parseAllDocuments(rendered).map((document) => document.toJS() as RenderedDeployment);
    const settingsOf = (service: ServiceName): ChartServiceSettings => {
      const container = deployments.find((d) => d.metadata.name === service)?.spec.template.spec.containers[0];
      if (!container) throw new Error(`helm template rendered no Deployment ${service}`);
      const memory = container.resources?.limits?.memory;
      if (memory === undefined) throw new Error(`the chart gives ${service} no memory limit`);
      return {
        nodeOptions: container.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? null,
        memoryLimitBytes: memoryQuantityBytes(memory),
      };
    };
    return { 'log-service': settingsOf('log-service'), 'echo-service': settingsOf('echo-service') };
  } finally {
    rmSync(chart, { recursive: true, force: true });
  }
}
