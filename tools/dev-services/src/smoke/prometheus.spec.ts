import { readServicesEnv } from '@platform/testing';
import { reachable } from './reachable';

describe('Prometheus (tools/dev-services)', () => {
  const { PROMETHEUS_URL } = readServicesEnv();

  it('is ready', async () => {
    const res = await reachable('Prometheus', PROMETHEUS_URL, () =>
      fetch(new URL('/-/ready', PROMETHEUS_URL), { signal: AbortSignal.timeout(5000) }),
    );
    expect(res.status).toBe(200);
  });

  it('answers a PromQL query', async () => {
    const res = await reachable('Prometheus', PROMETHEUS_URL, () =>
      fetch(new URL('/api/v1/query?query=vector(1)', PROMETHEUS_URL), { signal: AbortSignal.timeout(5000) }),
    );
    const body = (await res.json()) as { status: string; data: { result: { value: [number, string] }[] } };
    expect(body.status).toBe('success');
    expect(body.data.result[0]?.value[1]).toBe('1');
  });
});
