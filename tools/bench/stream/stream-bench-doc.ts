import { writeBenchSection } from '../bench-doc';

/** Puts `section` between the stream markers of docs/benchmarks.md (see `writeBenchSection`). */
export function writeStreamSection(path: string, section: string): void {
  writeBenchSection(path, 'stream', section);
}
