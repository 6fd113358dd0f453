import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../../src/text/index.js';
import { createTestCore, indexDocument, makeChunk, makeTurn, type TestCore } from '../../helpers/builders.js';

/** Each question in a conversation of its own, so follow-up handling does not mix them. */
function ask(core: TestCore, question: string) {
  return core.copilot.handle(makeTurn(question, { conversation: { id: randomUUID(), kind: 'direct' } }));
}

describe('questions written with contractions', () => {
  let core: TestCore;

  beforeEach(async () => {
    core = await createTestCore();
    await indexDocument(core.index, [
      makeChunk(
        'folder:it/vpn.md',
        'Connect to the VPN with the GlobalProtect client using your company account. If the VPN will not connect, restart the client and check that your password has not expired.',
        { title: 'VPN' },
      ),
    ]);
    await indexDocument(core.index, [
      makeChunk(
        'folder:security/badge.md',
        'Report a lost badge to security at once; a replacement badge is issued the same day.',
        { title: 'Badges' },
      ),
    ]);
  });

  afterEach(async () => core.close());

  it.each([
    ["Why can't I connect to the VPN?", 'Why can not I connect to the VPN?'],
    ["The VPN won't connect", 'The VPN will not connect'],
    ["I've lost my badge", 'I have lost my badge'],
    ['Why cannot I connect to the VPN?', 'Why can not I connect to the VPN?'],
  ])('answers %j as it answers %j', async (contracted, spelledOut) => {
    const plain = await ask(core, spelledOut);
    expect(plain.kind).toBe('answer');
    const reply = await ask(core, contracted);
    expect(reply.kind).toBe('answer');
    expect(reply.citations.map((c) => c.location)).toEqual(plain.citations.map((c) => c.location));
  });

  it('finds no content words in the contraction itself', () => {
    expect(
      analyzeQuery("Why can't I connect? I'm sure I've tried; it won't work and doesn't help").map(
        (t) => t.word,
      ),
    ).toEqual(['connect', 'sure', 'tried', 'work', 'help']);
  });
});
