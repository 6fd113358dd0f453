import { createHash } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative as relativePath, sep } from 'node:path';
import { isSupportedFile } from '../crack/index.js';
import { EVERYONE, type Principal, type SourceDocument } from '../document.js';
import type { FileLimits } from '../file-limits.js';
import { READING_VERSION } from '../reading-version.js';
import { RefusedFileError } from '../refused-file.js';
import {
  type DeclaredMetadata,
  isSidecarName,
  matchSidecars,
  readDeclaredMetadata,
  readSidecar,
  type SidecarMatch,
} from './folder-metadata.js';
import { normalizeAcl } from './principals.js';
import { readRegularFile, specialFileError } from './regular-file.js';

/** A supported file (or a link) the walk found, with the sidecars next to it. */
export interface Candidate {
  relative: string;
  link: boolean;
  sidecars: Sidecars;
}

/** A file's sidecars (paths in the folder); `shared` when one of them could belong to another file too. */
export interface Sidecars {
  paths: string[];
  shared: boolean;
}

/** Files above this size are read one at a time, so listing holds at most one of them. */
const LARGE_FILE_BYTES = 8 * 1024 * 1024;
const MAX_SIDECAR_BYTES = 1024 * 1024;

/** The sidecars `match` gives the file `name`, as paths in the folder. */
export function sidecarsIn(match: SidecarMatch, name: string, inFolder: (name: string) => string): Sidecars {
  const names = match.byFile.get(name) ?? [];
  return { paths: names.map(inFolder), shared: names.some((sidecar) => match.shared.has(sidecar)) };
}

