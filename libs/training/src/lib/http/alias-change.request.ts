import { z } from 'zod';
import { CHAMPION_ALIAS } from '../promotion/promotion-policy';
import { parseWithFieldError } from '../options/parse-with-field-error.util';

/** `POST /models/:name/aliases`: a manual promotion or a rollback, with who and why. */
export const aliasChangeSchema = z.strictObject({
  alias: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lower-case alias such as "champion"').default(CHAMPION_ALIAS),
  version: z.number({ error: 'expected a version number' }).int('expected a whole version number').min(1, 'expected a version number of 1 or more'),
  reason: z.string({ error: 'expected why the alias moves (it is kept in the alias history)' }).trim().min(3, 'expected why the alias moves (it is kept in the alias history)').max(1000),
  actor: z.string().trim().min(1).max(255).default('api'),
});

export type AliasChangeRequest = z.output<typeof aliasChangeSchema>;

export function parseAliasChange(body: unknown): AliasChangeRequest {
  return parseWithFieldError(aliasChangeSchema, body);
}
