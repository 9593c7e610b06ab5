// Compiles a WebAssembly text file (.wat) into a TypeScript module holding the binary as base64,
// next to it: `node tools/scripts/compile-wat.mjs libs/ml/src/lib/gbdt/gbdt-kernel.wat` writes
// gbdt-kernel.wasm.ts exporting GBDT_KERNEL_WASM_BASE64. Embedding the bytes keeps the runtime
// free of file reads and of the compiler (wabt is a dev dependency); the spec next to the .wat
// compiles it again and fails when the embedded bytes are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import wabt from 'wabt';

const file = process.argv[2];
if (!file?.endsWith('.wat')) {
  console.error('usage: node tools/scripts/compile-wat.mjs <path/to/module.wat>');
  process.exit(2);
}
const name = basename(file, '.wat');
const constant = `${name.replace(/[^a-zA-Z0-9]+/g, '_').toUpperCase()}_WASM_BASE64`;
const module = (await wabt()).parseWat(basename(file), readFileSync(file, 'utf8'));
module.validate();
const base64 = Buffer.from(module.toBinary({}).buffer).toString('base64');
const root = join(import.meta.dirname, '..', '..');
const command = `node tools/scripts/compile-wat.mjs ${relative(root, file)}`;
const target = join(dirname(file), `${name}.wasm.ts`);
writeFileSync(
  target,
  `// Generated from ${name}.wat by \`${command}\`: do not edit.\nexport const ${constant} =\n  '${base64}';\n`,
);
console.log(`wrote ${relative(root, target)} (${Buffer.from(base64, 'base64').length} bytes of WebAssembly)`);
