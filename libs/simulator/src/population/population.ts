import type { Catalog } from '../catalog/catalog';
import { AliasTable } from '../random/alias-table';
import type { Random } from '../random/random';

/** Users as flat arrays; traits are fixed for the run, history grows as events are emitted. */
export interface Population {
  userCount: number;
  /** Draws the user of a new session, by activity. */
  activityTable: AliasTable;
  /** Latent purchase propensity (added to the purchase logit). */
  propensity: Float64Array;
  /** Latent price sensitivity (multiplies the price term). */
  priceSensitivity: Float64Array;
  /** Two preferred categories per user (`2u`, `2u + 1`). */
  preferredCategories: Int32Array;
  /** Purchases emitted so far, per user: the history features can see. */
  purchases: Int32Array;
  /** Multiplier of the bijection that scatters user indexes over the id range. */
  idMultiplier: number;
}

export interface PopulationOptions {
  users: number;
  /** sd of ln activity: a few users come back often, most once. */
  activitySpread: number;
  /** sd of the latent propensity. */
  propensitySpread: number;
}

const USER_ID_MIN = 500_000_000;
const USER_ID_SPAN = 100_000_000;

export function buildPopulation(random: Random, catalog: Catalog, options: PopulationOptions): Population {
  const { users } = options;
  const activity = new Float64Array(users);
  const propensity = new Float64Array(users);
  const priceSensitivity = new Float64Array(users);
  const preferredCategories = new Int32Array(users * 2);
  for (let u = 0; u < users; u++) {
    activity[u] = random.logNormal(0, options.activitySpread);
    propensity[u] = options.propensitySpread * random.normal();
    priceSensitivity[u] = random.logNormal(0, 0.4);
    preferredCategories[2 * u] = catalog.categoryTable.sample(random);
    preferredCategories[2 * u + 1] = catalog.categoryTable.sample(random);
  }
  let idMultiplier = Math.max(1, Math.floor(users * 0.618));
  while (gcd(idMultiplier, users) !== 1) idMultiplier += 1;
  return {
    userCount: users,
    activityTable: new AliasTable(activity),
    propensity,
    priceSensitivity,
    preferredCategories,
    purchases: new Int32Array(users),
    idMultiplier,
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A 9-digit REES46-like user id, computed rather than stored: `u -> (m·u + 1) mod n` permutes the
 * users (m coprime to n), each gets its own slot of the id range, jittered inside it.
 */
export function userIdOf(population: Population, user: number): string {
  const { userCount, idMultiplier } = population;
  const slot = Math.floor(USER_ID_SPAN / userCount);
  const position = (idMultiplier * user + 1) % userCount;
  const jitter = (Math.imul(user + 1, 0x9e3779b1) >>> 0) % slot;
  return String(USER_ID_MIN + position * slot + jitter);
}
