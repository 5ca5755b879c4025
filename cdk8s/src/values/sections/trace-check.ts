import { TRACE_CHECK_REQUESTS } from '@tracing-lab/contract';
import { z } from 'zod';
import { httpUrlOrEmpty, resourceList } from '../fields';

/** `traceCheck:` the trace check, as a Helm test Pod and as an Argo CD PostSync Job. */
export const traceCheckSection = z
  .strictObject({
    helmTest: z
      .strictObject({ enabled: z.boolean().default(true).describe('Add the `helm test` Pod that runs the trace check (`helm test <release> --logs` prints the waterfall).') })
      .prefault({})
      .describe('The trace check as a Helm test hook.'),
    postSync: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Add the trace check as a hook Job: Argo CD runs it after each full sync (PostSync; Argo CD never runs Helm test hooks), Helm after each install and upgrade (post-install, post-upgrade, once `--wait` has seen the workloads ready). It fails the sync or the upgrade when the nested trace does not appear; its log stays until the next run.',
          ),
      })
      .prefault({})
      .describe('The trace check after each sync (Argo CD) or install and upgrade (Helm).'),
    timeoutSeconds: z.number().int().min(5).max(600).default(60).describe('How long the check polls Tempo for the complete trace.'),
    request: z.enum(TRACE_CHECK_REQUESTS).default('info').describe('The request sent to log-service: `info` (GET /info) or `logs` (POST /logs).'),
    tempoUrl: httpUrlOrEmpty('Tempo HTTP API the check queries. Empty: `http://<tempo>.<namespace>.svc.cluster.local:3200`.'),
    resources: z
      .strictObject({ requests: resourceList.optional(), limits: resourceList.optional() })
      .default({ requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } })
      .describe('Resources of the check container.'),
  })
  .prefault({})
  .describe('The trace check (shipped in the log-service image): proves a request to log-service produces one trace with echo-service nested under it.');
