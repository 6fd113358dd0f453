import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../../src/channels/teams/loopback.js';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    'accepts %s',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(true);
    },
  );

  it.each([
    '192.0.2.2',
    '10.0.0.1',
    '128.0.0.1',
    '::ffff:192.0.2.2',
    'fd00::2',
    'fe80::1',
    '::',
    '::2',
    '1::1',
    'localhost',
    '',
    undefined,
  ])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
