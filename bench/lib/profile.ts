import { stackConfig } from '@app/testing';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { measureMaterialization } from '../scenarios/materialization';
import { Contender } from './contender';
import { CpuSummary, summarizeCpuProfiles } from './cpu-profile';
import { costliestStatements, resetStatements, StatementCost } from './pg-statements';

/** Where one profiled run spent its time: the contender's CPU and PostgreSQL's statements. */
export type MaterializationProfile = CpuSummary & { events: number; statements: StatementCost[] };

/**
 * Runs a contender again on its own backlog under `node --cpu-prof`, with pg_stat_statements
 * reset first; measured runs are never profiled (profiling slows them).
 */
export async function profileMaterialization(
  contender: Contender,
  events: number,
): Promise<MaterializationProfile> {
  const db = await new DataSource({
    type: 'postgres',
    url: stackConfig().databaseUrl,
  }).initialize();
  try {
    const dir = await mkdtemp(join(tmpdir(), 'bench-profile-'));
    await resetStatements(db);
    await measureMaterialization(contender, events, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    return {
      events,
      statements: await costliestStatements(db, 12),
      ...(await summarizeCpuProfiles(dir, Number(process.env.BENCH_PROFILE_TOP ?? 25))),
    };
  } finally {
    await db.destroy();
  }
}
