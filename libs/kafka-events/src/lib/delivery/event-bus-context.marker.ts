import type { EventBusDelivery } from './delivery-attempt';

/** Set on the RPC contexts our transports create, so that our interceptor touches only their handlers. */
export const EVENT_BUS_CONTEXT = Symbol('EVENT_BUS_CONTEXT');

export function isEventBusContext(context: unknown): boolean {
  return typeof context === 'object' && context !== null && EVENT_BUS_CONTEXT in context;
}

/** A handler's `@Ctx()` as its delivery, when one of our transports made it. */
export function eventBusDeliveryOf(context: unknown): EventBusDelivery | undefined {
  return isEventBusContext(context) ? (context as EventBusDelivery) : undefined;
}
