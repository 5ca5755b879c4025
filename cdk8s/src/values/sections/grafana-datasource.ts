import { z } from 'zod';
import { datasourceUid, httpUrlOrEmpty, LABEL_KEY, LABEL_VALUE } from '../fields';

/** The label Grafana's datasource sidecar looks for (kube-prometheus-stack's convention), on both sides by default. */
export const DATASOURCE_LABEL = { key: 'grafana_datasource', value: '1' } as const;

/** `grafanaDatasource:` the ConfigMap that provisions Tempo as a Grafana datasource. */
export const grafanaDatasourceSection = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Create the ConfigMap that provisions a Tempo datasource in Grafana.'),
    label: z
      .strictObject({
        key: z.string().regex(LABEL_KEY, 'a label key').default(DATASOURCE_LABEL.key).describe('Label key the Grafana sidecar watches (with grafana.enabled, keep grafana.sidecar.datasources.label equal).'),
        value: z.string().regex(LABEL_VALUE, 'a label value').default(DATASOURCE_LABEL.value).describe('Label value the Grafana sidecar watches (with grafana.enabled, keep grafana.sidecar.datasources.labelValue equal).'),
      })
      .prefault({})
      .describe('Label that makes the Grafana datasource sidecar pick the ConfigMap up.'),
    name: z.string().min(1).default('Tempo').describe('Datasource name shown in Grafana.'),
    uid: datasourceUid('tempo', 'Datasource uid.'),
    url: httpUrlOrEmpty('Tempo HTTP API URL. Empty: `http://<tempo>.<namespace>.svc.cluster.local:3200`.'),
    isDefault: z.boolean().default(false).describe('Make this the default datasource.'),
    nodeGraph: z.boolean().default(true).describe('Show the node graph in trace views.'),
    hideSearch: z.boolean().default(false).describe('Hide the search tab.'),
    tracesToLogsDatasourceUid: z.string().default('').describe('Logs datasource uid (e.g. Loki) for trace-to-logs; empty leaves it out.'),
  })
  .prefault({})
  .describe('Grafana datasource for Tempo.');
