#!/usr/bin/env node
// Readiness checks of the local real servers (tools/dev-services), used by services.sh.
//
//   node tools/dev-services/check.mjs [--timeout=MS] [--quiet] NAME...
//   NAME: redis | kafka | s3 | prometheus   (postgres is checked by services.sh with psql)
//
// Prints one line per server ("kafka: ok (12 ms)" / "kafka: FAIL ...") and exits 0 only when every
// named server answered a real request within the timeout:
//   redis       PING -> PONG
//   kafka       a metadata request (kafkajs admin.listTopics)
//   s3          ListBuckets (@aws-sdk/client-s3, path-style, signed with the test credentials)
//   prometheus  GET /-/ready -> 200
// Addresses come from services.env beside this file. Plain Node, no build step. When the
// workspace's node_modules are not installed yet, kafka and s3 fall back to a minimal
// dependency-free client (a raw Metadata v1 request; a SigV4-signed ListBuckets), so that
// `services.sh up` also works before `npm ci`.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export function readEnvFile(file = join(here, 'services.env')) {
  const values = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2].trim().replace(/^["']|["']$/g, '');
  }
  return values;
}

function need(env, key) {
  if (!env[key]) throw new Error(`services.env lacks ${key}`);
  return env[key];
}

function optional(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One request/response over a fresh TCP connection; `done(buffer)` says when the reply is whole. */
function tcpExchange(host, port, payload, done, ms) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    socket.setTimeout(ms, () => socket.destroy(new Error(`no answer within ${ms} ms`)));
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (done(buffer)) {
        socket.end();
        resolve(buffer);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after ${buffer.length} bytes`)));
  });
}

function hostPort(address, defaultPort) {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: Number(url.port || defaultPort) };
}

async function checkRedis(env, ms) {
  const { host, port } = hostPort(need(env, 'REDIS_URL'), 6379);
  const reply = await tcpExchange(host, port, 'PING\r\n', (b) => b.includes('\r\n'), ms);
  if (!reply.toString().startsWith('+PONG')) throw new Error(`PING answered ${JSON.stringify(reply.toString())}`);
  return 'PONG';
}

async function checkKafka(env, ms) {
  const brokers = need(env, 'KAFKA_BROKERS').split(',').map((b) => b.trim());
  const kafkajs = optional('kafkajs');
  if (kafkajs) {
    const kafka = new kafkajs.Kafka({
      clientId: 'dev-services-check',
      brokers,
      logLevel: kafkajs.logLevel.NOTHING,
      connectionTimeout: ms,
      requestTimeout: ms,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      return `metadata ok via kafkajs, ${topics.length} topic(s)`;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  // Metadata v1 request with an empty topic list: the reply lists the brokers.
  const { host, port } = hostPort(brokers[0], 9092);
  const clientId = Buffer.from('dev-services-check');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let o = body.writeInt16BE(3, 0); // api key: Metadata
  o = body.writeInt16BE(1, o); // api version
  o = body.writeInt32BE(4242, o); // correlation id
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  body.writeInt32BE(0, o); // topics: []
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  const reply = await tcpExchange(host, port, Buffer.concat([size, body]), (b) => b.length >= 4 && b.length >= 4 + b.readInt32BE(0), ms);
  if (reply.readInt32BE(4) !== 4242) throw new Error('metadata reply with a wrong correlation id');
  const brokerCount = reply.readInt32BE(8);
  if (brokerCount < 1) throw new Error('metadata reply lists no broker');
  return `metadata ok (raw protocol), ${brokerCount} broker(s)`;
}

async function checkS3(env, ms) {
  const endpoint = need(env, 'S3_ENDPOINT');
  const region = need(env, 'S3_REGION');
  const credentials = { accessKeyId: need(env, 'S3_ACCESS_KEY'), secretAccessKey: need(env, 'S3_SECRET_KEY') };
  const sdk = optional('@aws-sdk/client-s3');
  if (sdk) {
    const client = new sdk.S3Client({
      endpoint,
      region,
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: ms, requestTimeout: ms },
    });
    try {
      const out = await client.send(new sdk.ListBucketsCommand({}));
      return `ListBuckets ok via @aws-sdk/client-s3, ${out.Buckets?.length ?? 0} bucket(s)`;
    } finally {
      client.destroy();
    }
  }
  // ListBuckets = GET / signed with AWS Signature V4.
  const url = new URL('/', endpoint);
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = createHash('sha256').update('').digest('hex');
  const canonical = ['GET', '/', '', `host:${url.host}`, `x-amz-content-sha256:${payloadHash}`, `x-amz-date:${amzDate}`, '', 'host;x-amz-content-sha256;x-amz-date', payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  const res = await fetch(url, {
    signal: AbortSignal.timeout(ms),
    headers: {
      'x-amz-date': amzDate,
      'x-amz-content-sha256': payloadHash,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    },
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('ListAllMyBucketsResult')) throw new Error(`ListBuckets answered ${res.status}: ${text.slice(0, 200)}`);
  return 'ListBuckets ok (plain signed request)';
}

async function checkPrometheus(env, ms) {
  const res = await fetch(new URL('/-/ready', need(env, 'PROMETHEUS_URL')), { signal: AbortSignal.timeout(ms) });
  await res.text();
  if (res.status !== 200) throw new Error(`/-/ready answered ${res.status}`);
  return '/-/ready 200';
}

const CHECKS = { redis: checkRedis, kafka: checkKafka, s3: checkS3, prometheus: checkPrometheus };

async function main(argv) {
  let ms = 3000;
  let quiet = false;
  const names = [];
  for (const arg of argv) {
    if (arg.startsWith('--timeout=')) ms = Number(arg.slice('--timeout='.length));
    else if (arg === '--quiet') quiet = true;
    else if (CHECKS[arg]) names.push(arg);
    else {
      console.error(`usage: check.mjs [--timeout=MS] [--quiet] ${Object.keys(CHECKS).join('|')}...  (unknown: ${arg})`);
      return 2;
    }
  }
  if (names.length === 0) names.push(...Object.keys(CHECKS));
  const env = readEnvFile();
  const results = await Promise.all(
    names.map(async (name) => {
      const started = Date.now();
      try {
        const detail = await withTimeout(CHECKS[name](env, ms), ms + 500, name);
        return { name, ok: true, line: `${name}: ok (${Date.now() - started} ms, ${detail})` };
      } catch (err) {
        const cause = err?.cause ? `: ${err.cause.code || err.cause.message}` : '';
        const reason = `${err?.message || err?.name || String(err)}${cause}`;
        return { name, ok: false, line: `${name}: FAIL ${reason}` };
      }
    }),
  );
  for (const r of results) if (!quiet || !r.ok) console.log(r.line);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.emitWarning = () => undefined; // e.g. the AWS SDK's Node-version notice: not ours to fix here
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err?.stack || String(err));
      process.exit(2);
    },
  );
}
