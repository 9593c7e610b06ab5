/**
 * Compose's variable interpolation (the Compose specification's "Interpolation" section), applied
 * like `docker compose config` does: to every string value of the parsed file, never to keys.
 * `$$` is a literal `$`; `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+other}`, `${VAR+other}` and `$VAR`. Every missing required variable is
 * reported, as compose words it: `required variable VAR is missing a value: <error>`.
 */
export function interpolateCompose<T>(model: T, env: Record<string, string | undefined>): { model: T; errors: string[]; variables: Set<string> } {
  const errors: string[] = [];
  const variables = new Set<string>();
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return interpolateString(value, env, errors, variables);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return { model: walk(model) as T, errors: [...new Set(errors)], variables };
}

const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolateString(text: string, env: Record<string, string | undefined>, errors: string[], variables: Set<string>): string {
  return text.replace(REFERENCE, (_match, dollar?: string, braced?: string, operator?: string, argument = '', bare?: string) => {
    if (dollar) return '$';
    const name = (braced ?? bare) as string;
    variables.add(name);
    const value = env[name];
    const unset = value === undefined;
    const empty = unset || value === '';
    switch (operator) {
      case ':-':
        return empty ? argument : (value as string);
      case '-':
        return unset ? argument : (value as string);
      case ':?':
      case '?':
        if (operator === ':?' ? empty : unset) {
          errors.push(`required variable ${name} is missing a value: ${argument}`);
          return '';
        }
        return value as string;
      case ':+':
        return empty ? '' : argument;
      case '+':
        return unset ? '' : argument;
      default:
        return value ?? '';
    }
  });
}
