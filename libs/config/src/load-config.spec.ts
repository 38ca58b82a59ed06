import { z } from 'zod';
import { ConfigError } from './config.error';
import { brokerList, port, postgresUrl } from './env-schemas';
import { loadConfig } from './load-config';

const schema = z.object({
  KAFKA_BROKERS: brokerList,
  DATABASE_URL: postgresUrl,
  HTTP_PORT: port.default(3000),
});

describe(loadConfig.name, () => {
  it('returns typed values and defaults when the environment is good', () => {
    expect(
      loadConfig(schema, {
        KAFKA_BROKERS: '127.0.0.1:9092, 10.0.0.2:9093',
        DATABASE_URL: 'postgresql://a:b@h:1/d',
      }),
    ).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092', '10.0.0.2:9093'],
      DATABASE_URL: 'postgresql://a:b@h:1/d',
      HTTP_PORT: 3000,
    });
  });

  it('names every missing and every bad variable when the environment is wrong', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'no-port', HTTP_PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('KAFKA_BROKERS must be a comma-separated list of host:port');
    expect(problems).toContain('DATABASE_URL is required');
    expect(problems).toMatch(/HTTP_PORT .*number/);
  });

  it('treats an empty variable as missing when a default exists', () => {
    expect(
      loadConfig(schema, { KAFKA_BROKERS: 'k:1', DATABASE_URL: 'postgres://x/y', HTTP_PORT: '' })
        .HTTP_PORT,
    ).toBe(3000);
  });
});
