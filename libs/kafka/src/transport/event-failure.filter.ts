import { ArgumentsHost, Catch, HttpServer, Inject, Optional } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';
import { WorkerBatchContext } from './worker-batch-context';
import { WorkerContext } from './worker-context';

/**
 * Hands a worker handler's error back to the pipeline untouched, so that it can be classified
 * (Nest's default RPC filter would replace it with a generic object). Other contexts get
 * Nest's default handling.
 */
@Catch()
export class EventFailureFilter extends BaseExceptionFilter {
  constructor(@Optional() @Inject(HttpAdapterHost) adapterHost?: HttpAdapterHost) {
    super(adapterHost?.httpAdapter as HttpServer | undefined);
  }

  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    const context: unknown = host.getType() === 'rpc' ? host.switchToRpc().getContext() : undefined;
    if (context instanceof WorkerContext || context instanceof WorkerBatchContext) {
      return throwError(() => exception);
    }
    return super.catch(exception, host);
  }
}
