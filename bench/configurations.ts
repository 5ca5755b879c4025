import { SERVICE_START_ARGS, TELEMETRY_DEFAULTS } from '@tracing-lab/contract';
import { join } from 'node:path';
import { REPO_ROOT } from '../test-support/repo-root';

export type ConfigurationId = 'A' | 'B' | 'C' | 'U' | 'P';

/** One way of starting both services, measured side by side with the others. */
export interface Configuration {
  id: ConfigurationId;
  name: string;
  description: string;
  /** node arguments, run from the service's folder. */
  nodeArgs: readonly string[];
  /** Added to the environment of both services (after OTEL_* from the caller's shell is removed). */
  env: Record<string, string>;
  /** Does it export spans? */
  traced: boolean;
  /** Run with the NODE_OPTIONS the chart renders for each service (its heap budget), as the chart deploys it? */
  heapBudget: boolean;
  /** Run each service in a memory cgroup with the chart's limit, as a pod's container (memory-cgroup.ts)? */
  memoryCgroup: boolean;
  /** The batch processor's schedule delay: after this long without new spans, everything queued was exported. */
  flushDelayMs: number;
}

const TUTORIAL_PRELOAD = join(REPO_ROOT, 'bench', 'tutorial', 'instrumentation.cjs');

/** The SDK's own default (OTEL_BSP_SCHEDULE_DELAY), which the tutorial keeps. */
const SDK_DEFAULT_SCHEDULE_DELAY_MS = 5000;

export const CONFIGURATIONS: readonly Configuration[] = [
  {
    id: 'A',
    name: 'tracing off',
    description: 'the real start command with OTEL_SDK_DISABLED=true: the uninstrumented limit',
    nodeArgs: SERVICE_START_ARGS,
    env: { OTEL_SDK_DISABLED: 'true' },
    traced: false,
    heapBudget: true,
    memoryCgroup: false,
    flushDelayMs: 0,
  },
  {
    id: 'B',
    name: 'ours',
    description: "this project's preload (@tracing-lab/shared/instrumentation) with its defaults",
    nodeArgs: SERVICE_START_ARGS,
    env: {},
    traced: true,
    heapBudget: true,
    memoryCgroup: false,
    flushDelayMs: Number(TELEMETRY_DEFAULTS.OTEL_BSP_SCHEDULE_DELAY),
  },
  {
    id: 'C',
    name: 'tutorial',
    description:
      'bench/tutorial/instrumentation.cjs: NodeSDK + getNodeAutoInstrumentations() + OTLPTraceExporter, every default ' +
      '(metric and log exporters set to none, as the backend takes traces only)',
    nodeArgs: ['--require', TUTORIAL_PRELOAD, 'dist/server.js'],
    env: { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    traced: true,
    heapBudget: true,
    memoryCgroup: false,
    flushDelayMs: SDK_DEFAULT_SCHEDULE_DELAY_MS,
  },
  {
    id: 'U',
    name: 'ours, untuned heap',
    description: "B without the chart's NODE_OPTIONS (V8 sizes its heap from the machine, as before issue 9): what the heap budget is checked against",
    nodeArgs: SERVICE_START_ARGS,
    env: {},
    traced: true,
    heapBudget: false,
    memoryCgroup: false,
    flushDelayMs: Number(TELEMETRY_DEFAULTS.OTEL_BSP_SCHEDULE_DELAY),
  },
  {
    id: 'P',
    name: 'ours in a pod without the heap budget',
    description:
      "B without the chart's NODE_OPTIONS, each service in a memory cgroup with the chart's limit, from which Node sizes its heap (as in a pod): what the heap budget replaces. Measured where make bench may create cgroups (root on Linux)",
    nodeArgs: SERVICE_START_ARGS,
    env: {},
    traced: true,
    heapBudget: false,
    memoryCgroup: true,
    flushDelayMs: Number(TELEMETRY_DEFAULTS.OTEL_BSP_SCHEDULE_DELAY),
  },
];
