import { constants, crc32, deflateRawSync } from 'node:zlib';

const BLOCK_BYTES = 1 << 20;

/**
 * A valid gzip member of `inflatedBytes` zero bytes (a multiple of 1 MiB), built without
 * compressing them all: one MiB of zeros deflated with a full flush resets the compressor, so its
 * output can be repeated; the trailer carries the real CRC-32 and size. 10 GiB makes ~10 MB.
 */
export function gzipBombOfZeros(inflatedBytes: number): Buffer {
  const blocks = Math.ceil(inflatedBytes / BLOCK_BYTES);
  const zeros = Buffer.alloc(BLOCK_BYTES);
  const block = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0)); // an empty final block
  let crc = 0;
  for (let i = 0; i < blocks; i++) crc = crc32(zeros, crc);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((blocks * BLOCK_BYTES) % 2 ** 32, 4);
  return Buffer.concat([header, ...Array.from({ length: blocks }, () => block), last, trailer]);
}
