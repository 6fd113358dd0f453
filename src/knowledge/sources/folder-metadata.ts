import { decodeText } from '../crack/decode-text.js';
import {
  type Declaration,
  parseYamlMapping,
  readAclList,
  readDeclaration,
  splitFrontMatter,
} from '../crack/front-matter.js';
import { ACL_META_NAME } from '../crack/html.js';
import { RefusedFileError } from '../refused-file.js';

export type { Declaration as DeclaredMetadata } from '../crack/front-matter.js';

/** Suffix of the YAML file next to a document that sets its title and ACL. */
export const SIDECAR_SUFFIX = '.meta.yaml';

/** Sidecar suffixes Lumen recognises, in any capitalisation. */
const SIDECAR_SUFFIXES = [SIDECAR_SUFFIX, '.meta.yml'];

/** Whether a file name is a sidecar's (`guide.docx.meta.yaml`, `Guide.DOCX.META.YML`). */
export function isSidecarName(name: string): boolean {
  const lower = name.toLowerCase();
  return SIDECAR_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower.length > suffix.length);
}

/** Which sidecar belongs to which file in one folder. */
export interface SidecarMatch {
  /** The sidecars of each file (more than one is ambiguous, and refused when read). */
  byFile: Map<string, string[]>;
  /** Sidecars that could belong to several files (`guide.meta.yaml` beside `guide.docx` and `guide.pdf`). */
  shared: Set<string>;
  /** Sidecars that belong to no file: their permissions protect nothing. */
  orphans: string[];
}

/**
 * Matches the sidecars of one folder to its files, without regard to case: `guide.docx`
 * takes `guide.docx.meta.yaml` (or `.meta.yml`), else `guide.meta.yaml` when no other file
 * is called `guide`. A sidecar that could belong to several files is reported as shared,
 * so each of them is refused rather than guessed.
 */
export function matchSidecars(fileNames: readonly string[], sidecarNames: readonly string[]): SidecarMatch {
  const byFile = new Map<string, string[]>();
  const orphans: string[] = [];
  const shared = new Set<string>();
  for (const sidecar of sidecarNames) {
    const lower = sidecar.toLowerCase();
    const base = lower.slice(
      0,
      lower.length - (SIDECAR_SUFFIXES.find((suffix) => lower.endsWith(suffix))?.length ?? 0),
    );
    const exact = fileNames.filter((name) => name.toLowerCase() === base);
    const owners = exact.length > 0 ? exact : fileNames.filter((name) => stem(name.toLowerCase()) === base);
    if (owners.length === 0) orphans.push(sidecar);
    if (owners.length > 1) shared.add(sidecar);
    for (const owner of owners) byFile.set(owner, [...(byFile.get(owner) ?? []), sidecar]);
  }
  return { byFile, shared, orphans };
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Reads `title` and `acl` from a sidecar file's YAML. */
export function readSidecar(bytes: Buffer, path: string): Declaration {
  return readDeclaration(parseYamlMapping(decodeText(bytes), path, 'sidecar file'), path);
}

/**
 * Reads `title` and `acl` declared inside a document without cracking it: Markdown front
 * matter, or HTML `<meta name="lumen-acl">` tags anywhere in the file.
 */
export function readDeclaredMetadata(extension: string, bytes: Buffer, path: string): Declaration {
  if (extension === '.md' || extension === '.markdown') {
    const text = decodeText(bytes);
    if (TOML_FRONT_MATTER.test(text)) {
      throw new RefusedFileError(
        path,
        'permissions',
        `${path} starts with TOML front matter (+++), which Lumen does not read, so its permissions are unknown. Write it as YAML between --- lines.`,
      );
    }
    return readDeclaration(splitFrontMatter(text, path).data, path);
  }
  if (extension === '.html' || extension === '.htm') return { ...htmlAcl(decodeText(bytes), path) };
  return {};
}

/** Front matter in TOML, as some site generators write it. */
const TOML_FRONT_MATTER = /^(?:[ \t]*\r?\n)*\+\+\+[ \t]*\r?\n/;

/** A `<meta ...>` tag, with quoted attribute values that may hold `>`. */
const META_TAG = /<meta\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** A comment, or one left open (a browser hides the rest of the file in it). */
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/**
 * The ACL an HTML file declares in `lumen-acl` meta tags, wherever they are. Commented-out
 * tags do not count. A tag that names `lumen-acl` in any other way than
 * `name="lumen-acl" content="..."`, or several tags that disagree, are refused.
 */
function htmlAcl(html: string, path: string): { acl?: string[] } {
  const found: string[][] = [];
  for (const tag of html.replace(COMMENT, '').match(META_TAG) ?? []) {
    const content = attribute(tag, 'content');
    // A description that mentions the tag is not a declaration; anything else naming it is.
    if (
      !decodeEntities(tag.replace(ATTRIBUTE('content'), ''))
        .toLowerCase()
        .includes(ACL_META_NAME)
    )
      continue;
    const name = attribute(tag, 'name');
    if (
      name === undefined ||
      decodeEntities(name).trim().toLowerCase() !== ACL_META_NAME ||
      content === undefined
    ) {
      throw new RefusedFileError(
        path,
        'permissions',
        `${path} has a meta tag about ${ACL_META_NAME} that Lumen cannot read: ${tag.slice(0, 120)}. Write it as <meta name="${ACL_META_NAME}" content="group:hr, user:someone@example.com">.`,
      );
    }
    found.push(readAclList(decodeEntities(content), path) ?? []);
  }
  const distinct = new Set(
    found.map((acl) =>
      [...acl]
        .map((p) => p.toLowerCase())
        .sort()
        .join(','),
    ),
  );
  if (distinct.size > 1) {
    throw new RefusedFileError(
      path,
      'permissions',
      `${path} has ${found.length} ${ACL_META_NAME} meta tags that disagree (${[...distinct].join(' / ')}); keep exactly one.`,
    );
  }
  return found.length > 0 ? { acl: found[0]! } : {};
}

const ATTRIBUTE = (name: string) =>
  new RegExp(`[\\s/]${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');

function attribute(tag: string, name: string): string | undefined {
  const match = ATTRIBUTE(name).exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
