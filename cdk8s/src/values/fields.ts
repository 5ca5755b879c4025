import { z } from 'zod';

/** Field types that several sections of the values model share. */

const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/\S*)?$/;

/** An http(s) URL, or empty for the chart's own default. */
export const httpUrlOrEmpty = (description: string) =>
  z
    .string()
    .regex(new RegExp(`^$|${HTTP_URL.source}`), 'an http(s) URL such as http://host:port, or empty')
    .default('')
    .describe(description);

/** Kubernetes resource quantity, e.g. `50m`, `0.5`, `64Mi`. */
export const quantity = z.union([
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'a Kubernetes quantity such as 50m or 64Mi'),
  z.number().nonnegative(),
]);

/** A container's `requests` or `limits`. */
export const resourceList = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });

const DATASOURCE_UID = /^[A-Za-z0-9_-]{1,40}$/;

/** The uid of a Grafana datasource. */
export const datasourceUid = (defaultUid: string, description: string) =>
  z.string().regex(DATASOURCE_UID, 'a uid of up to 40 letters, digits, _ or -').default(defaultUid).describe(description);

/** Kubernetes label (and annotation) keys and label values. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * The container securityContext that Pod Security "restricted" asks of every container, for the dependency charts
 * whose own default is empty (Tempo, Prometheus): no privilege escalation, every capability dropped, the runtime's
 * default seccomp profile. Their pods already run as a non-root uid (the charts' pod securityContext).
 */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** A dependency chart's container securityContext, restricted by default (a map merged over the chart's own). */
export const restrictedContainerSecurityContext = (description: string) =>
  z
    .looseObject({})
    .default(structuredClone(RESTRICTED_CONTAINER_SECURITY_CONTEXT) as unknown as Record<string, unknown>)
    .describe(description);
