import { parse as parseYaml } from 'yaml';
import { CrackError } from '../../errors.js';

/** A Markdown file split into its YAML front matter and the body after it. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** The raw YAML text, empty when the file has no front matter. */
  raw: string;
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits a leading `---` YAML block off a Markdown text. Files without one have empty
 * `data`. Throws CrackError when the block is not closed or is not a YAML mapping, since
 * it may carry the file's permissions and guessing them would be unsafe.
 */
export function splitFrontMatter(text: string, path: string): FrontMatter {
  const opening = OPENING.exec(text);
  if (!opening) return { data: {}, body: text, raw: '' };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) {
    throw new CrackError(path, `Front matter of ${path} starts with '---' but has no closing '---' line.`);
  }
  const raw = rest.slice(0, closing.index);
  const body = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  return { data: parseYamlMapping(raw, path, 'front matter'), body, raw };
}

/** Parses YAML that must be a mapping (or empty); `what` names it in the error. */
export function parseYamlMapping(raw: string, path: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CrackError(path, `The ${what} of ${path} is not valid YAML: ${reason}`, { cause: error });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CrackError(path, `The ${what} of ${path} must be a YAML mapping of keys to values.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads an `acl` value as written by people: a YAML list or a comma-separated string.
 * Returns undefined when absent; throws CrackError for anything else.
 */
export function readAclList(value: unknown, path: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    throw new CrackError(
      path,
      `The acl of ${path} must be a list of principals or a comma-separated string, got ${JSON.stringify(value)}.`,
    );
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item.length > 0);
}

/** Reads an optional string field such as `title`; non-strings are ignored. */
export function readOptionalString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}
