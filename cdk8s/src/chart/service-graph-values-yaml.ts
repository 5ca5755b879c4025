import { Document } from 'yaml';
import { serviceGraphValues, SERVICE_GRAPH_VALUES_FILE } from '../values/service-graph';
import { GENERATED_BY } from './generated-header';

/** charts/lab/values-service-graph.yaml: what `serviceGraph.enabled` implies (see values/service-graph.ts). */
export function serviceGraphValuesYaml(): string {
  const document = new Document(serviceGraphValues());
  document.commentBefore = [
    ` ${GENERATED_BY}`,
    ' The service graph switch and the Tempo keys it needs, which Helm cannot derive from the switch:',
    `   helm upgrade --install tracing-lab charts/lab -f charts/lab/${SERVICE_GRAPH_VALUES_FILE}   (make install SERVICE_GRAPH=1)`,
    `   Argo CD: spec.source.helm.valueFiles: [${SERVICE_GRAPH_VALUES_FILE}]`,
    ' The chart refuses to render when serviceGraph.enabled and these keys disagree, naming each key.',
  ].join('\n');
  return document.toString({ lineWidth: 0 });
}
