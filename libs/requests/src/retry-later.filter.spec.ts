import { ArgumentsHost, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { RetryLaterFilter } from './retry-later.filter';
import { BrokerUnavailableException, TooBusyException } from './too-busy';

/** An HTTP host whose response records what the filter wrote. */
function httpHost() {
  const written: { status?: number; headers: Record<string, string>; body?: unknown } = {
    headers: {},
  };
  const response = {
    setHeader: (name: string, value: string) => (written.headers[name] = value),
    status: (code: number) => {
      written.status = code;
      return { json: (body: unknown) => (written.body = body) };
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, written };
}

describe(RetryLaterFilter.name, () => {
  let warn: jest.SpyInstance;
  let debug: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a database connection loss 503 with Retry-After, warning once per episode', () => {
    const filter = new RetryLaterFilter();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), {
      code: 'ECONNREFUSED',
    });
    const first = httpHost();
    filter.catch(refused, first.host);
    filter.catch(refused, httpHost().host);

    expect(first.written.status).toBe(503);
    expect(first.written.headers['Retry-After']).toBe('1');
    expect(first.written.body).toMatchObject({ message: expect.stringMatching(/database/) });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('ECONNREFUSED');
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('answers a command the broker did not take 503, and a replica too busy 503 without a warning', () => {
    const filter = new RetryLaterFilter();
    const broker = httpHost();
    filter.catch(new BrokerUnavailableException(new Error('Connection error')), broker.host);
    const busy = httpHost();
    filter.catch(new TooBusyException('too many waits', 2), busy.host);

    expect(broker.written.status).toBe(503);
    expect(broker.written.body).toMatchObject({ message: expect.stringMatching(/broker/) });
    expect(busy.written.status).toBe(503);
    expect(busy.written.headers['Retry-After']).toBe('2');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("leaves any other failure to Nest's default handling (a 500 and an error line)", () => {
    const defaultHandling = jest
      .spyOn(BaseExceptionFilter.prototype, 'catch')
      .mockImplementation(() => undefined);
    const { host, written } = httpHost();
    const bug = new TypeError('x is undefined');
    new RetryLaterFilter().catch(bug, host);

    expect(defaultHandling).toHaveBeenCalledWith(bug, host);
    expect(written.status).toBeUndefined();
  });
});
