import { z } from 'zod';
import { DATASOURCE_LABEL } from './grafana-datasource';

/** `grafana:` values for the Grafana chart, open: any other key of that chart passes through. */
export const grafanaSection = z
  .looseObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Install Grafana (the `grafana` dependency) with its datasource sidecar watching our label. Off: most clusters already run Grafana.'),
    fullnameOverride: z.string().default('grafana').describe('Grafana Service name (`kubectl port-forward svc/grafana 3000:80`).'),
    nameOverride: z
      .string()
      .default('')
      .describe('Grafana chart name (empty: `grafana`); with fullnameOverride empty the Service is `<release>-<name>`, or the release name if it contains the name.'),
    admin: z
      .looseObject({
        existingSecret: z
          .string()
          .default('')
          .describe(
            "A Secret you create in the release namespace holding Grafana's admin user and password (keys `userKey`, `passwordKey`). Empty: the Grafana chart generates the password into Secret `<fullname>` and keeps it across `helm upgrade` by looking the Secret up; under Argo CD, which renders without the cluster, it would change on every sync: name your own Secret there (docs/argocd.md).",
          ),
        userKey: z.string().min(1).default('admin-user').describe("The key of the admin user in that Secret."),
        passwordKey: z.string().min(1).default('admin-password').describe("The key of the admin password in that Secret."),
      })
      .prefault({})
      .describe("Grafana's admin login."),
    initChownData: z
      .looseObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'With `persistence.enabled`, the Grafana chart would chown the volume from an init container running as root, which Pod Security "restricted" refuses; off, the pod\'s fsGroup (472) owns the volume instead.',
          ),
      })
      .prefault({})
      .describe("The Grafana chart's init container that chowns its persistent volume."),
    rbac: z
      .looseObject({
        namespaced: z
          .boolean()
          .default(true)
          .describe(
            "A Role and RoleBinding in the release namespace instead of the chart's ClusterRole `<fullname>-clusterrole`, whose fixed name would keep a second lab out of another namespace. The sidecar reads only its own namespace (`sidecar.datasources.searchNamespace` unset), so it needs no more.",
          ),
      })
      .prefault({})
      .describe('RBAC of the Grafana chart (its sidecars read ConfigMaps and Secrets).'),
    sidecar: z
      .looseObject({
        datasources: z
          .looseObject({
            enabled: z.boolean().default(true).describe('Run the sidecar that loads datasource ConfigMaps.'),
            label: z.string().default(DATASOURCE_LABEL.key).describe('Label key it watches; must equal grafanaDatasource.label.key.'),
            labelValue: z.string().default(DATASOURCE_LABEL.value).describe('Label value it watches; must equal grafanaDatasource.label.value.'),
          })
          .prefault({})
          .describe('Datasource sidecar.'),
      })
      .prefault({})
      .describe('Grafana sidecars (see the Grafana chart).'),
  })
  .prefault({})
  .describe('Values for the Grafana chart (grafana-community/helm-charts `grafana`); any of its keys may be set here.');
