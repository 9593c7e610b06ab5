import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The monorepo's root (the folder holding nx.json), wherever this file is run from (source or dist). */
export const WORKSPACE_ROOT = findWorkspaceRoot(__dirname);

function findWorkspaceRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${start}: @platform/testing runs inside the workspace only`);
  }
}
