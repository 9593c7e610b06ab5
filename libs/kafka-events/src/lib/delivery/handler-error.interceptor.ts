import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { isEventBusContext } from './event-bus-context.marker';
import { HandlerFailure } from './handler-failure';

/**
 * Keeps a handler's error intact for the bus (see `HandlerFailure`). Registered app-wide by
 * `EventBusModule`; it lets HTTP routes and other transports' handlers through untouched.
 */
@Injectable()
export class HandlerErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc' || !isEventBusContext(context.switchToRpc().getContext())) return next.handle();
    return next.handle().pipe(catchError((error: unknown) => throwError(() => new HandlerFailure(error))));
  }
}
