import {
  Controller,
  Get,
  INestApplication,
  Injectable,
  Module,
  NotFoundException,
  Param,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { JsonLogger } from './logging/json-logger.service';
import { MetricsService } from './metrics/metrics.service';
import { ObservabilityModule } from './observability.module';

/** A feature provider that does not import ObservabilityModule: it relies on the module being global. */
@Injectable()
class BacklogReporter {
  constructor(readonly metrics: MetricsService) {}
}

@Controller('customers')
class CustomersController {
  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException();
    return { id };
  }
}

@Module({ controllers: [CustomersController], providers: [BacklogReporter] })
class CustomersFeatureModule {}

/** Parses a Content-Type into its type and sorted parameters (Express reorders the parameters). */
function mediaType(header: string | null): string[] {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  return [type, ...parameters.sort()];
}

describe(ObservabilityModule, () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ service: 'customers-api', logLevel: 'warn' }),
        CustomersFeatureModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(() => app.close());

  describe('forRoot', () => {
    it('provides MetricsService to every module when the module is imported once', () => {
      expect(app.get(BacklogReporter).metrics).toBe(app.get(MetricsService));
    });

    it('provides a JsonLogger built from the options', () => {
      const logger = app.get(JsonLogger);
      expect(logger.isLevelEnabled('warn')).toBe(true);
      expect(logger.isLevelEnabled('log')).toBe(false);
    });

    it('serves GET /metrics in Prometheus text format with route-pattern HTTP timings', async () => {
      await fetch(`${baseUrl}/customers/42`);
      await fetch(`${baseUrl}/customers/missing`);
      app.get(MetricsService).registerWorkerMetrics(async () => 2);

      const response = await fetch(`${baseUrl}/metrics`);
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(mediaType(response.headers.get('content-type'))).toEqual(
        mediaType(Registry.PROMETHEUS_CONTENT_TYPE),
      );
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/customers/:id",status="200"} 1',
      );
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/customers/:id",status="404"} 1',
      );
      expect(text).toMatch(/^outbox_backlog 2$/m);
      expect(text).not.toContain('/customers/42');
    });
  });
});
