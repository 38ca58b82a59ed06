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

/** Per role whose CPU a run reports, how to find its processes now. */
export type Roles = Record<string, () => Promise<(number | undefined)[]>>;

/** The stack's processes: the Kafka broker, and PostgreSQL's backends (one per connection, so looked up at each reading). */
export async function stackRoles(): Promise<Roles> {
  const kafka = await pidsMatching(/kafka\.Kafka/);
  return { kafka: async () => kafka, postgres: () => pidsMatching(/^postgres/) };
}

/** CPU seconds used so far, per role and process. */
export async function cpuByRole(roles: Roles): Promise<Record<string, Map<number, number>>> {
  const entries = await Promise.all(
    Object.entries(roles).map(async ([role, pidsNow]) => {
      const pids = (await pidsNow()).filter((pid): pid is number => pid !== undefined);
      const used = await Promise.all(
        pids.map(async (pid) => [pid, await cpuSeconds(pid)] as const),
      );
      return [role, new Map(used)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * CPU seconds each role used between two readings. A process started in between counts whole; one
 * gone by the second reading (it reads 0: a test's broker that matched the pattern, say) is left
 * out rather than counted negative.
 */
export function cpuBetween(
  before: Record<string, Map<number, number>>,
  after: Record<string, Map<number, number>>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([role, used]) => {
      let seconds = 0;
      for (const [pid, total] of used) {
        const earlier = before[role]?.get(pid) ?? 0;
        if (total >= earlier) seconds += total - earlier;
      }
      return [role, seconds];
    }),
  );
}

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every platform we run. */
const CLOCK_TICKS_PER_SECOND = 100;
