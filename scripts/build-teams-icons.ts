/**
 * Draws the Teams app icons with no image library: `color.png` (192x192, full colour) and
 * `outline.png` (32x32, white on transparent), as Teams requires.
 * Run: npx tsx scripts/build-teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../src/config/index.js';

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of `size` x `size` pixels whose colours `paint` decides. */
function png(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x++) rows.set(paint(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A lamp: a filled circle (the light) over a short base. */
function lamp(size: number, x: number, y: number): 'light' | 'base' | 'none' {
  const cx = size / 2;
  const cy = size * 0.42;
  const r = size * 0.26;
  const dx = x + 0.5 - cx;
  const dy = y + 0.5 - cy;
  if (dx * dx + dy * dy <= r * r) return 'light';
  if (Math.abs(dx) <= size * 0.12 && y + 0.5 >= size * 0.72 && y + 0.5 <= size * 0.8) return 'base';
  return 'none';
}

const ACCENT: Rgba = [0x3b, 0x4c, 0xc0, 0xff];
const LIGHT: Rgba = [0xff, 0xd5, 0x4f, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

const dir = join(PACKAGE_ROOT, 'manifests/teams');
writeFileSync(
  join(dir, 'color.png'),
  png(192, (x, y) => {
    const part = lamp(192, x, y);
    return part === 'light' ? LIGHT : part === 'base' ? WHITE : ACCENT;
  }),
);
writeFileSync(
  join(dir, 'outline.png'),
  png(32, (x, y) => (lamp(32, x, y) === 'none' ? CLEAR : WHITE)),
);
process.stdout.write(`Wrote ${dir}/color.png and ${dir}/outline.png\n`);
