import { z } from 'zod';

/** A NetworkPolicyPeer or NetworkPolicyEgressRule, passed through as written (the Kubernetes API validates it). */
const policyItem = z.looseObject({});

/** `networkPolicy:` who may talk to whom in the lab (constructs/network-policies.ts). */
export const networkPolicySection = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        "NetworkPolicies for the lab: echo-service accepts only log-service; Tempo's OTLP ports only the lab's services (and `otlpClients`), its HTTP API only Grafana, the trace check and the namespace; log-service the namespace; the lab's own pods reach only what they call, and DNS. Off by default: checked by rendering only, not yet run on a real cluster's network plugin (docs/chart.md).",
      ),
    allowNamespace: z
      .boolean()
      .default(true)
      .describe("Every pod of the release namespace may reach log-service's HTTP port and Tempo's HTTP API (a debug pod with curl). Off: only the trace check (and Grafana, for Tempo)."),
    otlpClients: z
      .array(policyItem)
      .default([])
      .describe("More NetworkPolicyPeers allowed to Tempo's OTLP ports (4317, 4318) besides log-service and echo-service: an OpenTelemetry Collector, e.g. `{podSelector: {matchLabels: {app.kubernetes.io/name: opentelemetry-collector}}}`."),
    extraEgress: z
      .array(policyItem)
      .default([])
      .describe(
        'More NetworkPolicyEgressRules for log-service, echo-service and the trace check: needed when `otel.endpoint`, `traceCheck.tempoUrl` or `serviceGraph.prometheus.url` point outside the release (the chart refuses to render such a combination without one).',
      ),
  })
  .prefault({})
  .describe('NetworkPolicies between the pods of the lab.');
