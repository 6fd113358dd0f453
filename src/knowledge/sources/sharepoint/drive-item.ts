/** A site as Graph describes it. */
export interface SharePointSite {
  id: string;
  name: string;
  webUrl: string;
}

/** A document library of a site. */
export interface SharePointDrive {
  id: string;
  name: string;
  webUrl: string;
  site: SharePointSite;
}

/** A driveItem as delta returns it (the fields Lumen uses). */
export interface DriveItem {
  id: string;
  name?: string;
  webUrl?: string;
  size?: number;
  cTag?: string;
  eTag?: string;
  lastModifiedDateTime?: string;
  deleted?: { state?: string };
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha256Hash?: string } };
  folder?: unknown;
  root?: unknown;
  parentReference?: { driveId?: string; id?: string; path?: string };
  /** For items of SharePoint lists: the list item's unique id, which is a site page's id. */
  sharepointIds?: { listItemUniqueId?: string };
}

/** One page of a drive's delta: its items, and either the next page or the new delta link. */
export interface DeltaPage {
  items: DriveItem[];
  nextLink?: string;
  deltaLink?: string;
}

/** Every document id of a drive starts with this. */
export function drivePrefix(drive: Pick<SharePointDrive, 'id'>): string {
  return `sharepoint:${drive.id}:`;
}

/** A readable path for citations: site / library / folders / file. */
export function itemPath(drive: SharePointDrive, item: DriveItem): string {
  // Delta leaves `parentReference.path` out, but the item's link runs through its folders.
  const libraryUrl = `${drive.webUrl.replace(/\/+$/, '')}/`;
  let folders = '';
  if (item.webUrl?.startsWith(libraryUrl)) {
    const inside = item.webUrl.slice(libraryUrl.length).split('/').map(safeDecode);
    folders = inside.slice(0, -1).join('/');
  } else if (item.parentReference?.path?.includes('root:')) {
    const parent = item.parentReference.path;
    folders = safeDecode(parent.slice(parent.indexOf('root:') + 5).replace(/^\/+/, ''));
  }
  return [drive.site.name, drive.name, folders, item.name ?? item.id].filter(Boolean).join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A literal `%` in a name: keep the segment as it is.
    return segment;
  }
}
