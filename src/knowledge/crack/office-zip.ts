import { strFromU8 } from 'fflate';
import { inflateZipParts } from './zip-parts.js';

/**
 * The XML parts of an Office Open XML file (PPTX, XLSX) Lumen needs, as text. Throws a
 * RefusedFileError when they unpack to more than `maxInflatedBytes` (a zip bomb).
 */
export function readOfficeParts(
  path: string,
  bytes: Buffer,
  maxInflatedBytes: number,
  wanted: (name: string) => boolean,
): Map<string, string> {
  const parts = inflateZipParts(path, bytes, maxInflatedBytes, wanted);
  return new Map([...parts].map(([name, data]) => [name, strFromU8(data)]));
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
