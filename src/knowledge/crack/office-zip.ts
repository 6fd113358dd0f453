import { strFromU8, unzipSync } from 'fflate';
import { CrackError } from '../../errors.js';

/** Upper bound on the unzipped size Lumen reads from one Office file (zip bombs). */
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** The XML parts of an Office Open XML file (PPTX, XLSX) Lumen needs, as text. */
export function readOfficeParts(
  path: string,
  bytes: Buffer,
  wanted: (name: string) => boolean,
): Map<string, string> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error('it unpacks to more than 200 MB');
        return true;
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CrackError(path, `Could not read ${path}: ${reason}. Is it a valid Office file?`, {
      cause: error,
    });
  }
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The text of XML character data: entities decoded. */
export function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, entity: string) => {
    const e = entity.toLowerCase();
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}

/** Every `<tag ...>text</tag>` text of one element name (namespace prefix included), in order. */
export function elementTexts(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => xmlText(m[1]!));
}

/** The document title from `docProps/core.xml`, if set. */
export function coreTitle(parts: Map<string, string>): string | undefined {
  const core = parts.get('docProps/core.xml');
  const title = core ? elementTexts(core, 'dc:title')[0]?.trim() : undefined;
  return title || undefined;
}
