/** What a test that needs the local real servers says when one of them is not answering. */
const SERVICES_UP_HINT = 'run: npm run services:up';

/**
 * Runs the first request of a test against a local server; if it fails, fails the test with an
 * error that names the server, its address and the fix (never skips: a skipped test proves nothing).
 */
export async function reachable<T>(server: string, address: string, firstRequest: () => Promise<T>): Promise<T> {
  try {
    return await firstRequest();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause ? ` (${cause.code ?? cause.message})` : '';
    const reason = err instanceof Error ? `${err.name}: ${err.message}${detail}` : String(err);
    throw new Error(`${server} at ${address} is not answering (${reason}); ${SERVICES_UP_HINT}`, { cause: err });
  }
}
