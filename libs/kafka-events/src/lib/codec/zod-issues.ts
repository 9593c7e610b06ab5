import type { z } from 'zod';
import { MessageIssue } from '../errors/message-validation.error';

const QUOTABLE_VALUE_CHARS = 200;

/** zod's issues in our words: a readable field path, a rule name and the offending value if short. */
export function toMessageIssues(issues: readonly z.core.$ZodIssue[]): [MessageIssue, ...MessageIssue[]] {
  const converted = issues.map((issue) => toMessageIssue(issue, []));
  return converted.length > 0 ? (converted as [MessageIssue, ...MessageIssue[]]) : [{ field: '', rule: 'invalid', message: 'invalid message' }];
}

function toMessageIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[]): MessageIssue {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The alternative that came closest says best what is wrong.
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    const [first] = closest;
    if (first !== undefined) return toMessageIssue(first, path);
  }
  const rule =
    issue.code === 'custom'
      ? String((issue.params as { rule?: unknown } | undefined)?.rule ?? 'custom')
      : issue.code === 'invalid_format'
        ? `invalid_format:${issue.format}`
        : issue.code;
  const result: MessageIssue = { field: formatPath(path), rule, message: issue.message };
  if ('input' in issue && issue.input !== undefined && isQuotable(issue.input)) result.value = issue.input;
  return result;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

function isQuotable(value: unknown): boolean {
  try {
    const json = JSON.stringify(value);
    return json !== undefined && json.length <= QUOTABLE_VALUE_CHARS;
  } catch {
    return false;
  }
}
