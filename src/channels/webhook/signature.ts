import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC>` of `<timestamp>.<body>`. */
export const SIGNATURE_HEADER = 'x-lumen-signature';
/** Header carrying the signing time in milliseconds since the epoch. */
export const TIMESTAMP_HEADER = 'x-lumen-timestamp';

/** The signature of a payload: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a signed webhook request: the signature must match and the timestamp be within
 * `toleranceMs` of now, so a captured request cannot be replayed later.
 */
export function verifySignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
  toleranceMs?: number;
}): boolean {
  const { secret, body, timestamp, signature, nowMs } = input;
  if (!timestamp || !signature || !/^\d{1,15}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp)) > (input.toleranceMs ?? 5 * 60_000)) return false;
  const expected = Buffer.from(signPayload(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
