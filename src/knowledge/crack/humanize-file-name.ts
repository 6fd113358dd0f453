import { basename, extname } from 'node:path';

/**
 * A readable title from a file name: `Northwind_Standard_Benefits_Details.pdf` becomes
 * `Northwind Standard Benefits Details`, `leave-policy.md` becomes `Leave Policy`.
 */
export function humanizeFileName(path: string): string {
  const name = basename(path.replaceAll('\\', '/'));
  const stem = name.slice(0, name.length - extname(name).length) || name;
  const words = stem
    .replace(/[_\-.+]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0);
  if (words.length === 0) return name;
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}
