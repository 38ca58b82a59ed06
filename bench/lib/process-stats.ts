import { readFile } from 'node:fs/promises';

/** Returns a running process's peak resident set size (VmHWM) in MiB, or undefined when unknown. */
export async function peakRssMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}
