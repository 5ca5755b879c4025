import { SERVICE_PORT } from '@tracing-lab/contract';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HelmCondition } from '../templating/helm-condition';
import { helmBlock, helmSplice } from '../templating/markers';
import { prometheusServerPodLabels, tempoPodLabels } from '../templates/labels';
import { egressToPodsCall, grafanaPeers, namespacePeers } from '../templates/network-policy';
import { PROMETHEUS_SERVER_PORT, TEMPO_PORTS } from '../values/dependencies';
import { valueRefs, valuesPath } from '../values/value-refs';
import { labelComponent, selectorLabelsBlock } from './component-labels';
import { TRACE_CHECK_NAME } from './trace-check';

export interface NetworkPoliciesProps {
  /** The Deployment names (`app.kubernetes.io/name`) of log-service and echo-service. */
  readonly logService: string;
  readonly echoService: string;
}

type Json = Record<string, unknown>;

const tcp = (port: number): Json => ({ port, protocol: 'TCP' });
/** The pods of one of our components, in the release namespace. */
const componentPeer = (name: string): Json => ({ podSelector: { matchLabels: selectorLabelsBlock({ name }) } });
/** The items of a list a named template renders, in place of this list item. */
const spliceTemplate = (template: { name: string }): string => helmSplice(`(include "${template.name}" . | fromYamlArray)`);

/** DNS, wherever the cluster serves it (CoreDNS pods, a node-local cache on the host network): port 53, any address. */
const DNS_EGRESS: Json = { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };

/**
 * Who may talk to whom in the lab, with `networkPolicy.enabled` (values/sections/network-policy.ts):
 *
 *   to                       from
 *   echo-service :8080       log-service
 *   log-service  :8080       the namespace (networkPolicy.allowNamespace), else the trace check
 *   Tempo OTLP :4317 :4318   log-service, echo-service, networkPolicy.otlpClients
 *   Tempo HTTP API :3200     Grafana, the trace check, the namespace (networkPolicy.allowNamespace)
 *   the trace check          nothing
 *
 * and the lab's own pods (log-service, echo-service, the trace check) reach only what they call, DNS, and
 * networkPolicy.extraEgress. Grafana, Prometheus and Tempo's own egress are not restricted.
 */
export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const enabled = new HelmCondition(this, 'when-enabled', valuesPath(valueRefs.networkPolicy.enabled));
    const extraEgress = helmSplice(valuesPath(valueRefs.networkPolicy.extraEgress));
    // The services export to this chart's Tempo unless otel.endpoint names another (then extraEgress must allow it).
    const otlpEgress = helmSplice(
      egressToPodsCall(`(and ${valuesPath(valueRefs.tempo.enabled)} (not ${valuesPath(valueRefs.otel.endpoint)}))`, tempoPodLabels, TEMPO_PORTS.otlpGrpc),
    );

    this.policy(enabled, props.logService, {
      podSelector: { matchLabels: selectorLabelsBlock({ name: props.logService }) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(SERVICE_PORT)], from: [componentPeer(TRACE_CHECK_NAME), spliceTemplate(namespacePeers)] }],
      egress: [{ to: [componentPeer(props.echoService)], ports: [tcp(SERVICE_PORT)] }, otlpEgress, DNS_EGRESS, extraEgress],
    });

    this.policy(enabled, props.echoService, {
      podSelector: { matchLabels: selectorLabelsBlock({ name: props.echoService }) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [tcp(SERVICE_PORT)], from: [componentPeer(props.logService)] }],
      egress: [otlpEgress, DNS_EGRESS, extraEgress],
    });

    this.policy(enabled, TRACE_CHECK_NAME, {
      podSelector: { matchLabels: selectorLabelsBlock({ name: TRACE_CHECK_NAME }) },
      // Ingress with no rule: nothing may connect to the check.
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        { to: [componentPeer(props.logService)], ports: [tcp(SERVICE_PORT)] },
        helmSplice(egressToPodsCall(`(and ${valuesPath(valueRefs.tempo.enabled)} (not ${valuesPath(valueRefs.traceCheck.tempoUrl)}))`, tempoPodLabels, TEMPO_PORTS.http)),
        helmSplice(
          egressToPodsCall(
            `(and ${valuesPath(valueRefs.serviceGraph.enabled)} (not ${valuesPath(valueRefs.serviceGraph.prometheus.url)}))`,
            prometheusServerPodLabels,
            PROMETHEUS_SERVER_PORT,
          ),
        ),
        DNS_EGRESS,
        extraEgress,
      ],
    });

    const tempo = new HelmCondition(enabled, 'when-tempo', valuesPath(valueRefs.tempo.enabled));
    this.policy(tempo, 'tempo', {
      podSelector: { matchLabels: helmBlock(`include "${tempoPodLabels.name}" .`) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          ports: [tcp(TEMPO_PORTS.otlpGrpc), tcp(TEMPO_PORTS.otlpHttp)],
          // Who sends spans. A collector this chart adds later joins here, beside the services; one of your own
          // comes in through networkPolicy.otlpClients.
          from: [componentPeer(props.logService), componentPeer(props.echoService), helmSplice(valuesPath(valueRefs.networkPolicy.otlpClients))],
        },
        { ports: [tcp(TEMPO_PORTS.http)], from: [componentPeer(TRACE_CHECK_NAME), spliceTemplate(grafanaPeers), spliceTemplate(namespacePeers)] },
      ],
    });
  }

  /** One NetworkPolicy named after the pods it selects, labelled as a component of the chart. */
  private policy(scope: Construct, name: string, spec: Json): void {
    const object = new ApiObject(scope, name, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
    labelComponent(object, { name, component: 'network-policy' });
  }
}
