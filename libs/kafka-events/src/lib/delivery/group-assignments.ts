/** Partitions per (logical) topic that one consumer owns after its latest group join. */
export type Assignments = Record<string, number[]>;

export type GroupJoinListener = (assignments: Assignments) => void;

/** Both transports' servers implement this, so callers (and tests) can wait for a group to settle. */
export interface EventBusServer {
  assignments(): Assignments;
  /** Called after every join or rebalance of this consumer (kafkajs `GROUP_JOIN`); returns how to stop. */
  onGroupJoin(listener: GroupJoinListener): () => void;
}

/** Keeps a server's latest assignments and tells listeners when they change. */
export class GroupAssignments {
  private current: Assignments = {};
  private readonly listeners = new Set<GroupJoinListener>();

  get(): Assignments {
    return structuredClone(this.current);
  }

  set(assignments: Assignments): void {
    this.current = structuredClone(assignments);
    for (const listener of this.listeners) listener(this.get());
  }

  update(topic: string, partitions: number[]): void {
    this.set({ ...this.current, [topic]: [...partitions].sort((a, b) => a - b) });
  }

  listen(listener: GroupJoinListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
