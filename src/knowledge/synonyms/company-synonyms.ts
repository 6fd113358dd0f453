import { readFile } from 'node:fs/promises';
import { LumenError } from '../../core/errors.js';

/**
 * One line of the company thesaurus. Without `mapsTo` the terms are equivalent (a query for
 * any of them also finds the others); with it, each term is rewritten to the `mapsTo` terms.
 * Terms are lowercased, trimmed and their inner whitespace collapsed; a term may be a phrase.
 */
export interface SynonymRule {
  terms: string[];
  mapsTo?: string[];
}

/** The file name a knowledge folder's company thesaurus has at its root. */
export const COMPANY_SYNONYMS_FILE_NAME = 'synonyms.txt';

/** Azure AI Search takes at most 20 items in one rule. */
const MAX_TERMS_PER_RULE = 20;

/** Error code of a company synonyms file that cannot be read or understood. */
const INVALID = 'knowledge.synonyms_invalid';

/**
 * Parses a company synonyms file in the Solr synonym format that Azure AI Search synonym maps
 * take: `a, b, c` makes the terms equivalent, `a, b => c` maps the terms on the left to those
 * on the right, lines starting with `#` are comments and blank lines are ignored. A backslash
 * makes the next character literal (`\,` for a comma inside a term). Errors name the file, the
 * line and what is wrong.
 */
export function parseSynonymRules(text: string, fileName: string): SynonymRule[] {
  const rules: SynonymRule[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${fileName}:${i + 1}`;
    const fail = (problem: string): never => {
      throw new LumenError(INVALID, `${where}: ${problem} (in "${line}")`);
    };
    const sides = splitUnescaped(line, '=>');
    if (sides.length > 2) fail('more than one "=>"; a line maps one list of terms to another');
    const [left = '', right] = sides;
    if (right !== undefined) {
      if (left.trim() === '') fail('nothing before "=>"; write the terms to map, separated by commas');
      if (right.trim() === '') fail('nothing after "=>"; write the terms they map to');
    }
    const terms = termsOf(left, fail);
    const mapsTo = right === undefined ? undefined : termsOf(right, fail);
    if (mapsTo === undefined && terms.length < 2) {
      fail(
        `only one term ("${terms[0]}"); list two or more equivalent terms separated by commas, or map terms with "=>"`,
      );
    }
    const count = terms.length + (mapsTo?.length ?? 0);
    if (count > MAX_TERMS_PER_RULE) {
      fail(
        `${count} terms; a line may have at most ${MAX_TERMS_PER_RULE} (Azure AI Search's limit), so split it`,
      );
    }
    rules.push(mapsTo === undefined ? { terms } : { terms, mapsTo });
  });
  return rules;
}

/**
 * Reads the company synonyms file. No path (no file configured, and none at the root of the
 * knowledge folder) means no rules; a path that cannot be read, or a file that is not valid,
 * is an error that names it.
 */
export async function loadCompanySynonyms(path: string | undefined): Promise<SynonymRule[]> {
  if (path === undefined) return [];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read: ${(error as Error).message}`;
    throw new LumenError(
      INVALID,
      `The company synonyms file ${path} ${reason}. Create it, or point LUMEN_SYNONYMS_FILE at the right file.`,
      { cause: error },
    );
  }
  return parseSynonymRules(text, path);
}

/**
 * The rules as Solr synonym text, one rule a line, for an Azure AI Search synonym map.
 * Commas, backslashes and `=>` inside a term are escaped, so the service reads back the same
 * terms.
 */
export function toSolrText(rules: readonly SynonymRule[]): string {
  return rules
    .map((rule) => {
      const left = rule.terms.map(escapeTerm).join(', ');
      return rule.mapsTo === undefined ? left : `${left} => ${rule.mapsTo.map(escapeTerm).join(', ')}`;
    })
    .join('\n');
}

function termsOf(side: string, fail: (problem: string) => never): string[] {
  const parts = splitUnescaped(side, ',');
  const terms: string[] = [];
  parts.forEach((part, i) => {
    const term = unescapeTerm(part).trim().replace(/\s+/g, ' ').toLowerCase();
    if (term === '') {
      fail(
        parts.length === 1
          ? 'no term'
          : `empty term (term ${i + 1} of ${parts.length}); remove the extra comma or write the term`,
      );
    }
    if (!terms.includes(term)) terms.push(term);
  });
  return terms;
}

/** Splits on a separator that is not preceded by an escaping backslash; keeps the escapes. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text.slice(i, i + 2);
      i++;
    } else if (text.startsWith(separator, i)) {
      parts.push(current);
      current = '';
      i += separator.length - 1;
    } else {
      current += text[i];
    }
  }
  parts.push(current);
  return parts;
}

function unescapeTerm(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function escapeTerm(term: string): string {
  // A leading `#` would make the line a comment.
  return term
    .replace(/[\\,]/g, (c) => `\\${c}`)
    .replace(/=>/g, '\\=>')
    .replace(/^#/, '\\#');
}
