/**
 * Maps the contracts' topic names to the names on the broker: `<prefix><topic>`. One cluster can
 * then hold several deployments (`staging.`), and each test run its own topics; handlers keep
 * using the plain names (`@EventPattern(MODEL_PROMOTED_TOPIC)`).
 */
export class TopicNamespace {
  constructor(readonly prefix = '') {
    if (!/^[A-Za-z0-9._-]*$/.test(prefix)) throw new Error(`topic prefix "${prefix}": only letters, digits, ".", "_" and "-"`);
  }

  physical(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  logical(physicalTopic: string): string {
    if (!physicalTopic.startsWith(this.prefix)) throw new Error(`topic "${physicalTopic}" is outside the prefix "${this.prefix}"`);
    return physicalTopic.slice(this.prefix.length);
  }
}
