import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/core/errors.js';

describe('loadConfig (Azure settings)', () => {
  it('leaves Azure off when nothing is set', () => {
    expect(loadConfig({}).azure).toEqual({});
  });

  it('reads chat deployments, each optionally on another resource', () => {
    const { openai } =
      loadConfig({
        AZURE_OPENAI_ENDPOINT: 'https://lumen-se.openai.azure.com/',
        AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o, gpt-4o@https://lumen-eu.openai.azure.com/',
        AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'text-embedding-3-small',
      }).azure ?? {};
    expect(openai).toMatchObject({
      endpoint: 'https://lumen-se.openai.azure.com/',
      chatDeployments: [
        { name: 'gpt-4o' },
        { name: 'gpt-4o', endpoint: 'https://lumen-eu.openai.azure.com/' },
      ],
      embeddingDeployment: 'text-embedding-3-small',
      apiVersion: '2024-10-21',
      sourceTokens: 6_000,
      answerTokens: 800,
    });
    expect(openai?.apiKey).toBeUndefined();
  });

  it('reads the search settings with their defaults', () => {
    const { search } =
      loadConfig({
        AZURE_SEARCH_ENDPOINT: 'https://lumen.search.windows.net',
        AZURE_SEARCH_INDEX: 'lumen-knowledge',
        AZURE_SEARCH_API_KEY: 'k',
        AZURE_SEARCH_SEMANTIC_RANKER: 'false',
      }).azure ?? {};
    expect(search).toEqual({
      endpoint: 'https://lumen.search.windows.net',
      apiKey: 'k',
      index: 'lumen-knowledge',
      semanticRanker: false,
      embeddingDimensions: 1536,
      vectorK: 50,
    });
  });

  it('names the missing setting when only part of a service is configured', () => {
    expect(() => loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' })).toThrow(
      /AZURE_OPENAI_CHAT_DEPLOYMENT is required/,
    );
    expect(() => loadConfig({ AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o' })).toThrow(
      /AZURE_OPENAI_ENDPOINT is required/,
    );
    expect(() => loadConfig({ AZURE_SEARCH_ENDPOINT: 'https://x.search.windows.net' })).toThrow(ConfigError);
  });

  it('rejects malformed values without echoing keys', () => {
    expect(() => loadConfig({ AZURE_SEARCH_INDEX: 'Bad Name', AZURE_SEARCH_ENDPOINT: 'https://x' })).toThrow(
      /AZURE_SEARCH_INDEX must be lower-case/,
    );
    let message = '';
    try {
      loadConfig({ AZURE_OPENAI_ENDPOINT: 'not a url', AZURE_OPENAI_API_KEY: 'secret-key-123' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/AZURE_OPENAI_ENDPOINT must be a URL/);
    expect(message).not.toContain('secret-key-123');
    expect(() => loadConfig({ AZURE_OPENAI_TIMEOUT_MS: '0' })).toThrow(/AZURE_OPENAI_TIMEOUT_MS/);
  });
});
