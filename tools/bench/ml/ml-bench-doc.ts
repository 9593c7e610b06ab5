import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const ML_SECTION_START = '<!-- bench:ml:start -->';
export const ML_SECTION_END = '<!-- bench:ml:end -->';

/**
 * Puts `section` between the ml markers of docs/benchmarks.md, leaving every other benchmark's
 * section alone; creates the file (titled "# Benchmarks") or appends the markers if missing.
 */
export function writeMlSection(path: string, section: string): void {
  const block = `${ML_SECTION_START}\n${section.trim()}\n${ML_SECTION_END}`;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# Benchmarks\n\n${block}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(ML_SECTION_START);
  const end = text.indexOf(ML_SECTION_END);
  if (start >= 0 && end > start) {
    writeFileSync(path, text.slice(0, start) + block + text.slice(end + ML_SECTION_END.length));
  } else {
    writeFileSync(path, `${text.trimEnd()}\n\n${block}\n`);
  }
}
