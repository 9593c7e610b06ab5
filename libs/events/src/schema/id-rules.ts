import { EVENT_LIMITS } from './event-limits';

/** Ids are unsigned 64-bit decimals at most (REES46 category ids have 19 digits): 1 to 20 digits. */
export const ID_DIGITS = new RegExp(`^[0-9]{1,${EVENT_LIMITS.idDigits}}$`);

/** `user_session`: a UUID, lower case once cleaned (8-4-4-4-12 hexadecimal digits). */
export const SESSION_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
