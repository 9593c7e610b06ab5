import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';

export interface JsonSyntaxPosition {
  /** 0-based, in characters. */
  offset: number;
  /** 1-based. */
  line: number;
  column: number;
  problem: string;
}

/**
 * Where a JSON text first breaks the grammar. V8's `JSON.parse` message names the position only
 * for some errors ("Unexpected token ']', "[1,]" is not valid JSON" does not), so after a failed
 * parse the text is scanned again by jsonc-parser (VS Code's JSON scanner), which always gives
 * the offset. Comments and trailing commas count as errors, as in JSON.
 */
export function jsonSyntaxPosition(text: string): JsonSyntaxPosition | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  if (first === undefined) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < first.offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: first.offset, line, column: first.offset - lineStart + 1, problem: printParseErrorCode(first.error) };
}
