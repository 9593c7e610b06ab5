/** Fastify route config flag of `POST /predict`: its body arrives raw, after the API key check. */
export const PREDICT_ROUTE = 'platform:predict-route';
