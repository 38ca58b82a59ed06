import { readdir, readFile } from 'node:fs/promises';

/** Returns a running process's peak resident set size (VmHWM) in MiB, or undefined when unknown. */
export async function peakRssMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}

/** Returns the CPU time (user + system) a process has used so far, in seconds; 0 once it is gone. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : 0;
}

/** Returns the ids of running processes whose command line matches `pattern`. */
export async function pidsMatching(pattern: RegExp): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const matching = await Promise.all(
    pids.map(async (pid) => {
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      return pid !== process.pid && pattern.test(command.replace(/\0/g, ' ')) ? pid : undefined;
    }),
  );
  return matching.filter((pid): pid is number => pid !== undefined);
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every platform we run. */
const CLOCK_TICKS_PER_SECOND = 100;
