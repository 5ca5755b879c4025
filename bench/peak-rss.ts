import { readFile } from 'node:fs/promises';

/** The peak resident set size of a running process since it started (VmHWM in /proc/<pid>/status), in MB (10^6 bytes). */
export async function peakRssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return (Number(kib) * 1024) / 1e6;
}
