/** The four REES46 event types, in funnel order. */
const EVENT_TYPES = ['view', 'cart', 'remove_from_cart', 'purchase'] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const eventTypes: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isEventType(value: string): value is EventType {
  return eventTypes.has(value);
}
