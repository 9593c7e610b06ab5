import { buildCatalog } from './catalog/catalog';
import { sessionRateAt } from './model/daily-rhythm';
import { EventLineWriter, REES46_HEADER } from './output/event-line-writer';
import { buildPopulation, userIdOf } from './population/population';
import { Random } from './random/random';
import { DECIDED_PURCHASE, PURCHASE, planSession, STRIDE, type SessionContext, type SessionPlan } from './session/plan-session';
import { SessionQueue } from './session/session-queue';
import { checkSimulatorOptions, SIMULATOR_DEFAULTS, type SimulatorOptions } from './simulator-options';

/**
 * Generates a REES46-shaped clickstream as byte chunks (CSV with header, or NDJSON), in event
 * time order, deterministically from the seed: the same options give the same bytes, and a
 * shorter run is a prefix of a longer one. Sessions arrive by a daily rhythm; each is planned
 * when it starts (see `planSession`) and its events are merged with the other open sessions'.
 */
export function* generateClickstream(options: SimulatorOptions): Generator<Buffer> {
  checkSimulatorOptions(options);
  const settings = { ...SIMULATOR_DEFAULTS, ...stripUndefined(options), events: options.events, seed: options.seed };
  const random = new Random(settings.seed);
  const catalog = buildCatalog(random, settings);
  const population = buildPopulation(random, catalog, settings);
  const context: SessionContext = { random, catalog, population };
  const writer = new EventLineWriter(catalog, settings.format);
  const queue = new SessionQueue<SessionPlan>();
  const { onExample, chunkSize } = settings;

  // Lines go straight into a Buffer: a string rope of a whole chunk would outlive several young
  // generation collections and get copied each time (measured: most of the run went to GC).
  let out = Buffer.allocUnsafe(chunkSize + MAX_LINE_BYTES);
  let length = settings.format === 'csv' && settings.header ? out.write(REES46_HEADER, 0, 'latin1') : 0;
  let arrival = settings.start / 1000;
  let emitted = 0;
  while (emitted < settings.events) {
    if (arrival < queue.peekKey()) {
      const user = population.activityTable.sample(random);
      const plan = planSession(context, user, Math.floor(arrival));
      plan.tail = writer.sessionTail(userIdOf(population, user), plan.sessionId);
      queue.push(plan.events[0] ?? 0, plan);
      arrival += random.exponential() / sessionRateAt(arrival);
      continue;
    }
    const plan = queue.pop();
    const { events } = plan;
    const at = plan.next;
    // An event is STRIDE numbers from `at`, which stays below events.length: the defaults never apply.
    const code = events[at + 1] ?? 0;
    const kind = code & 3;
    length += writer.write(out, length, events[at] ?? 0, kind, events[at + 2] ?? 0, plan.tail);
    if (kind === PURCHASE) population.purchases[plan.user] = (population.purchases[plan.user] ?? 0) + 1;
    const probability = events[at + 3] ?? -1;
    if (onExample !== undefined && probability >= 0) {
      onExample({ index: emitted, probability, bought: code >= DECIDED_PURCHASE });
    }
    emitted += 1;
    plan.next = at + STRIDE;
    if (plan.next < events.length) queue.push(events[plan.next] ?? 0, plan);
    if (length >= chunkSize) {
      yield out.subarray(0, length);
      out = Buffer.allocUnsafe(chunkSize + MAX_LINE_BYTES);
      length = 0;
    }
  }
  if (length > 0) yield out.subarray(0, length);
}

// Longer than any line: ids, a code of a few segments, a made-up brand (all ASCII, so latin1 is
// the UTF-8 encoding too).
const MAX_LINE_BYTES = 4096;

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
