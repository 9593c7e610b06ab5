// The npm registry reachable from this workplace serves only the Linux builds of packages that
// ship one optional package per platform (@swc/core-*, sass-embedded-*, @unrs/resolver-binding-*).
// `npm install` then leaves the others out of package-lock.json, and `npm ci` refuses the lock
// ("Missing: @swc/core-darwin-arm64@ from lock file"). This adds the missing entries with the
// os/cpu/libc their names declare, so `npm ci` accepts the lock and skips them as it would on the
// public registry. Run it after every `npm install` that changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const OSES = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'openbsd', 'netbsd', 'aix'];
const CPUS = { arm64: 'arm64', aarch64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OSES.find((candidate) => parts.includes(candidate));
  const cpu = Object.keys(CPUS).find((candidate) => parts.includes(candidate) || parts.some((part) => part.startsWith(candidate)));
  const entry = {};
  // No recognisable platform (e.g. sass-embedded-all-unknown): a fallback for other systems.
  entry.os = os ? [os] : ['!linux', '!darwin', '!win32'];
  if (cpu) entry.cpu = [CPUS[cpu]];
  if (parts.includes('musl') || parts.includes('musleabihf')) entry.libc = ['musl'];
  return entry;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path === '' ? 'node_modules' : `${path}/node_modules`;
    if (packages[`${base}/${name}`] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version, ...(meta.dev ? { dev: true } : {}), optional: true, ...platformOf(name) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform package(s) added`);
