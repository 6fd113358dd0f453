import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { TeamsSettings } from '../../config/index.js';
import { LumenError } from '../../core/errors.js';
import { keepEntityPropertiesOnTheWire } from './entity-wire-format.js';

export interface TeamsAdapterOptions {
  settings: TeamsSettings;
  /**
   * Where the Bot Connector's signing keys are published. Defaults to the public cloud;
   * set for sovereign clouds (and tests, which serve their own keys).
   */
  openIdMetadataUrl?: string;
  /** Credentials for calls to the connector; built from `settings` when absent. */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/** The Bot Framework authentication and the CloudAdapter built on it. */
export interface TeamsAdapter {
  adapter: CloudAdapter;
  auth: ConfigurationBotFrameworkAuthentication;
  /** True when requests must carry a valid Bot Connector JWT. */
  authenticated: boolean;
}

/**
 * Builds the CloudAdapter from Lumen's settings. With an app id, inbound requests must carry
 * a JWT signed by the Bot Connector for that app id; without one, botbuilder accepts
 * unauthenticated requests (the HTTP route then admits loopback callers only).
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  if (!keepEntityPropertiesOnTheWire()) {
    throw new LumenError(
      'teams.sdk_changed',
      'botframework-connector no longer has the Entity mapper Lumen extends; check its version',
    );
  }
  const { settings } = options;
  const config: ConfigurationBotFrameworkAuthenticationOptions = {
    ...(settings.appId ? { MicrosoftAppId: settings.appId, MicrosoftAppType: settings.appType } : {}),
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
    ...(options.openIdMetadataUrl ? publicCloudWith(options.openIdMetadataUrl) : {}),
  };
  const auth = new ConfigurationBotFrameworkAuthentication(config, options.credentialsFactory);
  return { adapter: new CloudAdapter(auth), auth, authenticated: Boolean(settings.appId) };
}

/**
 * Setting any endpoint switches botbuilder to fully parameterized authentication, so every
 * other public-cloud value must be given alongside the replaced metadata URL.
 */
function publicCloudWith(openIdMetadataUrl: string): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
