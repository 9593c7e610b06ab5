import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('polls until the condition holds and returns the value seen', async () => {
    let calls = 0;
    await expect(waitUntil('three calls', async () => ++calls, (n) => n >= 3)).resolves.toBe(3);
  });

  it('fails naming what it waited for and the last value seen', async () => {
    await expect(waitUntil('a miracle', async () => 'nothing', () => false, 250)).rejects.toThrow(
      'timed out after 250 ms waiting for a miracle (last: "nothing")',
    );
  });
});
