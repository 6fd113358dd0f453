import type { CrackedDocument, Section } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { humanizeFileName } from './humanize-file-name.js';
import { coreTitle, elementTexts, readOfficeParts } from './office-zip.js';

const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;

/**
 * Cracks PowerPoint (PPTX): one section per slide in order, headed by the slide's title
 * (its first paragraph) and holding the rest of its text, one paragraph per line. Speaker
 * notes and images are left out. Title from the file's properties, else the first slide's.
 */
export function crackPptx(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): CrackedDocument {
  const parts = readOfficeParts(
    path,
    bytes,
    limits.maxInflatedBytes,
    (name) => SLIDE.test(name) || name === 'docProps/core.xml',
  );
  const slides = [...parts.entries()]
    .map(([name, xml]) => ({ n: Number(SLIDE.exec(name)?.[1] ?? 0), xml }))
    .filter((slide) => slide.n > 0)
    .sort((a, b) => a.n - b.n);
  const sections: Section[] = [];
  for (const slide of slides) {
    const paragraphs = [...slide.xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>|<a:p\s[^>]*>([\s\S]*?)<\/a:p>/g)]
      .map((m) =>
        elementTexts(m[1] ?? m[2] ?? '', 'a:t')
          .join('')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((text) => text.length > 0);
    if (paragraphs.length === 0) continue;
    const [heading, ...body] = paragraphs;
    sections.push({ headingPath: [heading!], text: body.length > 0 ? body.join('\n') : heading! });
  }
  return { title: coreTitle(parts) ?? sections[0]?.headingPath[0] ?? humanizeFileName(path), sections };
}
