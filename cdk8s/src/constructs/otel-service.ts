import { PROBE_PATHS, SERVICE_HOST, SERVICE_PORT } from '@tracing-lab/contract';
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { blockOf, includeString, intOf, intStringOf, intUnlessOf, jsonOf, numberStringOf, spliceOf } from '../templating/expressions';
import { helmInline } from '../templating/markers';
import { addTemplatePatch } from '../templating/template-patches';
import { nodeOptionsEnvSplice } from '../templates/heap-budget';
import { otelResourceAttributes } from '../templates/otel';
import { otlpEndpoint } from '../templates/urls';
import type { Values } from '../values/model';
import { valueRefs, valuesPath, type ValueRef, type ValueRefs } from '../values/value-refs';
import { labelComponent, selectorLabelsBlock, type Component } from './component-labels';
import { HARDENED_CONTAINER_SECURITY, HARDENED_POD_SECURITY, tmpVolume } from './hardened-security';

/** The name of the services' port (SERVICE_PORT, in services/contract). */
const SERVICE_PORT_NAME = 'http';

export interface OtelServiceProps {
  /** Deployment, Service and container name, also `OTEL_SERVICE_NAME`. */
  readonly name: string;
  /** The values of this service, e.g. `valueRefs.logService`. */
  readonly values: ValueRefs<Values['echoService']>;
  /** Variables only this service reads, placed after the OpenTelemetry ones and before `extraEnv`. */
  readonly serviceEnv?: Readonly<Record<string, kplus.EnvValue>>;
  /** A boolean value that, while true, scales the Deployment to 0 whatever `replicaCount` says (a fault). */
  readonly noPodsWhen?: ValueRef;
}

/**
 * One Express service instrumented with OpenTelemetry: a Deployment and a ClusterIP Service with stable names,
 * both selecting the pods by `app.kubernetes.io/name` + `app.kubernetes.io/instance`, as Helm charts do. Replicas, image, pull policy, resources, annotations and extra variables come from the service's values; the
 * OTLP endpoint, sampler, resource attributes and batch settings from `otel`.
 */
export class OtelService extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: OtelServiceProps) {
    super(scope, id);
    const { values } = props;
    const component: Component = { name: props.name, component: 'service' };
    const tmp = tmpVolume(this, 'tmp');

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: props.name },
      // The selector is set below, from the chart's selector labels instead of cdk8s's construct-path hash.
      select: false,
      securityContext: HARDENED_POD_SECURITY,
      automountServiceAccountToken: false,
      volumes: [tmp.volume],
      containers: [
        {
          name: props.name,
          image: helmInline(`printf "%s:%s" ${valuesPath(values.image.repository)} ${valuesPath(values.image.tag)} | toJson`),
          ports: [{ number: SERVICE_PORT, name: SERVICE_PORT_NAME }],
          envVariables: { ...otelEnvironment(props.name), ...props.serviceEnv },
          volumeMounts: [tmp.mount],
          securityContext: HARDENED_CONTAINER_SECURITY,
          startup: kplus.Probe.fromHttpGet(PROBE_PATHS.startup, { port: SERVICE_PORT, periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
          liveness: kplus.Probe.fromHttpGet(PROBE_PATHS.liveness, { port: SERVICE_PORT, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
          readiness: kplus.Probe.fromHttpGet(PROBE_PATHS.readiness, { port: SERVICE_PORT, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
        },
      ],
    });

    // Value-driven fields that cdk8s-plus types as numbers, enums or objects are set as template actions.
    const container = '/spec/template/spec/containers/0';
    labelComponent(ApiObject.of(this.deployment), component, '/spec/template');
    addTemplatePatch(
      ApiObject.of(this.deployment),
      JsonPatch.add('/spec/selector', { matchLabels: selectorLabelsBlock(component) }),
      JsonPatch.add('/spec/replicas', props.noPodsWhen ? intUnlessOf(values.replicaCount, props.noPodsWhen) : intOf(values.replicaCount)),
      JsonPatch.add(`${container}/imagePullPolicy`, jsonOf(values.image.pullPolicy)),
      JsonPatch.add(`${container}/resources`, blockOf(values.resources)),
      JsonPatch.add(`${container}/env/-`, nodeOptionsEnvSplice(values)),
      JsonPatch.add(`${container}/env/-`, spliceOf(values.extraEnv)),
      JsonPatch.add('/spec/template/metadata/annotations', blockOf(values.podAnnotations)),
    );

    this.service = new kplus.Service(this, 'service', {
      metadata: { name: props.name },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: SERVICE_PORT_NAME, port: SERVICE_PORT, targetPort: SERVICE_PORT }],
    });
    labelComponent(ApiObject.of(this.service), component);
    addTemplatePatch(ApiObject.of(this.service), JsonPatch.add('/spec/selector', selectorLabelsBlock(component)));
  }
}

/** The variables of the OpenTelemetry SDK, in dependency order (Downward API variables before their use). */
function otelEnvironment(serviceName: string): Record<string, kplus.EnvValue> {
  const otel = valueRefs.otel;
  return {
    HOST: kplus.EnvValue.fromValue(SERVICE_HOST),
    PORT: kplus.EnvValue.fromValue(String(SERVICE_PORT)),
    OTEL_SERVICE_NAME: kplus.EnvValue.fromValue(serviceName),
    OTEL_EXPORTER_OTLP_ENDPOINT: kplus.EnvValue.fromValue(includeString(otlpEndpoint)),
    OTEL_TRACES_SAMPLER: kplus.EnvValue.fromValue(jsonOf(otel.sampler)),
    OTEL_TRACES_SAMPLER_ARG: kplus.EnvValue.fromValue(numberStringOf(otel.samplerArg)),
    POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
    POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
    NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
    OTEL_RESOURCE_ATTRIBUTES: kplus.EnvValue.fromValue(includeString(otelResourceAttributes)),
    OTEL_BSP_MAX_QUEUE_SIZE: kplus.EnvValue.fromValue(intStringOf(otel.bsp.maxQueueSize)),
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: kplus.EnvValue.fromValue(intStringOf(otel.bsp.maxExportBatchSize)),
    OTEL_BSP_SCHEDULE_DELAY: kplus.EnvValue.fromValue(intStringOf(otel.bsp.scheduleDelayMillis)),
    OTEL_BSP_EXPORT_TIMEOUT: kplus.EnvValue.fromValue(intStringOf(otel.bsp.exportTimeoutMillis)),
  };
}
