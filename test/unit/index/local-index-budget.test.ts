import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { indexDocument, makeChunk } from '../../helpers/builders.js';

/**
 * A large index stands for many chunks sharing the question's words; `maxPostings` is
 * lowered so a handful of chunks exceed the full-text budget the way tens of thousands
 * would with the default.
 */
describe('LocalIndex on an index larger than the full-text budget', () => {
  let index: LocalIndex;

  beforeEach(async () => {
    index = LocalIndex.open(':memory:', { maxPostings: 3 });
    for (let i = 0; i < 6; i++) {
      await indexDocument(index, [
        makeChunk(
          `folder:hotels/city-${i}.md`,
          `Hotel stays in city ${i} are reimbursed up to ${100 + i} EUR per night.`,
        ),
      ]);
    }
    await indexDocument(index, [
      makeChunk('folder:parking.md', 'Parking at the office garage is free for cyclists.'),
    ]);
  });

  afterEach(async () => {
    await index.close();
  });

  it('still finds the chunks for the known words of a question that also has words no document uses', async () => {
    const known = await index.search({ text: 'hotel night reimbursed', principals: ['everyone'], top: 3 });
    expect(known).toHaveLength(3);

    const withUnknownWords = await index.search({
      text: 'Are Kowalski Zyxw hotel nights reimbursed?',
      principals: ['everyone'],
      top: 3,
    });
    expect(withUnknownWords).toHaveLength(3);
    for (const hit of withUnknownWords) expect(hit.chunk.documentId).toMatch(/^folder:hotels\//);
  });
});
