import {
  AuthenticationConstants,
  JwtTokenProviderFactory,
  ManagedIdentityAppCredentials,
  MicrosoftAppCredentials,
} from 'botframework-connector';
import type { TeamsSettings } from '../../config/index.js';
import type { HealthCheck } from '../../core/ports.js';

/** One line describing the Teams settings, secrets left out. */
export function describeTeamsSettings(settings: TeamsSettings): string {
  if (!settings.appId) {
    return 'not configured: POST /api/messages accepts unauthenticated requests from this machine only';
  }
  return `app id ${settings.appId}, ${settings.appType}, tenant ${settings.tenantId ?? '(none)'}${
    settings.appPassword ? ', password set' : ''
  }`;
}

/**
 * Whether Lumen can get a token to call the Bot Connector with its configured identity:
 * the check that catches a wrong password, tenant or managed identity before Teams does.
 */
export async function checkTeamsCredentials(
  settings: TeamsSettings,
  timeoutMs = 15_000,
): Promise<HealthCheck> {
  if (!settings.appId) return { name: 'teams', ok: true, detail: 'not configured (local testing only)' };
  const scope = AuthenticationConstants.ToChannelFromBotOAuthScope;
  const credentials =
    settings.appType === 'UserAssignedMSI'
      ? new ManagedIdentityAppCredentials(settings.appId, scope, new JwtTokenProviderFactory())
      : new MicrosoftAppCredentials(settings.appId, settings.appPassword ?? '', settings.tenantId, scope);
  let timer: NodeJS.Timeout | undefined;
  try {
    const token = await Promise.race([
      credentials.getToken(true),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    return token
      ? { name: 'teams', ok: true, detail: `token issued for ${settings.appId} (${settings.appType})` }
      : { name: 'teams', ok: false, detail: 'the identity service returned no token' };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { name: 'teams', ok: false, detail: `could not get a Bot Connector token: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}
