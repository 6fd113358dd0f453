import { ClientSecretCredential } from '@azure/identity';
import { LumenError } from '../../core/errors.js';
import { ConfluenceClient } from '../sources/confluence/confluence-client.js';
import { ConfluenceSource } from '../sources/confluence/confluence-source.js';
import { createGraphClient } from '../sources/sharepoint/graph-client.js';
import { GraphGroupResolver } from '../sources/sharepoint/group-resolver.js';
import { SharePointSource } from '../sources/sharepoint/sharepoint-source.js';
import type { ConfluenceConfig, SharePointConfig } from './connector-config.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** A Graph token provider for an app registration (client credentials flow). */
export function appOnlyToken(config: SharePointConfig): () => Promise<string> {
  const credential = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret);
  return async () => {
    const token = await credential.getToken(GRAPH_SCOPE);
    if (!token)
      throw new LumenError('sharepoint.auth_failed', 'Entra ID returned no token for Microsoft Graph');
    return token.token;
  };
}

/** The SharePoint source for the configured app registration. */
export function createSharePointSource(
  config: SharePointConfig,
  getToken = appOnlyToken(config),
): SharePointSource {
  const client = createGraphClient({ baseUrl: config.graphUrl, getToken });
  return new SharePointSource(client, { graphUrl: config.graphUrl, maxFileBytes: config.maxFileBytes });
}

/** Entra group lookups for askers, over the same app registration (needs GroupMember.Read.All). */
export function createGroupResolver(
  config: SharePointConfig,
  getToken = appOnlyToken(config),
): GraphGroupResolver {
  return new GraphGroupResolver(createGraphClient({ baseUrl: config.graphUrl, getToken }), {
    graphUrl: config.graphUrl,
    namedGroups: config.groupNames,
  });
}

/** The Confluence source for the configured site. */
export function createConfluenceSource(config: ConfluenceConfig): ConfluenceSource {
  return new ConfluenceSource(new ConfluenceClient({ baseUrl: config.baseUrl, auth: config.auth }));
}
