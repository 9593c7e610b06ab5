import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { GBDT_KERNEL_WASM_BASE64 } from './gbdt-kernel.wasm';

/**
 * The exports of gbdt-kernel.wat (see there for what each does). Every pointer is a byte
 * address in the kernel's memory.
 */
export interface GbdtKernel {
  gather(rows: number, count: number, source: number, target: number): void;
  build_u8(rows: number, count: number, grads: number, plan: number, numFeatures: number, hist: number): void;
  build_u16(rows: number, count: number, grads: number, plan: number, numFeatures: number, hist: number): void;
  split_u8(begin: number, end: number, column: number, table: number, scratch: number): number;
  split_u16(begin: number, end: number, column: number, table: number, scratch: number): number;
  add_to_rows(rows: number, count: number, scores: number, value: number): void;
}

export interface GbdtKernelInstance {
  readonly kernel: GbdtKernel;
  /** The kernel's whole memory, zero-filled; it never grows, so views on it stay valid. */
  readonly buffer: ArrayBuffer;
}

/** What this file needs of the WebAssembly global (the base tsconfig has no DOM typings). */
interface WebAssemblyRuntime {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
/** A 32-bit WebAssembly memory holds at most 4 GiB. */
const MAX_KERNEL_MEMORY_BYTES = 65536 * PAGE_BYTES;

const runtime = (globalThis as unknown as { WebAssembly: WebAssemblyRuntime }).WebAssembly;
let compiled: object | undefined;

/** A kernel with a memory of at least `byteLength` bytes. The 1.3 kB module compiles once per thread. */
export function instantiateGbdtKernel(byteLength: number): GbdtKernelInstance {
  if (byteLength > MAX_KERNEL_MEMORY_BYTES) {
    throw new MlException(
      MlErrorCode.InvalidDataset,
      `training needs ${byteLength} bytes of working memory, more than the ${MAX_KERNEL_MEMORY_BYTES} a WebAssembly memory can hold; train on fewer rows`,
      { byteLength },
    );
  }
  compiled ??= new runtime.Module(Buffer.from(GBDT_KERNEL_WASM_BASE64, 'base64'));
  const pages = Math.max(1, Math.ceil(byteLength / PAGE_BYTES));
  const memory = new runtime.Memory({ initial: pages, maximum: pages });
  const instance = new runtime.Instance(compiled, { env: { memory } });
  return { kernel: instance.exports as GbdtKernel, buffer: memory.buffer };
}
