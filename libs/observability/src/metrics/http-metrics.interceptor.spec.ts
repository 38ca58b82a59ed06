import { CallHandler, ExecutionContext, NotFoundException } from '@nestjs/common';
import { lastValueFrom, Observable, of, throwError } from 'rxjs';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { MetricsService } from './metrics.service';

interface FakeHttp {
  readonly type?: string;
  readonly request: Record<string, unknown>;
  readonly response?: { statusCode?: number };
}

function contextOf({
  type = 'http',
  request,
  response = { statusCode: 200 },
}: FakeHttp): ExecutionContext {
  const http = { getRequest: () => request, getResponse: () => response, getNext: () => undefined };
  return { getType: () => type, switchToHttp: () => http } as unknown as ExecutionContext;
}

function handlerOf(result: Observable<unknown>): CallHandler {
  return { handle: () => result };
}

describe(HttpMetricsInterceptor, () => {
  let metrics: MetricsService;
  let interceptor: HttpMetricsInterceptor;

  beforeEach(() => {
    metrics = new MetricsService();
    interceptor = new HttpMetricsInterceptor(metrics);
  });

  describe('intercept', () => {
    it('labels the request with its route pattern, never the raw URL, when Express matched a route', async () => {
      const context = contextOf({
        request: {
          method: 'GET',
          url: '/customers/42?x=1',
          baseUrl: '',
          route: { path: '/customers/:id' },
        },
        response: { statusCode: 200 },
      });
      await expect(
        lastValueFrom(interceptor.intercept(context, handlerOf(of({ id: 42 })))),
      ).resolves.toEqual({ id: 42 });
      const text = await metrics.metrics();
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/customers/:id",status="200"} 1',
      );
      expect(text).not.toContain('/customers/42');
    });

    it('reads the route from Fastify’s routeOptions when there is no Express route', async () => {
      const context = contextOf({
        request: { method: 'POST', routeOptions: { url: '/customers' } },
        response: { statusCode: 202 },
      });
      await lastValueFrom(interceptor.intercept(context, handlerOf(of(null))));
      expect(await metrics.metrics()).toContain(
        'http_request_duration_seconds_count{method="POST",route="/customers",status="202"} 1',
      );
    });

    it('records the exception’s status when the handler fails with an HttpException', async () => {
      const context = contextOf({ request: { method: 'GET', route: { path: '/customers/:id' } } });
      const failing = handlerOf(throwError(() => new NotFoundException()));
      await expect(lastValueFrom(interceptor.intercept(context, failing))).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(await metrics.metrics()).toContain(
        'http_request_duration_seconds_count{method="GET",route="/customers/:id",status="404"} 1',
      );
    });

    it('records 500 when the handler fails with any other error', async () => {
      const context = contextOf({
        request: { method: 'DELETE', route: { path: '/customers/:id' } },
      });
      const failing = handlerOf(throwError(() => new Error('boom')));
      await expect(lastValueFrom(interceptor.intercept(context, failing))).rejects.toThrow('boom');
      expect(await metrics.metrics()).toContain(
        'http_request_duration_seconds_count{method="DELETE",route="/customers/:id",status="500"} 1',
      );
    });

    it('passes other contexts through without recording when the call is not HTTP', async () => {
      const context = contextOf({ type: 'rpc', request: {} });
      await lastValueFrom(interceptor.intercept(context, handlerOf(of('done'))));
      expect(await metrics.metrics()).not.toContain('http_request_duration_seconds_count');
    });
  });
});
