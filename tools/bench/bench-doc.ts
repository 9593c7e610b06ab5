import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Puts `section` between the `<!-- bench:<name>:start/end -->` markers of docs/benchmarks.md,
 * leaving every other benchmark's section alone; creates the file (titled "# Benchmarks") or
 * appends the markers if missing.
 */
export function writeBenchSection(path: string, name: string, section: string): void {
  const startMarker = `<!-- bench:${name}:start -->`;
  const endMarker = `<!-- bench:${name}:end -->`;
  const block = `${startMarker}\n${section.trim()}\n${endMarker}`;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# Benchmarks\n\n${block}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start >= 0 && end > start) writeFileSync(path, text.slice(0, start) + block + text.slice(end + endMarker.length));
  else writeFileSync(path, `${text.trimEnd()}\n\n${block}\n`);
}
