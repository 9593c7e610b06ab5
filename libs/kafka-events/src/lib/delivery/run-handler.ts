import { BaseRpcContext, MessageHandler, Transport } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';

/** Runs a Nest handler to its end: its promise, or the last value of the observable it returns. */
async function runHandler(handler: MessageHandler, data: unknown, context: unknown): Promise<unknown> {
  const result: unknown = await handler(data, context);
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

/** A server's processing hooks (tracing wraps every attempt with them, as in Nest's own servers). */
export interface ProcessingHooks {
  transportId: Transport | symbol;
  start: (transportId: Transport | symbol, context: BaseRpcContext, done: () => Promise<unknown>) => void;
  end?: (transportId: Transport | symbol, context: BaseRpcContext) => void;
}

/** `runHandler` inside the server's processing hooks; settles when the handler does. */
export function runHandlerWithHooks(hooks: ProcessingHooks, handler: MessageHandler, data: unknown, context: BaseRpcContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    hooks.start(hooks.transportId, context, async () => {
      try {
        resolve(await runHandler(handler, data, context));
      } catch (error) {
        reject(error);
      } finally {
        hooks.end?.(hooks.transportId, context);
      }
    });
  });
}
