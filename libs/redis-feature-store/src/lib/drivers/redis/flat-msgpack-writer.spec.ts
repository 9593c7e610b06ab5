import { unpack } from 'msgpackr';
import { FlatMsgpackWriter } from './flat-msgpack-writer';

describe('FlatMsgpackWriter', () => {
  it('writes numbers and texts of every width as a MessagePack array a standard reader decodes exactly', () => {
    const numbers = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -1, -32, -33, -128, -32768, -(2 ** 31), -(2 ** 31) - 1, 0.1, -2.5, 1e300, 5e-324];
    const texts = ['', 'a', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(100), 'ü', 'é'.repeat(40), '日本'.repeat(50), 'q'.repeat(70_000), 'z'.repeat(300)];
    const writer = new FlatMsgpackWriter(16); // far too small: it grows
    for (const value of numbers) writer.number(value);
    for (const value of texts) writer.string(value);
    expect(unpack(writer.finish())).toEqual([...numbers, ...texts]);
  });

  it('fills in a reserved count after the items it counts', () => {
    const writer = new FlatMsgpackWriter(1024);
    const slot = writer.reserve();
    writer.string('a');
    writer.number(2);
    writer.patch(slot, 70_000);
    expect(writer.items).toBe(3);
    expect(unpack(writer.finish())).toEqual([70_000, 'a', 2]);
  });
});