/** Turns what the walk found into documents: reads each file once, safely, with its permissions. */
export class FolderReader {
  private large: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly root: string,
    private readonly urlBase: string,
    private readonly limits: FileLimits,
  ) {}

  async toSourceDocument(candidate: Candidate): Promise<SourceDocument> {
    const { relative } = candidate;
    const target = candidate.link ? await this.linkTarget(relative) : relative;
    const targetSidecars = candidate.link ? await this.sidecarsNextTo(target) : candidate.sidecars;
    const absolute = join(this.root, ...target.split('/'));
    const { bytes, modified } = await this.read(absolute, relative);

    const hash = createHash('sha256').update(`lumen-reading-${READING_VERSION}\0`).update(bytes);
    const own = await this.declaration(target, bytes, targetSidecars, hash);
    let acl = own.acl;
    let title = own.title;
    if (candidate.link) {
      hash.update('\0link\0').update(target);
      const linkSidecar = await this.sidecarDeclaration(relative, candidate.sidecars, hash);
      if (linkSidecar?.acl) acl = narrowerAcl(relative, target, linkSidecar.acl, own.acl);
      title = linkSidecar?.title ?? title;
    }
    return {
      id: `folder:${relative}`,
      source: 'folder',
      path: relative,
      url: `${this.urlBase}${target.split('/').map(encodeURIComponent).join('/')}`,
      hash: hash.digest('hex'),
      updatedAt: modified.toISOString(),
      acl,
      ...(title === undefined ? {} : { title }),
      read: async () => (await this.readInside(absolute, relative)).bytes,
    };
  }

  /** Where a link inside the folder leads, relative to it; refuses links out, to folders, or to another file type. */
  private async linkTarget(relative: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(join(this.root, ...relative.split('/')));
    } catch (error) {
      throw new RefusedFileError(
        relative,
        'link',
        `Skipped ${relative}: it is a link that leads nowhere (${messageOf(error)}).`,
      );
    }
    const inside = this.inside(real);
    if (inside === undefined) {
      throw new RefusedFileError(
        relative,
        'link',
        `Skipped ${relative}: it links to ${real}, outside the knowledge folder. Lumen does not follow links out of the folder; copy the file in instead.`,
      );
    }
    const info = await lstat(real);
    if (info.isDirectory()) {
      throw new RefusedFileError(
        relative,
        'link',
        `Skipped ${relative}: it links to the folder ${inside}; links to folders are not followed. Link the files themselves, or move the folder.`,
      );
    }
    if (!info.isFile()) throw specialFileError(relative, info);
    if (extname(inside).toLowerCase() !== extname(relative).toLowerCase() || !isSupportedFile(inside)) {
      throw new RefusedFileError(
        relative,
        'link',
        `Skipped ${relative}: it links to ${inside}, a file of another type; a link must keep its target's file extension.`,
      );
    }
    return inside;
  }

  /** The path of `real` relative to the folder (with `/`), or undefined when it is outside. */
  private inside(real: string): string | undefined {
    const inside = relativePath(this.root, real);
    if (!inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
    return inside.split(sep).join('/');
  }

  private async sidecarsNextTo(target: string): Promise<Sidecars> {
    const folder = dirname(target);
    const names = await readdir(join(this.root, ...folder.split('/')));
    const sidecarNames = names.filter(isSidecarName);
    const match = matchSidecars(
      names.filter((name) => !isSidecarName(name)),
      sidecarNames,
    );
    return sidecarsIn(match, basename(target), (name) => (folder === '.' ? name : `${folder}/${name}`));
  }

  /**
   * Reads a file whose real path is `absolute`, refusing it if a folder on the way has
   * become a link since it was listed (the file itself is opened without following links).
   */
  private async readInside(absolute: string, shownAs: string): Promise<{ bytes: Buffer; modified: Date }> {
    if ((await realpath(absolute)) !== absolute) {
      throw new RefusedFileError(
        shownAs,
        'link',
        `Skipped ${shownAs}: a folder on its way became a link after it was listed; list the folder again.`,
      );
    }
    return readRegularFile(absolute, shownAs, this.limits.maxFileBytes);
  }

  /** Reads a file, one large file at a time across the listing. */
  private async read(absolute: string, shownAs: string): Promise<{ bytes: Buffer; modified: Date }> {
    const size = (await stat(absolute)).size;
    if (size <= LARGE_FILE_BYTES) return this.readInside(absolute, shownAs);
    const turn = this.large.then(() => this.readInside(absolute, shownAs));
    this.large = turn.catch(() => undefined);
    return turn;
  }

  /** The title and ACL of a file: its sidecar wins over what the file declares; `everyone` by default. */
  private async declaration(
    relative: string,
    bytes: Buffer,
    sidecars: Sidecars,
    hash: ReturnType<typeof createHash>,
  ): Promise<{ acl: Principal[]; title?: string }> {
    const fromSidecar = await this.sidecarDeclaration(relative, sidecars, hash);
    const fromFile = asPermissionRefusal(relative, () =>
      readDeclaredMetadata(extname(relative).toLowerCase(), bytes, relative),
    );
    const acl = fromSidecar?.acl
      ? normalizeAcl(fromSidecar.acl, sidecars.paths[0]!)
      : normalizeAcl(fromFile.acl ?? [EVERYONE], relative);
    const title = fromSidecar?.title ?? fromFile.title;
    return { acl, ...(title === undefined ? {} : { title }) };
  }

  /** What a file's sidecar declares; refuses two sidecars for one file, or one that links out. */
  private async sidecarDeclaration(
    relative: string,
    sidecars: Sidecars,
    hash: ReturnType<typeof createHash>,
  ): Promise<DeclaredMetadata | undefined> {
    const { paths } = sidecars;
    if (paths.length === 0) return undefined;
    if (paths.length > 1) {
      throw new RefusedFileError(
        relative,
        'permissions',
        `Skipped ${relative}: it has ${paths.length} sidecars (${paths.join(', ')}) and either could be meant; keep one.`,
      );
    }
    const sidecar = paths[0]!;
    if (sidecars.shared) {
      throw new RefusedFileError(
        relative,
        'permissions',
        `Skipped ${relative}: its sidecar ${sidecar} could belong to another file of the same name too; name it ${basename(relative)}.meta.yaml.`,
      );
    }
    const real = await realpath(join(this.root, ...sidecar.split('/')));
    if (this.inside(real) === undefined) {
      throw new RefusedFileError(
        relative,
        'link',
        `Skipped ${relative}: its sidecar ${sidecar} links to ${real}, outside the knowledge folder.`,
      );
    }
    const { bytes } = await readRegularFile(real, sidecar, MAX_SIDECAR_BYTES);
    hash.update('\0sidecar\0').update(bytes);
    return asPermissionRefusal(sidecar, () => readSidecar(bytes, sidecar));
  }
}

/**
 * The ACL a link's own sidecar gives it, when it is no wider than its target's: every
 * principal it names must already read the target (or the target is public).
 */
function narrowerAcl(link: string, target: string, declared: string[], targetAcl: Principal[]): Principal[] {
  const acl = normalizeAcl(declared, link);
  if (targetAcl.includes(EVERYONE)) return acl;
  const wider = acl.filter((principal) => !targetAcl.includes(principal));
  if (wider.length > 0) {
    throw new RefusedFileError(
      link,
      'permissions',
      `Skipped ${link}: its sidecar lets ${wider.join(', ')} read it, but its target ${target} allows only ${targetAcl.join(', ')}. A link is read with its target's permissions and can only narrow them.`,
    );
  }
  return acl;
}

/** Runs a declaration reader, turning any failure into a permissions refusal naming the file. */
function asPermissionRefusal<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RefusedFileError) throw error;
    throw new RefusedFileError(path, 'permissions', messageOf(error), { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
