/** The hash fields holding a latest-group's stamp, as `applyKeyUpdate` in @platform/features names them. */
export function stampFieldsOf(group: string): { at: string; tiebreak: string } {
  return { at: `${group}_at`, tiebreak: `${group}_tb` };
}

/**
 * Tiebreaks compare by UTF-8 bytes, the order the Redis script can reproduce exactly (Lua's own
 * string comparison follows the server's locale). It equals JavaScript's order for ASCII, which
 * event ids are.
 */
export function isNewerStamp(
  stored: { at: number | null; tiebreak: string | undefined },
  at: number,
  tiebreak: string,
): boolean {
  if (stored.at === null) return true;
  if (at !== stored.at) return at > stored.at;
  return Buffer.compare(Buffer.from(tiebreak, 'utf8'), Buffer.from(stored.tiebreak ?? '', 'utf8')) > 0;
}
