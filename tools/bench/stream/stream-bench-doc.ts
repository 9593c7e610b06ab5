import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const STREAM_SECTION_START = '<!-- bench:stream:start -->';
export const STREAM_SECTION_END = '<!-- bench:stream:end -->';

/**
 * Puts `section` between the stream markers of docs/benchmarks.md, leaving every other
 * benchmark's section alone; creates the file (titled "# Benchmarks") or appends the markers if
 * missing. (The ml benchmark has its own twin, ml-bench-doc.ts.)
 */
export function writeStreamSection(path: string, section: string): void {
  const block = `${STREAM_SECTION_START}\n${section.trim()}\n${STREAM_SECTION_END}`;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# Benchmarks\n\n${block}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(STREAM_SECTION_START);
  const end = text.indexOf(STREAM_SECTION_END);
  if (start >= 0 && end > start) {
    writeFileSync(path, text.slice(0, start) + block + text.slice(end + STREAM_SECTION_END.length));
  } else {
    writeFileSync(path, `${text.trimEnd()}\n\n${block}\n`);
  }
}
