import { loadConfig } from '@app/config';
import { z } from 'zod';
import { DemandRule } from './demand-rule';

const percent = z.coerce.number().int();

/**
 * The demand rule when no variable says otherwise: +5% of the base price per 10 units ordered
 * within one hour of event time, never below the base price nor above twice it.
 */
export const DEFAULT_DEMAND_RULE: DemandRule = Object.freeze({
  stepPercent: 5,
  stepUnits: 10,
  windowSeconds: 3600,
  floorPercent: 100,
  capPercent: 200,
});

/**
 * The pricing worker's demand rule as environment variables, with their defaults; the floor
 * and the cap must hold the base price itself (floor ≤ 100 ≤ cap).
 */
export const demandRuleEnvSchema = z
  .object({
    /** Percent of the base price per step. @default 5 */
    PRICING_STEP_PERCENT: percent.min(-100).max(1000).default(DEFAULT_DEMAND_RULE.stepPercent),
    /** Units ordered per step. @default 10 */
    PRICING_STEP_UNITS: z.coerce.number().int().positive().default(DEFAULT_DEMAND_RULE.stepUnits),
    /** Seconds of event time. @default 3600 */
    PRICING_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_DEMAND_RULE.windowSeconds),
    /** @default 100 (never below the base price) */
    PRICING_FLOOR_PERCENT: percent.min(0).max(100).default(DEFAULT_DEMAND_RULE.floorPercent),
    /** @default 200 (never above twice the base price) */
    PRICING_CAP_PERCENT: percent.min(100).max(1000).default(DEFAULT_DEMAND_RULE.capPercent),
  })
  .refine((env) => env.PRICING_STEP_PERCENT !== 0, {
    message: 'must not be 0: a rule whose steps change nothing prices nothing by demand',
    path: ['PRICING_STEP_PERCENT'],
  });

/** Injection token of the worker's `DemandRule`. */
export const DEMAND_RULE = Symbol('DemandRule');

/**
 * Reads the demand rule from `env` (the process's environment when left out).
 * @throws ConfigError naming each variable that is out of range or not a number.
 */
export function demandRuleFromEnv(env?: Readonly<Record<string, string | undefined>>): DemandRule {
  const config = loadConfig(demandRuleEnvSchema, env);
  return {
    stepPercent: config.PRICING_STEP_PERCENT,
    stepUnits: config.PRICING_STEP_UNITS,
    windowSeconds: config.PRICING_WINDOW_SECONDS,
    floorPercent: config.PRICING_FLOOR_PERCENT,
    capPercent: config.PRICING_CAP_PERCENT,
  };
}
