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
  /** The keyspace of every memory store configured `shared` in this process. */
  static readonly shared = new MemoryFeatureData();

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

  /** Every live key, hashes and strings (SCAN). */
  keys(): string[] {
    return [...this.hashes.keys(), ...this.strings.keys()].filter((key) => this.hash(key) !== undefined || this.string(key) !== undefined);
  }

  /** UNLINK of any key. */
  deleteKey(key: string): void {
    this.hashes.delete(key);
    this.strings.delete(key);
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

  /** Every live key, with its absolute expiry (epoch ms), to be written somewhere and restored later. */
  snapshot(): MemoryFeatureSnapshot {
    const hashes: MemoryFeatureSnapshot['hashes'] = [];
    const strings: MemoryFeatureSnapshot['strings'] = [];
    for (const key of [...this.hashes.keys()]) {
      const entry = this.live(this.hashes, key);
      if (entry) hashes.push([key, Object.fromEntries(entry.fields), entry.expiresAt]);
    }
    for (const key of [...this.strings.keys()]) {
      const entry = this.live(this.strings, key);
      if (entry) strings.push([key, entry.value, entry.expiresAt]);
    }
    return { version: 1, hashes, strings };
  }

  /** Puts a snapshot's keys back (replacing keys of the same name); ones expired since are left out. */
  restore(snapshot: MemoryFeatureSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`memory feature snapshot version ${String(snapshot.version)} is not 1: delete the file to start afresh`);
    const now = this.clock.now();
    for (const [key, fields, expiresAt] of snapshot.hashes) {
      if (expiresAt === null || expiresAt > now) this.hashes.set(key, { fields: new Map(Object.entries(fields)), expiresAt });
    }
    for (const [key, value, expiresAt] of snapshot.strings) {
      if (expiresAt === null || expiresAt > now) this.strings.set(key, { value, expiresAt });
    }
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

/** A keyspace as JSON: `[key, fields, expiresAt | null]` and `[key, value, expiresAt | null]`. */
export interface MemoryFeatureSnapshot {
  version: 1;
  hashes: [string, Record<string, string>, number | null][];
  strings: [string, string, number | null][];
}
