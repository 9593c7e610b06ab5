import { z } from 'zod';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * user_id, product_id, user_session... always strings downstream. 19-digit ids do not fit a JS
 * number, so a JSON number is accepted only when it is a safe integer (a foreign producer's small
 * id); anything above 2^53 has already lost digits in JSON.parse and is rejected, never rounded.
 */
export const entityIdSchema = z.union([z.string(), z.number()]).transform((value, ctx): string => {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: 'ids must be JSON strings: a number above 2^53 has already lost digits',
      params: { rule: 'unsafe_integer' },
    });
    return z.NEVER;
  }
  if (!ID_PATTERN.test(value)) {
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: 'expected 1-64 letters, digits, ".", "_", ":" or "-" (starting with a letter or digit)',
      params: { rule: 'id_format' },
    });
    return z.NEVER;
  }
  return value;
});

/** ISO 8601 instant with a zone, as every timestamp on the bus. */
export const instantSchema = z.iso.datetime({ offset: true });
