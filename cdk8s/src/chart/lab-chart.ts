import { ECHO_FAULT_ENV, ECHO_SERVICE, ECHO_SERVICE_CLUSTER_URL, LOG_SERVICE, PROPAGATORS } from '@tracing-lab/contract';
import * as kplus from 'cdk8s-plus-28';
import { App, Chart } from 'cdk8s';
import { HelmCondition } from '../templating/helm-condition';
import { intStringOf, numberStringOf, releaseNamespace, stringWhenOf } from '../templating/expressions';
import { LAB_CHART, type ChartIdentity } from './chart-identity';
import { DATASOURCES, GrafanaDatasource } from '../constructs/grafana-datasource';
import { NetworkPolicies } from '../constructs/network-policies';
import { OtelService } from '../constructs/otel-service';
import { TraceCheck } from '../constructs/trace-check';
import { valueRefs, valuesPath } from '../values/value-refs';

/**
 * The constructs of charts/lab.
 * Returns the cdk8s Chart; the chart writer turns its objects into templates.
 */
export function buildLabChart(identity: ChartIdentity = LAB_CHART): Chart {
  const faults = valueRefs.faults;
  const app = new App();
  const chart = new Chart(app, identity.name, { namespace: releaseNamespace(), disableResourceNameHashes: true });

  new OtelService(new HelmCondition(chart, 'when-log-service', valuesPath(valueRefs.logService.enabled)), LOG_SERVICE, {
    name: LOG_SERVICE,
    values: valueRefs.logService,
    serviceEnv: {
      ECHO_SERVICE_URL: kplus.EnvValue.fromValue(ECHO_SERVICE_CLUSTER_URL),
      ECHO_TIMEOUT_MS: kplus.EnvValue.fromValue(intStringOf(valueRefs.logService.echoTimeoutMs)),
      // The broken-propagation fault: the lab's propagators, or none (docs/debugging.md).
      OTEL_PROPAGATORS: kplus.EnvValue.fromValue(stringWhenOf(faults.logService.dropTraceparent, PROPAGATORS.none, PROPAGATORS.lab)),
    },
  });
  new OtelService(new HelmCondition(chart, 'when-echo-service', valuesPath(valueRefs.echoService.enabled)), ECHO_SERVICE, {
    name: ECHO_SERVICE,
    values: valueRefs.echoService,
    serviceEnv: {
      [ECHO_FAULT_ENV.latencyMs]: kplus.EnvValue.fromValue(intStringOf(faults.echoService.latencyMs)),
      [ECHO_FAULT_ENV.errorRatio]: kplus.EnvValue.fromValue(numberStringOf(faults.echoService.errorRatio)),
    },
    noPodsWhen: faults.echoService.down,
  });
  new GrafanaDatasource(new HelmCondition(chart, 'when-grafana-datasource', valuesPath(valueRefs.grafanaDatasource.enabled)), 'grafana-datasource', DATASOURCES.tempo);
  // The bundled Prometheus's datasource; with your own Prometheus (serviceGraph.prometheus.url) Grafana has one.
  const bundledPrometheusDatasource = `and ${valuesPath(valueRefs.serviceGraph.enabled)} ${valuesPath(valueRefs.grafanaDatasource.enabled)} (not ${valuesPath(valueRefs.serviceGraph.prometheus.url)})`;
  new GrafanaDatasource(new HelmCondition(chart, 'when-prometheus-datasource', bundledPrometheusDatasource), 'prometheus-datasource', DATASOURCES.prometheus);
  new TraceCheck(chart, 'trace-check', {
    logServiceName: LOG_SERVICE,
    requires: [valuesPath(valueRefs.logService.enabled), valuesPath(valueRefs.echoService.enabled)],
  });
  new NetworkPolicies(chart, 'network-policies', { logService: LOG_SERVICE, echoService: ECHO_SERVICE });
  return chart;
}
