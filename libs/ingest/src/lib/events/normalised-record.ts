import type { CleanEvent } from '@platform/events';

/**
 * An event as the gateway stores it: the nine REES46 fields, normalised (ISO time, lower-case
 * codes, ids as strings, price as a number, `''` for an absent category code or brand), without
 * the derived fields. The stream processor re-validates it with the same `cleanEvent`, which
 * gives back the same clean event, so writing raw fields loses nothing and decides nothing twice.
 */
export function normalisedRecordLine(event: CleanEvent): string {
  return JSON.stringify({
    event_time: event.event_time,
    event_type: event.event_type,
    product_id: event.product_id,
    category_id: event.category_id,
    category_code: event.category_code ?? '',
    brand: event.brand ?? '',
    price: event.price,
    user_id: event.user_id,
    user_session: event.user_session,
  });
}
