import { Inflate } from 'fflate';
import { CrackError } from '../../core/errors.js';
import { LIMIT_SETTINGS, tooLargeError } from '../file-limits.js';

/** One file inside a zip, as its central directory describes it. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** Compressed bytes inflated per step: one step yields at most about 1,000 times this. */
const STEP = 8 * 1024;

/**
 * Inflates the entries of a zip whose names `wanted` accepts, counting the bytes they
 * really unpack to (not what the headers claim) while inflating, and stops with a
 * RefusedFileError as soon as the total passes `maxInflatedBytes`.
 */
export function inflateZipParts(
  path: string,
  bytes: Uint8Array,
  maxInflatedBytes: number,
  wanted: (name: string) => boolean,
): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  const count = counter(path, maxInflatedBytes);
  for (const entry of listEntries(path, bytes)) {
    if (!wanted(entry.name)) continue;
    const chunks: Uint8Array[] = [];
    inflateEntry(path, bytes, entry, (chunk) => {
      count(chunk);
      chunks.push(chunk);
      return true;
    });
    parts.set(entry.name, concat(chunks));
  }
  return parts;
}

/**
 * Checks, without keeping anything, that the XML of a zip (every entry that starts like
 * XML, whatever its name) unpacks to at most `maxInflatedBytes`. Other entries (pictures)
 * are left after their first bytes, so a converter that reads the XML parts and no
 * pictures can then unpack the file safely.
 */
export function checkZipXmlSize(path: string, bytes: Uint8Array, maxInflatedBytes: number): void {
  const count = counter(path, maxInflatedBytes);
  for (const entry of listEntries(path, bytes)) {
    let first = true;
    inflateEntry(path, bytes, entry, (chunk) => {
      if (first && !looksLikeXml(chunk)) return false;
      first = false;
      count(chunk);
      return true;
    });
  }
}

function counter(path: string, maxInflatedBytes: number): (chunk: Uint8Array) => void {
  let total = 0;
  return (chunk) => {
    total += chunk.length;
    if (total > maxInflatedBytes) {
      throw tooLargeError(path, 'the XML it unpacks to', maxInflatedBytes, LIMIT_SETTINGS.maxInflatedBytes);
    }
  };
}

function looksLikeXml(chunk: Uint8Array): boolean {
  let i = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  while (
    i < chunk.length &&
    (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)
  )
    i++;
  if (i >= chunk.length || chunk[i] === 0x3c) return true;
  // UTF-16 parts count too: a parser may still read them.
  const first = chunk[i];
  const second = chunk[i + 1];
  return (
    (first === 0xff && second === 0xfe) ||
    (first === 0xfe && second === 0xff) ||
    (first === 0x00 && second === 0x3c)
  );
}

/** Feeds an entry's inflated bytes to `take` a step at a time, until it returns false. */
function inflateEntry(
  path: string,
  bytes: Uint8Array,
  entry: ZipEntry,
  take: (chunk: Uint8Array) => boolean,
): void {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (data.length < entry.compressedSize) throw broken(path, `entry ${entry.name} is cut short`);
  if (entry.method === STORED) {
    take(data);
    return;
  }
  let more = true;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (more && chunk.length > 0) more = take(chunk);
    if (final) ended = true;
  });
  try {
    for (let offset = 0; more && offset < data.length; offset += STEP) {
      const end = Math.min(offset + STEP, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if (error instanceof CrackError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw broken(path, `entry ${entry.name} does not inflate (${reason})`);
  }
  if (more && !ended && data.length > 0) throw broken(path, `entry ${entry.name} ends too early`);
}

function listEntries(path: string, bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw broken(path, 'it is not a zip file');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff)
    throw broken(path, 'it is a ZIP64 file, which Office documents of this size never are');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      throw broken(path, 'its table of contents is damaged');
    }
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (method !== STORED && method !== DEFLATED)
      throw broken(path, `entry ${name} uses compression method ${method}`);
    if (
      compressedSize === 0xffffffff ||
      local + 30 > bytes.length ||
      view.getUint32(local, true) !== LOCAL_HEADER
    ) {
      throw broken(path, `entry ${name} has a damaged header`);
    }
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, method, compressedSize, dataStart });
  }
  return entries;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function broken(path: string, reason: string): CrackError {
  return new CrackError(path, `Could not read ${path}: ${reason}. Is it a valid Office file?`);
}
