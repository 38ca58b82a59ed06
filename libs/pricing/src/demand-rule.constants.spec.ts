import { ConfigError } from '@app/config';
import { DEFAULT_DEMAND_RULE, demandRuleFromEnv } from './demand-rule.constants';

describe('demandRuleFromEnv', () => {
  it('gives the documented defaults when no variable is set', () => {
    expect(demandRuleFromEnv({})).toEqual(DEFAULT_DEMAND_RULE);
    expect(DEFAULT_DEMAND_RULE).toEqual({
      stepPercent: 5,
      stepUnits: 10,
      windowSeconds: 3600,
      floorPercent: 100,
      capPercent: 200,
    });
  });

  it('reads every variable when set', () => {
    expect(
      demandRuleFromEnv({
        PRICING_STEP_PERCENT: '-10',
        PRICING_STEP_UNITS: '3',
        PRICING_WINDOW_SECONDS: '60',
        PRICING_FLOOR_PERCENT: '50',
        PRICING_CAP_PERCENT: '150',
      }),
    ).toEqual({
      stepPercent: -10,
      stepUnits: 3,
      windowSeconds: 60,
      floorPercent: 50,
      capPercent: 150,
    });
  });

  it.each([
    ['PRICING_STEP_UNITS', '0'],
    ['PRICING_STEP_PERCENT', '0'],
    ['PRICING_STEP_PERCENT', '2.5'],
    ['PRICING_WINDOW_SECONDS', 'an hour'],
    ['PRICING_FLOOR_PERCENT', '101'],
    ['PRICING_CAP_PERCENT', '99'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => demandRuleFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => demandRuleFromEnv({ [name]: value })).toThrow(name);
  });
});
