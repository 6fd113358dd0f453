import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_KNOWLEDGE_DIR } from '../../../src/config/index.js';
import { LumenError } from '../../../src/core/errors.js';
import {
  loadCompanySynonyms,
  parseSynonymRules,
  type SynonymRule,
  toSolrText,
} from '../../../src/knowledge/synonyms/index.js';
import { makeTempDir } from './build-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await cleanup();
});

/** The message `parseSynonymRules` fails with. */
function parseError(text: string): string {
  try {
    parseSynonymRules(text, 'synonyms.txt');
  } catch (error) {
    expect(error).toBeInstanceOf(LumenError);
    expect((error as LumenError).code).toBe('knowledge.synonyms_invalid');
    return (error as Error).message;
  }
  throw new Error('parseSynonymRules accepted the text');
}

describe('parseSynonymRules', () => {
  it('reads equivalent terms and explicit mappings, skipping comments and blank lines', () => {
    const text = [
      '# Brightwater words',
      '',
      'PTO, paid time off, Vacation',
      '   ',
      '  # an indented comment',
      'BrightFlex,  Flexible   Spending Account => fsa',
      'laptop, notebook => laptop, computer',
    ].join('\n');
    expect(parseSynonymRules(text, 'synonyms.txt')).toEqual<SynonymRule[]>([
      { terms: ['pto', 'paid time off', 'vacation'] },
      { terms: ['brightflex', 'flexible spending account'], mapsTo: ['fsa'] },
      { terms: ['laptop', 'notebook'], mapsTo: ['laptop', 'computer'] },
    ]);
  });

  it('accepts Windows line endings, a byte-order mark and an empty file', () => {
    expect(parseSynonymRules('\uFEFFwfh, remote work\r\nsick day, sick leave\r\n', 'f')).toEqual([
      { terms: ['wfh', 'remote work'] },
      { terms: ['sick day', 'sick leave'] },
    ]);
    expect(parseSynonymRules('', 'f')).toEqual([]);
    expect(parseSynonymRules('# only comments\n\n', 'f')).toEqual([]);
  });

  it('drops a term repeated on the same line', () => {
    expect(parseSynonymRules('VPN, vpn, virtual private network', 'f')).toEqual([
      { terms: ['vpn', 'virtual private network'] },
    ]);
  });

  it('keeps escaped commas, escaped arrows and a # that does not start the line inside terms', () => {
    expect(parseSynonymRules('c#, csharp\nacme\\, inc, acme\nx\\=>y, xy', 'f')).toEqual([
      { terms: ['c#', 'csharp'] },
      { terms: ['acme, inc', 'acme'] },
      { terms: ['x=>y', 'xy'] },
    ]);
  });

  it('names the file, the line and an empty term', () => {
    expect(parseError('# header\npto, paid time off\nleave,, time off')).toBe(
      'synonyms.txt:3: empty term (term 2 of 3); remove the extra comma or write the term (in "leave,, time off")',
    );
    expect(parseError('laptop, notebook,')).toMatch(/^synonyms\.txt:1: empty term \(term 3 of 3\)/);
    expect(parseError('a, b => c,')).toMatch(/^synonyms\.txt:1: empty term \(term 2 of 2\)/);
  });

  it('names a mapping with nothing on one side', () => {
    expect(parseError('\n=> fsa')).toMatch(/^synonyms\.txt:2: nothing before "=>"/);
    expect(parseError('brightflex =>  ')).toMatch(/^synonyms\.txt:1: nothing after "=>"/);
  });

  it('names a line with more than one =>', () => {
    expect(parseError('a => b => c')).toBe(
      'synonyms.txt:1: more than one "=>"; a line maps one list of terms to another (in "a => b => c")',
    );
  });

  it('names a line with more terms than Azure AI Search takes in one rule', () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `term ${i + 1}`);
    expect(parseSynonymRules(terms(20).join(', '), 'f')[0]!.terms).toHaveLength(20);
    expect(parseError(`ok, fine\n${terms(21).join(', ')}`)).toMatch(
      /^synonyms\.txt:2: 21 terms; a line may have at most 20 \(Azure AI Search's limit\), so split it/,
    );
    expect(parseError(`${terms(18).join(', ')} => a, b, c`)).toMatch(/^synonyms\.txt:1: 21 terms/);
  });

  it('names a line with a single term, which makes nothing equivalent', () => {
    expect(parseError('ok, fine\npto paid time off')).toMatch(
      /^synonyms\.txt:2: only one term \("pto paid time off"\); list two or more/,
    );
  });
});

describe('toSolrText', () => {
  it('writes one normalised rule a line in the Solr format', () => {
    const rules = parseSynonymRules(
      '# c\nPTO,  paid time off\n\nBrightFlex => FSA, flexible spending account',
      'f',
    );
    expect(toSolrText(rules)).toBe('pto, paid time off\nbrightflex => fsa, flexible spending account');
    expect(toSolrText([])).toBe('');
  });

  it('escapes what would change the meaning, so the text parses back to the same rules', () => {
    const rules: SynonymRule[] = [
      { terms: ['acme, inc', 'acme'] },
      { terms: ['x=>y', 'back\\slash'], mapsTo: ['#hashtag', 'c#'] },
      { terms: ['#general', 'general channel'] },
    ];
    const text = toSolrText(rules);
    expect(text).toBe(
      'acme\\, inc, acme\nx\\=>y, back\\\\slash => \\#hashtag, c#\n\\#general, general channel',
    );
    expect(parseSynonymRules(text, 'f')).toEqual(rules);
  });
});

describe('loadCompanySynonyms', () => {
  it('has no rules without a file', async () => {
    expect(await loadCompanySynonyms(undefined)).toEqual([]);
  });

  it('reads and parses a file', async () => {
    const path = join(dir, 'synonyms.txt');
    await writeFile(path, '# ours\nwfh, remote work\n');
    expect(await loadCompanySynonyms(path)).toEqual([{ terms: ['wfh', 'remote work'] }]);
  });

  it('names a file that is missing', async () => {
    const path = join(dir, 'nowhere.txt');
    await expect(loadCompanySynonyms(path)).rejects.toThrow(
      `The company synonyms file ${path} does not exist. Create it, or point LUMEN_SYNONYMS_FILE at the right file.`,
    );
  });

  it('names a file that cannot be read', async () => {
    const path = join(dir, 'folder');
    await mkdir(path);
    await expect(loadCompanySynonyms(path)).rejects.toThrow(`${path} cannot be read`);
  });

  it('names the file and line of a mistake in it', async () => {
    const path = join(dir, 'synonyms.txt');
    await writeFile(path, 'ok, fine\n\nbad =>\n');
    await expect(loadCompanySynonyms(path)).rejects.toThrow(`${path}:3: nothing after "=>"`);
  });

  it('reads the sample company thesaurus', async () => {
    const rules = await loadCompanySynonyms(join(SAMPLE_KNOWLEDGE_DIR, 'synonyms.txt'));
    expect(rules).toContainEqual({ terms: ['compass', 'hr system', 'hris', 'hr portal'] });
    expect(rules).toContainEqual({ terms: ['ooo', 'out-of-office'], mapsTo: ['out of office'] });
    for (const rule of rules) {
      for (const term of [...rule.terms, ...(rule.mapsTo ?? [])])
        expect(term).toBe(term.trim().toLowerCase());
    }
  });
});
