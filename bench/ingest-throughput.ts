import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalIndex } from '../src/knowledge/index/local/index.js';
import { ingestFolder } from '../src/knowledge/ingest-folder.js';
import { policySentences, SAMPLE_DIR, seededRandom, ZAVA_DIR } from './corpus.js';
import { heading, report } from './stats.js';

/** Times ingestion: PDF pages per second, Markdown documents per second, and an unchanged re-ingest. */
export async function benchIngest(markdownDocuments = 2_000): Promise<void> {
  heading('Ingestion (crack, chunk, index into the local index)');
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-ingest-'));
  try {
    const pdfFolder = existsSync(join(ZAVA_DIR, 'docs')) ? join(ZAVA_DIR, 'docs') : SAMPLE_DIR;
    const pdfIndex = LocalIndex.open(join(dir, 'pdf.db'));
    const pdf = await ingestFolder(pdfIndex, pdfFolder);
    await pdfIndex.close();
    report(
      `PDF pages per second (${pdf.pages} pages)`,
      `${(pdf.pages / (pdf.durationMs / 1000)).toFixed(0)} pages/s (${(pdf.durationMs / 1000).toFixed(1)} s for ${pdf.documents} files)`,
    );

    const folder = join(dir, 'markdown');
    writeMarkdownCorpus(folder, markdownDocuments);
    const index = LocalIndex.open(join(dir, 'markdown.db'));
    const first = await ingestFolder(index, folder);
    report(
      `Markdown documents per second (${first.documents.toLocaleString('en-US')} docs)`,
      `${(first.documents / (first.durationMs / 1000)).toFixed(0)} docs/s (${first.chunks.toLocaleString('en-US')} chunks)`,
    );
    const again = await ingestFolder(index, folder);
    report(
      `Re-ingest of ${again.documents.toLocaleString('en-US')} unchanged documents`,
      `${(again.durationMs / 1000).toFixed(2)} s (target < 5 s; ${again.unchanged} unchanged)`,
    );
    await index.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeMarkdownCorpus(folder: string, count: number): void {
  const sentences = policySentences();
  const random = seededRandom(count);
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  for (let i = 0; i < count; i++) {
    const team = join(folder, `team-${i % 20}`);
    mkdirSync(team, { recursive: true });
    const sections = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, s) => {
      const body = Array.from({ length: 3 + Math.floor(random() * 6) }, pick).join(' ');
      return `## Section ${s + 1}\n\n${body}\n`;
    });
    writeFileSync(join(team, `policy-${i}.md`), `# Policy ${i}\n\n${sections.join('\n')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngest();
