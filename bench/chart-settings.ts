import { ECHO_SERVICE, LOG_SERVICE, type ServiceName } from '@tracing-lab/contract';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDependencies } from '../test-support/chart/chart-with-dependencies';
import { findObject, HELM_V4 } from '../test-support/chart/helm';
import { firstContainer } from '../test-support/chart/workloads';
import { memoryQuantityBytes } from '../cdk8s/src/values/memory-quantity';
import { REPO_ROOT } from '../test-support/repo-root';

const CHART = join(REPO_ROOT, 'charts', 'lab');

/** What the chart gives a service's container, as its default values render it. */
export interface ChartServiceSettings {
  /** The NODE_OPTIONS variable of the container (the heap budget), or null when the chart sets none. */
  nodeOptions: string | null;
  /** resources.limits.memory in bytes. */
  memoryLimitBytes: number;
}

/**
 * The services' NODE_OPTIONS and memory limits as the real helm renders charts/lab with its default values, so the
 * benchmark runs configuration B exactly as the chart deploys it and follows any change to the chart. The chart is
 * rendered with its real dependency charts, found as the chart tests find them (chart-with-dependencies.ts).
 */
export function chartServiceSettings(): Record<ServiceName, ChartServiceSettings> {
  const copy = mkdtempSync(join(tmpdir(), 'tracing-lab-bench-chart-'));
  try {
    const chart = join(copy, 'lab');
    cpSync(CHART, chart, { recursive: true });
    addDependencies(chart);
    const rendered = HELM_V4.template(chart);
    const settingsOf = (service: ServiceName): ChartServiceSettings => {
      const container = firstContainer(findObject(rendered, 'Deployment', service));
      const memory = container.resources?.limits?.memory;
      if (memory === undefined) throw new Error(`the chart gives ${service} no memory limit`);
      return {
        nodeOptions: container.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? null,
        memoryLimitBytes: memoryQuantityBytes(memory),
      };
    };
    return { [LOG_SERVICE]: settingsOf(LOG_SERVICE), [ECHO_SERVICE]: settingsOf(ECHO_SERVICE) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
