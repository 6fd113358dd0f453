import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crackFile } from '../../../src/knowledge/crack/index.js';

const CORE = (title: string) =>
  `<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>${title}</dc:title></cp:coreProperties>`;

function slide(paragraphs: string[]): string {
  const body = paragraphs
    .map(
      (p) =>
        `<a:p><a:pPr lvl="0"/>${p
          .split('|')
          .map((run) => `<a:r><a:rPr lang="en-US"/><a:t>${run}</a:t></a:r>`)
          .join('')}</a:p>`,
    )
    .join('');
  return `<?xml version="1.0"?><p:sld xmlns:a="a" xmlns:p="p"><p:cSld><p:spTree><p:sp><p:txBody>${body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
}

function zip(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
}

describe('crackFile for PowerPoint', () => {
  it('reads one section per slide in slide order, headed by the slide title', async () => {
    const pptx = zip({
      'docProps/core.xml': CORE('Security &amp; you'),
      'ppt/slides/slide10.xml': slide(['Wrap-up', 'Questions go to #security.']),
      'ppt/slides/slide2.xml': slide(['Passwords', 'Use a password manager.', 'Rotate |keys| yearly.']),
      'ppt/slides/slide1.xml': slide(['Welcome']),
      'ppt/notesSlides/notesSlide1.xml': slide(['Speaker notes stay out']),
    });

    const cracked = await crackFile('deck.pptx', pptx);

    expect(cracked.title).toBe('Security & you');
    expect(cracked.sections).toEqual([
      { headingPath: ['Welcome'], text: 'Welcome' },
      { headingPath: ['Passwords'], text: 'Use a password manager.\nRotate keys yearly.' },
      { headingPath: ['Wrap-up'], text: 'Questions go to #security.' },
    ]);
  });
});

describe('crackFile for Excel', () => {
  it('reads one section per sheet, a line per row, with shared, inline and cached values', async () => {
    const xlsx = zip({
      'xl/workbook.xml':
        '<workbook><sheets><sheet name="Rates &amp; limits" sheetId="1" r:id="rId1"/><sheet name="Empty" sheetId="2" r:id="rId2"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels':
        '<Relationships><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x" Target="worksheets/sheet2.xml"/></Relationships>',
      'xl/sharedStrings.xml':
        '<sst><si><t>Country</t></si><si><t>Daily meal limit</t></si><si><r><t>Ger</t></r><r><t>many</t></r></si></sst>',
      'xl/worksheets/sheet1.xml':
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>40+20</f><v>60</v></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><t>France</t></is></c><c r="B3"/><c r="C3" t="b"><v>1</v></c></row></sheetData></worksheet>',
      'xl/worksheets/sheet2.xml': '<worksheet><sheetData/></worksheet>',
    });

    const cracked = await crackFile('travel-rates.xlsx', xlsx);

    expect(cracked.title).toBe('Travel Rates');
    expect(cracked.sections).toEqual([
      { headingPath: ['Rates & limits'], text: 'Country | Daily meal limit\nGermany | 60\nFrance | TRUE' },
    ]);
  });
});
