import { lumenIndexDefinition } from '../../../knowledge/index/azure/index-definition.js';
import { synonymMapName } from '../../../knowledge/index/azure/synonym-map.js';
import { loadCompanySynonyms } from '../../../knowledge/synonyms/company-synonyms.js';
import { commandConfig } from '../cli-context.js';

/**
 * `lumen index create|update`: applies the index definition in this repository to Azure AI
 * Search, with the company synonyms (LUMEN_SYNONYMS_FILE, or the knowledge folder's
 * `synonyms.txt`) published as the index's synonym map.
 */
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
  const synonyms = await loadCompanySynonyms(config.synonymsFile);
  const synonymNote =
    synonyms.length > 0
      ? `synonym map ${synonymMapName(search.index)} with ${synonyms.length} rule${synonyms.length === 1 ? '' : 's'} from ${config.synonymsFile}`
      : 'no company synonyms';
  if (options.dryRun) {
    const definition = lumenIndexDefinition(search.index, {
      dimensions,
      ...(synonyms.length > 0 ? { synonymMapName: synonymMapName(search.index) } : {}),
    });
    process.stdout.write(`${JSON.stringify(definition, null, 2)}\n`);
    process.stderr.write(
      synonyms.length > 0
        ? `Not applied; it would also publish ${synonymNote}.\n`
        : 'Not applied; no company synonyms.\n',
    );
    return;
  }
  const { createAzureSearchIndex } = await import('../../../knowledge/index/azure/index.js');
  const index = createAzureSearchIndex(search, config.azure?.openai);
  if (mode === 'create') await index.createIndex(dimensions, { synonyms });
  else await index.updateIndex(dimensions, { synonyms });
  const embedding = config.azure?.openai?.embeddingDeployment;
  const vectors = embedding
    ? `vectors from ${embedding}`
    : 'no embedding deployment set: keyword and semantic search only';
  process.stdout.write(
    `${mode === 'create' ? 'Created' : 'Updated'} index ${search.index} on ${search.endpoint} (${dimensions} dimensions; ${vectors}; ${synonymNote}).\n`,
  );
}
