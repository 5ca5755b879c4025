import { SERVICE_NAMES, type ServiceName } from '@tracing-lab/contract';

/** One figure of each service, keyed by its name (the report lists them in SERVICE_NAMES' order). */
export type PerService = Record<ServiceName, number>;

/** A value for each service, in SERVICE_NAMES' order. */
export function eachService<T>(value: (service: ServiceName) => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, value(service)])) as Record<ServiceName, T>;
}
