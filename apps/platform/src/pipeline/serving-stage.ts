import { INestApplication } from '@nestjs/common';
import { OfflineEventStore } from '@platform/offline-store';
import { ItemPrediction, ModelHolder, PredictionService, PredictResponse } from '@platform/serving';
import { setTimeout as delay } from 'node:timers/promises';

/** The payload of the printed `curl`: the original API's, a user and a product (the user's latest session). */
export interface ExampleItem {
  user_id: string;
  product_id: string;
}

const SWAP_TIMEOUT_MS = 60_000;
const CANDIDATES = 500;

/** Waits until the inference API serves `version` (it swaps on `model.promoted`). */
export async function awaitServedVersion(inference: INestApplication, version: number): Promise<void> {
  const holder = inference.get(ModelHolder);
  const deadline = performance.now() + SWAP_TIMEOUT_MS;
  while (holder.current?.version !== version) {
    if (performance.now() > deadline) {
      throw new Error(`the inference API still serves v${holder.current?.version ?? '(none)'} ${SWAP_TIMEOUT_MS / 1000} s after v${version} was promoted`);
    }
    await delay(100);
  }
}

/**
 * A user and product whose features are in the online store, from the latest clean events (their
 * sessions are the users' latest), the one the served model scores highest among a few hundred.
 */
export async function pickExample(inference: INestApplication, offline: OfflineEventStore): Promise<ExampleItem> {
  let latest: ExampleItem[] = [];
  for await (const page of offline.eventsInTimeOrder({ pageSize: 5000 })) {
    latest = [...latest, ...page.map((event) => ({ user_id: event.user_id, product_id: event.product_id }))].slice(-CANDIDATES * 2);
  }
  const seen = new Set<string>();
  const candidates = latest.reverse().filter((item) => {
    const key = `${item.user_id}/${item.product_id}`;
    return !seen.has(key) && seen.add(key);
  });
  const predictions = await inference.get(PredictionService).predict(candidates.slice(0, CANDIDATES));
  const best = predictions
    .map((prediction, i) => ({ prediction, item: candidates[i] as ExampleItem }))
    .filter(({ prediction }) => prediction.features === 'found' && prediction.probability !== null)
    .sort((a, b) => (b.prediction.probability ?? 0) - (a.prediction.probability ?? 0))[0];
  if (!best) throw new Error('no recent user and product has features in the online store: run again with --fresh to rebuild it');
  return best.item;
}

/** POST /predict over HTTP, as the printed `curl` will: the proof that it answers. */
export async function predictOverHttp(url: string, item: ExampleItem, apiKey?: string): Promise<ItemPrediction> {
  const response = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    body: JSON.stringify([item]),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}/predict answered ${response.status}: ${text}`);
  const first = (JSON.parse(text) as PredictResponse).predictions?.[0];
  if (!first) throw new Error(`POST ${url}/predict answered without a prediction: ${text}`);
  return first;
}

/** The `curl` to print: the original API's payload, ids as JSON numbers where they are exact. */
export function curlFor(url: string, item: ExampleItem, apiKey?: string): string {
  const id = (value: string) => (Number.isSafeInteger(Number(value)) ? value : JSON.stringify(value));
  const key = apiKey ? ` -H 'x-api-key: $INFERENCE_API_KEY'` : '';
  return `curl -s -X POST ${url}/predict -H 'content-type: application/json'${key} -d '[{"user_id": ${id(item.user_id)}, "product_id": ${id(item.product_id)}}]'`;
}
