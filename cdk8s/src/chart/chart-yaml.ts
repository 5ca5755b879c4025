import { Document } from 'yaml';
import type { ChartIdentity } from './chart-identity';
import type { ChartDependency } from '../values/dependencies';
import { GENERATED_BY } from './generated-header';

/** Chart.yaml: apiVersion v2 with the pinned dependencies. */
export function chartYaml(chart: ChartIdentity, dependencies: readonly ChartDependency[]): string {
  const doc = new Document({
    apiVersion: 'v2',
    name: chart.name,
    description: chart.description,
    type: 'application',
    version: chart.version,
    appVersion: chart.appVersion,
    keywords: ['tracing', 'opentelemetry', 'tempo', 'grafana'],
    dependencies: dependencies.map((dependency) => ({ ...dependency })),
  });
  doc.commentBefore = ` ${GENERATED_BY}`;
  return doc.toString({ lineWidth: 0 });
}
