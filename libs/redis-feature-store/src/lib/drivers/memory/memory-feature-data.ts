import { Clock, systemClock } from './clock';

interface Expiring {
  expiresAt: number | null;
}

/**
 * The keyspace of the in-memory store, shareable by several store instances (like several
 * connections to one Redis). Values are kept as the strings Redis would hold; expired keys
 * disappear on access, as in Redis.
 */
export class MemoryFeatureData {
  private readonly hashes = new Map<string, Expiring & { fields: Map<string, string> }>();
  private readonly strings = new Map<string, Expiring & { value: string }>();

  constructor(readonly clock: Clock = systemClock) {}

  hash(key: string): Map<string, string> | undefined {
    return this.live(this.hashes, key)?.fields;
  }

  hashForWrite(key: string): Map<string, string> {
    const existing = this.hash(key);
    if (existing) return existing;
    const created = { fields: new Map<string, string>(), expiresAt: null };
    this.hashes.set(key, created);
    return created.fields;
  }

  /** DEL of a hash. */
  deleteHash(key: string): void {
    this.hashes.delete(key);
  }

  string(key: string): string | undefined {
    return this.live(this.strings, key)?.value;
  }

  setString(key: string, value: string, ttlSeconds?: number): void {
    this.strings.set(key, { value, expiresAt: ttlSeconds === undefined ? null : this.clock.now() + ttlSeconds * 1000 });
  }

  /** EXPIRE: no-op on a missing key. */
  expire(key: string, ttlSeconds: number): void {
    const entry = this.live(this.hashes, key) ?? this.live(this.strings, key);
    if (entry) entry.expiresAt = this.clock.now() + ttlSeconds * 1000;
  }

  private live<T extends Expiring>(map: Map<string, T>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.clock.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }
}
