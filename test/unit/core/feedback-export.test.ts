import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportRecords } from '../../../src/core/admin/feedback-export.js';
import { Pseudonymizer } from '../../../src/core/admin/pseudonymizer.js';
import { createTestCore, makeAction, makeTurn, type TestCore } from '../../helpers/builders.js';

async function collect(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

describe('exportRecords (CSV)', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await createTestCore();
  });
  afterEach(async () => core.close());

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', async () => {
    const asked = await core.copilot.handle(makeTurn('=HYPERLINK("http://x.example","click"), really?'));
    await core.copilot.handle(
      makeAction({
        name: 'feedback',
        turnId: asked.turnId!,
        rating: 'not_helpful',
        reason: 'other',
        comment: '+1 this is "wrong",\nsee line two',
      }),
    );
    const csv = await collect(exportRecords(core.store, { format: 'csv', range: {} }));
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""click""), really?"`);
    expect(csv).toContain(`"'+1 this is ""wrong"",\nsee line two"`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('Pseudonymizer', () => {
  it('maps an identity to the same pseudonym regardless of case, and emails in text too', () => {
    const p = new Pseudonymizer('secret-one');
    expect(p.of('Ana@Example.com')).toBe(p.of('ana@example.com'));
    expect(p.of('ana@example.com')).not.toBe(new Pseudonymizer('secret-two').of('ana@example.com'));
    expect(p.scrub('mail ana@example.com or bo.b+x@corp.example.org now')).toBe(
      `mail ${p.of('ana@example.com')} or ${p.of('bo.b+x@corp.example.org')} now`,
    );
  });
});
