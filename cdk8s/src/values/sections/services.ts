import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { z } from 'zod';
import { HEAP_BUDGET } from '../heap-budget';
import { LABEL_KEY, quantity, resourceList } from '../fields';
import { memoryLimit } from '../memory-quantity';

/** A service's resources: its memory limit also sets its V8 heap budget, so it must be a form the chart parses. */
const serviceResources = z.strictObject({
  requests: resourceList.optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: memoryLimit(HEAP_BUDGET.MIN_LIMIT_MIB).optional() }).optional(),
});

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const extraEnvVar = z.strictObject({
  name: z.string().regex(ENV_NAME, 'an environment variable name'),
  value: z.string().optional(),
  valueFrom: z.looseObject({}).optional(),
});

const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;

/** The image repository `make build` tags a service's image with (scripts/build-images.sh): `<service>-with-otel`. */
const imageRepository = (service: string): string => `${service}-with-otel`;

/** The keys of one service: `logService:` and `echoService:` share all but log-service's timeout. */
function serviceValues(defaults: { repository: string; component: string; memoryLimit: string }) {
  return {
    enabled: z.boolean().default(true).describe(`Deploy ${defaults.component} (Deployment and Service).`),
    image: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[a-z0-9]+([._/:-][a-z0-9]+)*$/, 'an image repository such as registry.example.com/name')
          .default(defaults.repository)
          .describe('Image repository (k3d: the name given to `k3d image import`).'),
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag')
          .default('latest')
          .describe('Image tag. With `--set`, an all-digit tag needs `--set-string`.'),
        pullPolicy: z
          .enum(PULL_POLICIES)
          .default('IfNotPresent')
          .describe('Image pull policy. IfNotPresent keeps images loaded with `k3d image import` usable.'),
      })
      .prefault({})
      .describe('Container image.'),
    replicaCount: z.number().int().min(0).max(20).default(1).describe('Number of pods.'),
    resources: serviceResources
      .default({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: defaults.memoryLimit } })
      .describe(
        `Container resources (laptop-sized defaults). \`limits.memory\` (at least ${HEAP_BUDGET.MIN_LIMIT_MIB}Mi) also sets the V8 heap budget: ` +
          '`NODE_OPTIONS=--max-old-space-size=… --max-semi-space-size=…` sized so that even a full heap fits the limit; without a memory limit, Node sizes its heap itself; a `NODE_OPTIONS` in `extraEnv` replaces it.',
      ),
    extraEnv: z.array(extraEnvVar).default([]).describe('Extra environment variables (Kubernetes EnvVar objects), added last.'),
    podAnnotations: z.record(z.string().regex(LABEL_KEY, 'an annotation key'), z.string()).default({}).describe('Annotations for the pods.'),
  };
}

/** `logService:` log-service, which receives requests and calls echo-service. */
export const logServiceSection = z
  .strictObject({
    // 512Mi: room for 64 MiB semi-spaces (../heap-budget.ts), which log-service's garbage rate needs to stay cheap.
    ...serviceValues({ repository: imageRepository(LOG_SERVICE), component: LOG_SERVICE, memoryLimit: '512Mi' }),
    echoTimeoutMs: z
      .number()
      .int()
      .min(1)
      .max(600_000)
      .default(2000)
      .describe('Timeout of the call to echo-service in milliseconds (`ECHO_TIMEOUT_MS`).'),
  })
  .prefault({})
  .describe('log-service: receives requests and calls echo-service.');

/** `echoService:` echo-service, which answers log-service. */
export const echoServiceSection = z
  // 288Mi: 16 MiB semi-spaces; echo-service makes far less garbage, and a larger young generation only adds RSS.
  .strictObject(serviceValues({ repository: imageRepository(ECHO_SERVICE), component: ECHO_SERVICE, memoryLimit: '288Mi' }))
  .prefault({})
  .describe('echo-service: answers log-service.');
