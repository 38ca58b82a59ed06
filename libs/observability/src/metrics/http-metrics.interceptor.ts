import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { MetricsService } from './metrics.service';

/** The parts of an Express or Fastify request that name its method and matched route. */
interface RoutedRequest {
  readonly method?: string;
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
  readonly routeOptions?: { readonly url?: unknown };
}

interface StatusResponse {
  readonly statusCode?: number;
}

/** Label of requests whose route pattern cannot be read; never the raw URL (unbounded cardinality). */
const UNKNOWN_ROUTE = 'unknown';

/**
 * Times every HTTP request into `http_request_duration_seconds{method,route,status}`, labelled
 * with the route pattern (`/customers/:id`); passes other contexts (RPC, WebSocket) through.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  /** Observes the handler's duration when its response completes or fails. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const response = http.getResponse<StatusResponse>();
    const method = request.method ?? 'UNKNOWN';
    const route = routeOf(request);
    const started = process.hrtime.bigint();
    const observe = (status: number): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeHttpRequest(method, route, status, seconds);
    };
    return next.handle().pipe(
      tap({
        complete: () => observe(response.statusCode ?? HttpStatus.OK),
        error: (error: unknown) => observe(statusOf(error)),
      }),
    );
  }
}

/** Reads the matched route pattern: Express's `baseUrl + route.path`, Fastify's `routeOptions.url`. */
function routeOf(request: RoutedRequest): string {
  const expressPath = request.route?.path;
  if (typeof expressPath === 'string') return `${request.baseUrl ?? ''}${expressPath}`;
  const fastifyUrl = request.routeOptions?.url;
  if (typeof fastifyUrl === 'string') return fastifyUrl;
  return UNKNOWN_ROUTE;
}

/** Maps a handler's error to the status Nest's default exception filter will answer with. */
function statusOf(error: unknown): number {
  return error instanceof HttpException ? error.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
}
