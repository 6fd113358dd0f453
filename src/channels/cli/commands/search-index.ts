import { lumenIndexDefinition } from '../../../knowledge/index/azure/index-definition.js';
import { commandConfig } from '../cli-context.js';

/** `lumen index create|update`: applies the index definition in this repository to Azure AI Search. */
export async function searchIndexCommand(
  mode: 'create' | 'update',
  options: { dataDir?: string; dryRun?: boolean },
): Promise<void> {
  const config = commandConfig(options);
  const search = config.azure?.search;
  if (!search) {
    throw new Error(
      'Azure AI Search is not configured; set AZURE_SEARCH_ENDPOINT and AZURE_SEARCH_INDEX (and AZURE_SEARCH_API_KEY, or sign in for Entra ID)',
    );
  }
  const dimensions = search.embeddingDimensions;
  if (options.dryRun) {
    process.stdout.write(`${JSON.stringify(lumenIndexDefinition(search.index, { dimensions }), null, 2)}\n`);
    return;
  }
  const { createAzureSearchIndex } = await import('../../../knowledge/index/azure/index.js');
  const index = createAzureSearchIndex(search, config.azure?.openai);
  if (mode === 'create') await index.createIndex(dimensions);
  else await index.updateIndex(dimensions);
  const embedding = config.azure?.openai?.embeddingDeployment;
  const vectors = embedding
    ? `vectors from ${embedding}`
    : 'no embedding deployment set: keyword and semantic search only';
  process.stdout.write(
    `${mode === 'create' ? 'Created' : 'Updated'} index ${search.index} on ${search.endpoint} (${dimensions} dimensions; ${vectors}).\n`,
  );
}
