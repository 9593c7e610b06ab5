import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const DOCKER_DIR = join(__dirname, '..', '..');
export const WORKSPACE_DIR = join(DOCKER_DIR, '..');

interface ComposeService {
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  restart?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** A compose file as compose reads it: YAML with merge keys (`<<: *anchor`) resolved. */
export function readComposeFile(file: string): ComposeFile {
  return parse(readFileSync(join(DOCKER_DIR, file), 'utf8'), { merge: true }) as ComposeFile;
}

/** `KEY=value` lines of an env file (compose's `.env`), comments and blank lines left out. */
export function readEnvFile(file: string): Record<string, string> {
  const entries = readFileSync(join(DOCKER_DIR, file), 'utf8')
    .split('\n')
    .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] as string, match[2] as string]);
  return Object.fromEntries(entries);
}
