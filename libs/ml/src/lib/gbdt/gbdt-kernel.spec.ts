import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabt from 'wabt';
import { GBDT_KERNEL_WASM_BASE64 } from './gbdt-kernel.wasm';

describe('gbdt-kernel.wasm.ts', () => {
  it('holds the compiled gbdt-kernel.wat (else run the command written at its top)', async () => {
    const text = readFileSync(join(__dirname, 'gbdt-kernel.wat'), 'utf8');
    const module = (await wabt()).parseWat('gbdt-kernel.wat', text);
    module.validate();
    const compiled = Buffer.from(module.toBinary({}).buffer).toString('base64');
    module.destroy();
    expect(GBDT_KERNEL_WASM_BASE64).toBe(compiled);
  });
});
