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
