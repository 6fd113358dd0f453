import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen, type Lumen } from '../../../src/app/create-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { AzureSearchIndex } from '../../../src/knowledge/index/azure/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';
import { FALLBACK_NOTICE, PROMPT_FILTERED_NOTICE } from '../../../src/llm/azure-openai/index.js';
import {
  AzureOpenAIStandIn,
  type Behaviour,
  PROMPT_FILTERED_BODY,
  THROTTLED_BODY,
} from '../../helpers/azure-openai-stand-in.js';
import { AzureSearchStandIn } from '../../helpers/azure-search-stand-in.js';
import { makeTurn } from '../../helpers/builders.js';

describe('Lumen on Azure', () => {
  let openai: AzureOpenAIStandIn;
  let search: AzureSearchStandIn;
  let lumen: Lumen;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-azure-'));
    const kb = join(dir, 'kb');
    mkdirSync(kb);
    writeFileSync(
      join(kb, 'annual-leave.md'),
      '# Annual leave\n\nFull-time employees get 25 days of annual leave per year. Up to 5 unused days carry over.\n',
    );
    writeFileSync(
      join(kb, 'salary-bands.md'),
      '---\nacl: [group:hr]\n---\n# Salary bands\n\nEngineering salary bands run from L1 to L6.\n',
    );
    openai = await new AzureOpenAIStandIn(
      () => ({
        kind: 'stream',
        deltas: ['You get ', '25 days of annual leave', ' per year [1].'],
        usage: { prompt_tokens: 321, completion_tokens: 12 },
      }),
      16,
    ).start();
    search = await new AzureSearchStandIn().start();
    const config = loadConfig({
      LUMEN_DATA_DIR: join(dir, 'data'),
      LUMEN_KNOWLEDGE_DIR: kb,
      AZURE_OPENAI_ENDPOINT: openai.url,
      AZURE_OPENAI_API_KEY: 'openai-key',
      AZURE_OPENAI_CHAT_DEPLOYMENT: `gpt-4o,gpt-4o-eu@${openai.url}`,
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'text-embedding-3-small',
      AZURE_SEARCH_ENDPOINT: search.url,
      AZURE_SEARCH_API_KEY: 'search-key',
      AZURE_SEARCH_INDEX: 'lumen-kb',
      AZURE_SEARCH_EMBEDDING_DIMENSIONS: '16',
    });
    lumen = await createLumen(config);
    expect(lumen.index).toBeInstanceOf(AzureSearchIndex);
    await (lumen.index as AzureSearchIndex).updateIndex(16);
    await ingestFolder(lumen.index, kb);
  });

  afterAll(async () => {
    await lumen?.close();
    await openai?.stop();
    await search?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches both ports to Azure by configuration and checks them', async () => {
    expect(lumen.model.name).toBe('azure-openai (gpt-4o, gpt-4o-eu)');
    const checks = await lumen.checks();
    expect(checks.find((c) => c.name === 'index')).toMatchObject({ ok: true });
    expect(checks.find((c) => c.name === 'index')!.detail).toContain('2 documents');
    expect(checks.find((c) => c.name === 'model')).toMatchObject({ ok: true });
  });

  it('answers through the core with streamed text, citations and the turn recorded', async () => {
    const partials: string[] = [];
    const reply = await lumen.copilot.handle(makeTurn('How many days of annual leave do I get?'), {
      partial: (text) => partials.push(text),
    });
    expect(reply.kind).toBe('answer');
    expect(reply.text).toBe('You get 25 days of annual leave per year [1].');
    expect(reply.citations).toEqual([
      expect.objectContaining({
        n: 1,
        location: 'annual-leave.md',
        snippet: 'Full-time employees get 25 days of annual leave per year.',
      }),
    ]);
    expect(partials.length).toBeGreaterThanOrEqual(3);
    const turn = await lumen.store.turns.get(reply.turnId!);
    expect(turn).toMatchObject({
      model: 'azure-openai:gpt-4o',
      promptVersion: 'answer-v2',
      promptTokens: 321,
      completionTokens: 12,
    });
    const query = search.searches().at(-1)!.body;
    expect(String(query.filter)).toContain('aclEveryone eq true');
    const sent = (openai.chatRequests().at(-1)!.body.messages as { content: string }[])[1]!.content;
    expect(sent).not.toContain('Salary');
  });

  it('declines politely when the content filter blocks the question', async () => {
    const script = openai.script;
    openai.script = (): Behaviour => ({ kind: 'status', status: 400, body: PROMPT_FILTERED_BODY });
    try {
      const reply = await lumen.copilot.handle(makeTurn('How much annual leave do employees get per year?'));
      expect(reply.kind).toBe('abstain');
      expect(reply.notice).toBe(PROMPT_FILTERED_NOTICE);
    } finally {
      openai.script = script;
    }
  });

  // Runs last: it leaves both deployments throttled for two minutes.
  it('answers from the sources with a notice when every deployment is throttled', async () => {
    const script = openai.script;
    openai.script = () => ({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '120' },
      body: THROTTLED_BODY,
    });
    try {
      const reply = await lumen.copilot.handle(makeTurn('How many unused days of annual leave carry over?'));
      expect(reply.kind).toBe('answer');
      expect(reply.notice).toBe(FALLBACK_NOTICE);
      expect(reply.text).toContain('carry over');
      expect((await lumen.store.turns.get(reply.turnId!))?.model).toBe('extractive');
      expect(openai.chatRequests('gpt-4o').length).toBeGreaterThan(0);
      expect(openai.chatRequests('gpt-4o-eu').length).toBeGreaterThan(0);
    } finally {
      openai.script = script;
    }
  });
});
