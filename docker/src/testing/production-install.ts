import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** Installs are kept here, one folder per distinct (files, command, Node, platform); unused ones expire. */
const INSTALL_CACHE_DIR = process.env['BUNDLE_INSTALL_CACHE_DIR'] ?? join(homedir(), '.cache', 'platform-bundles');
const DONE = '.installed';
const EXPIRY_MS = 7 * 24 * 3600 * 1000;

export interface ProductionInstall {
  /** The folder holding `node_modules`. */
  dir: string;
  cached: boolean;
  seconds: number;
}

/**
 * Runs `command` (the image's `npm ci --omit=dev ...`) in a fresh temporary folder holding only
 * `files` (the image's deps stage: .npmrc, the bundle's package.json and lock), once per distinct
 * input: the result is cached by a hash of the files' contents, the command, the Node version and
 * the platform, so an unchanged lock installs nothing again. A failed install leaves no cache entry.
 */
export function productionInstall(files: string[], command: string, log: (line: string) => void): ProductionInstall {
  const hash = createHash('sha256').update(`${command}\n${process.version}\n${process.platform}-${process.arch}\n`);
  for (const file of files) hash.update(`${basename(file)}\n`).update(readFileSync(file));
  const dir = join(INSTALL_CACHE_DIR, hash.digest('hex').slice(0, 24));
  const started = Date.now();
  if (existsSync(join(dir, DONE))) {
    const now = new Date();
    utimesSync(join(dir, DONE), now, now);
    return { dir, cached: true, seconds: 0 };
  }
  mkdirSync(INSTALL_CACHE_DIR, { recursive: true });
  const work = mkdtempSync(join(INSTALL_CACHE_DIR, 'install-'));
  try {
    for (const file of files) copyFileSync(file, join(work, basename(file)));
    log(`${command} in ${work} (${files.map((file) => basename(file)).join(', ')})...`);
    execSync(command, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    writeFileSync(join(work, DONE), new Date().toISOString());
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    const output = (error as { stderr?: Buffer }).stderr?.toString().slice(-4000) ?? '';
    throw new Error(`${command} failed for ${files.join(', ')}: ${(error as Error).message}\n${output}`);
  }
  return { dir, cached: false, seconds: (Date.now() - started) / 1000 };
}

/** Removes cached installs no run has used for a week (each is a few hundred MB). */
export function expireProductionInstalls(): void {
  if (!existsSync(INSTALL_CACHE_DIR)) return;
  for (const entry of readdirSync(INSTALL_CACHE_DIR)) {
    const marker = join(INSTALL_CACHE_DIR, entry, DONE);
    const stale = !existsSync(marker) ? Date.now() - statSync(join(INSTALL_CACHE_DIR, entry)).mtimeMs > 24 * 3600 * 1000 : Date.now() - statSync(marker).mtimeMs > EXPIRY_MS;
    if (stale) rmSync(join(INSTALL_CACHE_DIR, entry), { recursive: true, force: true });
  }
}
