import type { Catalog } from '../catalog/catalog';
import { purchaseProbability } from '../model/purchase-model';
import type { Population } from '../population/population';
import type { Random } from '../random/random';
import { SESSION_BEHAVIOUR as B } from './session-behaviour';

const VIEW = 0;
const CART = 1;
const REMOVE_FROM_CART = 2;
export const PURCHASE = 3;
/** Added to VIEW in a plan when that first view drew a purchase. */
export const DECIDED_PURCHASE = 4;

/** Numbers per planned event in `SessionPlan.events`. */
export const STRIDE = 4;

/**
 * One session's events, planned when it starts and emitted in time order by the generator.
 * `events` holds STRIDE numbers per event (one array per session, not one per field):
 * - epoch second (strictly increasing: a purchase is always after the view that decided it),
 * - kind (VIEW, CART, REMOVE_FROM_CART, PURCHASE) + 4 when the view decided a purchase,
 * - product index,
 * - at a first view of the product, the true purchase probability; -1 elsewhere.
 */
export interface SessionPlan {
  user: number;
  sessionId: string;
  events: number[];
  /** Offset in `events` of the next event to emit. */
  next: number;
  /** The writer's rendering of user and session, the end of every line. */
  tail: Uint8Array;
  /** Link for the session queue. */
  nextInSecond: SessionPlan | undefined;
}

export interface SessionContext {
  random: Random;
  catalog: Catalog;
  population: Population;
}

const EMPTY = new Uint8Array(0);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const VARIANT = ['8', '9', 'a', 'b'];

/** `x` is an unsigned 32-bit integer, so every index is below 256 and the defaults never apply. */
function hex32(x: number): string {
  return (HEX[x >>> 24] ?? '') + (HEX[(x >>> 16) & 255] ?? '') + (HEX[(x >>> 8) & 255] ?? '') + (HEX[x & 255] ?? '');
}

