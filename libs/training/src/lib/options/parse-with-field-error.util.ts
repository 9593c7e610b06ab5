import { z } from 'zod';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';

/** Parses a request; the error names the first field that is wrong (or the unknown fields) and the rule. */
export function parseWithFieldError<S extends z.ZodObject>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  if (issue?.code === 'unrecognized_keys') {
    throw new InvalidTrainingRequestError(issue.keys.join(', '), `unknown field (known: ${Object.keys(schema.shape).join(', ')})`);
  }
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new InvalidTrainingRequestError(field, issue?.message ?? 'invalid');
}
