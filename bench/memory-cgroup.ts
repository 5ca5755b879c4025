import { ECHO_SERVICE, LOG_SERVICE, type ServiceName } from '@tracing-lab/contract';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/sys/fs/cgroup';

/**
 * A memory cgroup per service with the chart's memory limit, as a pod's container gets: what configuration P runs
 * in. Node sizes V8's heap from the limit it finds there (libuv's constrained memory) when NODE_OPTIONS sets no
 * budget, as in a pod without the chart's heap budget. Needs a writable cgroup hierarchy (root on Linux, cgroup v1
 * or v2); where there is none, `open` says why and P is not measured.
 */
export class MemoryCgroups {
  private constructor(private readonly folders: Record<ServiceName, string>) {}

  /** Creates (or reuses) the cgroups and sets their limits; a reason instead where that is not possible. */
  static open(limits: Record<ServiceName, number>): MemoryCgroups | { unavailable: string } {
    try {
      const v2 = existsSync(join(ROOT, 'cgroup.controllers'));
      const parent = v2 ? ROOT : join(ROOT, 'memory');
      if (!existsSync(join(parent, 'cgroup.procs'))) return { unavailable: `no cgroup memory controller at ${parent}` };
      if (v2 && !readFileSync(join(ROOT, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) {
        writeFileSync(join(ROOT, 'cgroup.subtree_control'), '+memory');
      }
      const folderOf = (service: ServiceName): string => {
        const folder = join(parent, `tracing-lab-bench-${service}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(limits[service]));
        return folder;
      };
      return new MemoryCgroups({ [LOG_SERVICE]: folderOf(LOG_SERVICE), [ECHO_SERVICE]: folderOf(ECHO_SERVICE) });
    } catch (error) {
      return { unavailable: `cannot create a memory cgroup (${error instanceof Error ? error.message : String(error)}); run make bench as root on Linux to measure P` };
    }
  }

  /** The command prefix that moves the process into the service's cgroup before node starts (exec keeps the pid). */
  launcher(service: ServiceName): string[] {
    return ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', this.folders[service]];
  }

  /** Removes the cgroups; they must be empty (every service stopped). */
  close(): void {
    for (const folder of Object.values(this.folders)) rmdirSync(folder);
  }
}

/** The memory limit of the cgroup a process is in (v1 or v2), or null without one. */
export function cgroupMemoryLimitBytes(pid: number): number | null {
  for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n')) {
    const [, controllers, path] = line.split(':');
    if (path === undefined) continue;
    const file =
      controllers === 'memory' ? join(ROOT, 'memory', path, 'memory.limit_in_bytes') : controllers === '' ? join(ROOT, path, 'memory.max') : undefined;
    if (file === undefined || !existsSync(file)) continue;
    const value = readFileSync(file, 'utf8').trim();
    const bytes = Number(value);
    // v2 writes "max", v1 a huge number for no limit.
    if (value !== 'max' && Number.isFinite(bytes) && bytes < 2 ** 62) return bytes;
  }
  return null;
}