/** A version-4 UUID from the seeded stream. */
function sessionUuid(random: Random): string {
  const hex = hex32(random.nextUint32()) + hex32(random.nextUint32()) + hex32(random.nextUint32()) + hex32(random.nextUint32());
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${VARIANT[random.nextUint32() & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function gapSeconds(random: Random, gap: { mu: number; sigma: number; capSeconds: number }): number {
  return 1 + Math.min(gap.capSeconds, Math.floor(random.logNormal(gap.mu, gap.sigma)));
}

function pickProduct({ random, catalog }: SessionContext, category: number): number {
  const start = catalog.categoryStart[category] ?? 0;
  const end = catalog.categoryEnd[category] ?? 0;
  if (end > start) return catalog.productTable.sample(random, start, end);
  // A category no product fell into (tiny catalogs): any product, by popularity.
  return random.weighted(catalog.productCumulative);
}

function pickCategory({ random, catalog, population }: SessionContext, user: number, preferredChance: number): number {
  if (random.next() < preferredChance) return population.preferredCategories[2 * user + (random.next() < 0.5 ? 0 : 1)] ?? 0;
  return catalog.categoryTable.sample(random);
}

function push(plan: SessionPlan, time: number, kind: number, product: number, probability: number): void {
  plan.events.push(time, kind, product, probability);
}

// Scratch space reused by every plan (the generator is single-threaded): carts, removals and
// purchases waiting for their step, and the products viewed so far.
const pendingStep: number[] = [];
const pendingKind: number[] = [];
const pendingProduct: number[] = [];
const viewed: number[] = [];

function schedule(step: number, kind: number, product: number): void {
  pendingStep.push(step);
  pendingKind.push(kind);
  pendingProduct.push(product);
}

/** Emits the follow-ups due by `step`, in the order they were scheduled; returns the new time. */
function emitDue(plan: SessionPlan, random: Random, step: number, time: number): number {
  let kept = 0;
  // The three lists always have the same length: the `?? 0` defaults never apply.
  for (let i = 0; i < pendingStep.length; i++) {
    const dueStep = pendingStep[i] ?? 0;
    const kind = pendingKind[i] ?? 0;
    const product = pendingProduct[i] ?? 0;
    if (dueStep > step) {
      pendingStep[kept] = dueStep;
      pendingKind[kept] = kind;
      pendingProduct[kept] = product;
      kept += 1;
    } else {
      time += gapSeconds(random, B.followUpGap);
      push(plan, time, kind, product, -1);
    }
  }
  pendingStep.length = pendingKind.length = pendingProduct.length = kept;
  return time;
}

/**
 * Plans a session: view steps (new products by category preference and popularity, re-views of
 * earlier ones); at each first view the purchase is drawn from the ground-truth probability, and
 * the purchase (after an optional cart) is scheduled a few steps later; some products are carted
 * and abandoned, a few of those removed.
 */
export function planSession(context: SessionContext, user: number, startSecond: number): SessionPlan {
  const { random, catalog, population } = context;
  const plan: SessionPlan = {
    user,
    sessionId: sessionUuid(random),
    events: [],
    next: 0,
    tail: EMPTY,
    nextInSecond: undefined,
  };
  const keepGoing = random.beta(B.continueBeta.a, B.continueBeta.b);
  let steps = 1;
  while (steps < B.maxViewSteps && random.next() < keepGoing) steps += 1;

  // `user` and every product index come from the population's and the catalog's own tables: the
  // `?? 0` defaults below never apply.
  const pastPurchases = population.purchases[user] ?? 0;
  const preferredA = population.preferredCategories[2 * user] ?? 0;
  const preferredB = population.preferredCategories[2 * user + 1] ?? 0;
  viewed.length = 0;
  pendingStep.length = pendingKind.length = pendingProduct.length = 0;
  let category = pickCategory(context, user, B.startInPreferred);
  let time = startSecond;

  for (let step = 0; step < steps; step++) {
    if (step > 0) time += gapSeconds(random, B.gap);
    let product: number;
    let first = false;
    if (step > 0 && random.next() < B.repeatView) {
      product = (random.next() < B.repeatLast ? viewed[viewed.length - 1] : viewed[random.int(viewed.length)]) ?? 0;
    } else {
      if (step > 0 && random.next() >= B.stayInCategory) category = pickCategory(context, user, 0.3);
      product = pickProduct(context, category);
      first = !viewed.includes(product);
    }
    if (!first) {
      push(plan, time, VIEW, product, -1);
    } else {
      viewed.push(product);
      const productCategory = catalog.productCategory[product] ?? 0;
      const probability = purchaseProbability({
        priceLogRatio: catalog.productPriceLogRatio[product] ?? 0,
        eventsBefore: plan.events.length / STRIDE,
        pastPurchases,
        popularityLog: catalog.productLogPopularity[product] ?? 0,
        propensity: population.propensity[user] ?? 0,
        priceSensitivity: population.priceSensitivity[user] ?? 0,
        preferred: productCategory === preferredA || productCategory === preferredB,
      });
      const buys = random.next() < probability;
      push(plan, time, buys ? VIEW + DECIDED_PURCHASE : VIEW, product, probability);
      if (buys) {
        let delay = 1;
        while (random.next() >= B.purchaseDelayP) delay += 1;
        if (random.next() < B.cartBeforePurchase) schedule(step, CART, product);
        schedule(step + delay, PURCHASE, product);
      } else if (random.next() < B.abandonedCartFactor * probability) {
        schedule(step, CART, product);
        if (random.next() < B.removeAbandonedCart) schedule(step + 1 + random.int(3), REMOVE_FROM_CART, product);
      }
    }
    if (pendingStep.length > 0) time = emitDue(plan, random, step, time);
  }
  if (pendingStep.length > 0) emitDue(plan, random, Number.POSITIVE_INFINITY, time);
  return plan;
}
