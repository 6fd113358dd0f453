import { decodeText } from '../crack/decode-text.js';
import {
  parseYamlMapping,
  readAclList,
  readOptionalString,
  splitFrontMatter,
} from '../crack/front-matter.js';
import { ACL_META_NAME } from '../crack/html.js';

/** Title and ACL as a file or its sidecar declares them; absent keys stay undefined. */
export interface DeclaredMetadata {
  title?: string;
  acl?: string[];
}

/** Suffix of the YAML file next to a document that sets its title and ACL. */
export const SIDECAR_SUFFIX = '.meta.yaml';

const HTML_HEAD_BYTES = 64 * 1024;
const FRONT_MATTER_START = Buffer.from('---');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads `title` and `acl` from a sidecar file's YAML. */
export function readSidecar(bytes: Buffer, path: string): DeclaredMetadata {
  const data = parseYamlMapping(decodeText(bytes), path, 'sidecar file');
  return { title: readOptionalString(data.title), acl: readAclList(data.acl, path) };
}

/**
 * Reads `title` and `acl` declared inside a document without cracking it: Markdown front
 * matter, or an HTML `<meta name="lumen-acl">` tag near the top of the file.
 */
export function readDeclaredMetadata(extension: string, bytes: Buffer, path: string): DeclaredMetadata {
  if (extension === '.md' || extension === '.markdown') {
    const start = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
    if (!bytes.subarray(start, start + 3).equals(FRONT_MATTER_START)) return {};
    const { data } = splitFrontMatter(decodeText(bytes), path);
    return { title: readOptionalString(data.title), acl: readAclList(data.acl, path) };
  }
  if (extension === '.html' || extension === '.htm') {
    const head = decodeText(bytes.subarray(0, HTML_HEAD_BYTES));
    for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
      if (attribute(tag, 'name')?.trim().toLowerCase() !== ACL_META_NAME) continue;
      const content = attribute(tag, 'content');
      if (content !== undefined) return { acl: readAclList(decodeEntities(content), path) };
    }
  }
  return {};
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
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
