import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/**
 * POSTs `body` over a real socket, as a client would. The answer may come before the whole body is
 * sent (a 401 or 413 does); the rest is still written, and a connection the server closed early
 * does not fail the call once the answer is in.
 */
export function postRaw(url: string, headers: Record<string, string>, body: Buffer | undefined, declaredLength?: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(declaredLength ?? body?.length ?? 0) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        answered = true;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
        if (body === undefined) req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
}
