import { MemoryFeatureData } from './memory-feature-data';

describe('MemoryFeatureData snapshot', () => {
  it('restores hashes and strings with their expiry, leaving out keys expired since', () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const source = new MemoryFeatureData(clock);
    source.hashForWrite('user:1').set('views', '3');
    source.hashForWrite('user:2').set('views', '1');
    source.expire('user:2', 10);
    source.setString('freshness', '42', 100);
    const snapshot = JSON.parse(JSON.stringify(source.snapshot()));

    now += 20_000; // user:2 has expired, freshness has not
    const restored = new MemoryFeatureData(clock);
    restored.restore(snapshot);
    expect(restored.hash('user:1')?.get('views')).toBe('3');
    expect(restored.hash('user:2')).toBeUndefined();
    expect(restored.string('freshness')).toBe('42');
    now += 100_000;
    expect(restored.string('freshness')).toBeUndefined();
  });

  it('refuses a snapshot of another version, saying what to do', () => {
    expect(() => new MemoryFeatureData().restore({ version: 2 } as never)).toThrow(/delete the file/);
  });
});
