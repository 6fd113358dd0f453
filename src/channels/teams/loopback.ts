import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a peer address is this machine: 127.0.0.0/8, `::1`, or either written as an
 * IPv4-mapped IPv6 address. Anything else, including a missing address, is not.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return isIPv6(address) && /^(0{0,4}:){1,7}0{0,3}1$|^::1$/.test(address.toLowerCase());
}

/** Whether a URL points at this machine: `localhost`, 127.0.0.0/8 or `::1`. */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isLoopbackAddress(host.replace(/^\[|\]$/g, ''));
}

/** Headers a proxy adds when it relays a request on behalf of someone else. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

/** The first forwarding header present, showing the request came through a proxy. */
export function forwardingHeader(headers: Record<string, unknown>): string | undefined {
  return FORWARDING_HEADERS.find((name) => headers[name] !== undefined);
}
