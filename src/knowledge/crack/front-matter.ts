import { parse as parseYaml } from 'yaml';
import { CrackError } from '../../core/errors.js';
import { RefusedFileError } from '../refused-file.js';

/** A Markdown file split into its YAML front matter and the body after it. */
export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** The raw YAML text, empty when the file has no front matter. */
  raw: string;
}

// Blank lines before the opening `---` do not hide the block (nor the permissions in it).
const OPENING = /^(?:[ \t]*\r?\n)*---[ \t]*\r?\n/;
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

/** Title and ACL as a file or its sidecar declares them; absent keys stay undefined. */
export interface Declaration {
  title?: string;
  acl?: string[];
}

/** Keys read as the ACL, compared in lowercase with separators dropped (`ACL`, `Lumen-ACL`). */
const ACL_KEYS = new Set(['acl', 'acls', 'lumenacl']);

/**
 * Reads the title and the ACL of a front matter or sidecar mapping, however the keys are
 * capitalised or spelled (`acl`, `ACL`, `lumen-acl`). An ACL given under two keys is
 * refused, since either could be the one meant.
 */
export function readDeclaration(data: Record<string, unknown>, path: string): Declaration {
  const aclKeys = Object.keys(data).filter((key) => ACL_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, '')));
  if (aclKeys.length > 1) {
    throw new RefusedFileError(
      path,
      'permissions',
      `${path} declares its acl under ${aclKeys.length} keys (${aclKeys.join(', ')}); keep exactly one 'acl'.`,
    );
  }
  const titleKey = Object.keys(data).find((key) => key.trim().toLowerCase() === 'title');
  const acl = aclKeys[0] === undefined ? undefined : readAclList(data[aclKeys[0]], path);
  const title = titleKey === undefined ? undefined : readOptionalString(data[titleKey]);
  return { ...(title === undefined ? {} : { title }), ...(acl === undefined ? {} : { acl }) };
}

/**
 * Reads an `acl` value as written by people: a YAML list or a comma-separated string.
 * Returns undefined when absent; throws CrackError for anything else.
 */
export function readAclList(value: unknown, path: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) {
    throw new RefusedFileError(
      path,
      'permissions',
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
