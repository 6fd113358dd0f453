import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** How a knowledge file is served: its content type, and whether it opens inline. */
export interface KnowledgeFileType {
  contentType: string;
  inline: boolean;
}

const TYPES: Record<string, KnowledgeFileType> = {
  '.pdf': { contentType: 'application/pdf', inline: true },
  '.html': { contentType: 'text/html; charset=utf-8', inline: true },
  '.htm': { contentType: 'text/html; charset=utf-8', inline: true },
  '.md': { contentType: 'text/plain; charset=utf-8', inline: true },
  '.markdown': { contentType: 'text/plain; charset=utf-8', inline: true },
  '.txt': { contentType: 'text/plain; charset=utf-8', inline: true },
  '.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    inline: false,
  },
};

/** The content type a knowledge file is served with; unknown types download as bytes. */
export function knowledgeFileType(relativePath: string): KnowledgeFileType {
  return (
    TYPES[path.extname(relativePath).toLowerCase()] ?? {
      contentType: 'application/octet-stream',
      inline: false,
    }
  );
}

/**
 * Turns the still-encoded URL path after `/knowledge/` into a relative POSIX path, or
 * `undefined` when it could escape the folder: empty, `.`/`..` or hidden segments,
 * encoded separators, backslashes or NUL.
 */
export function toKnowledgeRelativePath(encodedPath: string): string | undefined {
  const segments = encodedPath.replace(/^\/+/, '').split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (!value || value.startsWith('.') || /[/\\\0]/.test(value)) return undefined;
    decoded.push(value);
  }
  return decoded.length > 0 ? decoded.join('/') : undefined;
}

/**
 * The real path of `relativePath` inside `root`, or `undefined` when it is missing, not a
 * regular file, or reached through a link at all (even one that stays inside the folder,
 * since the file it leads to may have other readers than the link's path).
 */
export async function resolveKnowledgeFile(root: string, relativePath: string): Promise<string | undefined> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.join(realRoot, ...relativePath.split('/')));
    const inside = path.relative(realRoot, real);
    if (inside.split(path.sep).join('/') !== relativePath) return undefined;
    return (await lstat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
