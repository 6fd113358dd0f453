import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as z from 'zod';
import { LumenError } from '../../../core/errors.js';

/** An OpenID Connect provider admins sign in with (Microsoft Entra ID, or any other). */
export interface OidcSettings {
  /** The issuer, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `<public URL>/admin/oidc/callback`. */
  redirectUri: string;
}

/** What the browser keeps (in an HttpOnly cookie) between leaving for the provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** Who signed in, from the provider's verified ID token. */
export interface OidcIdentity {
  subject: string;
  objectId?: string;
  email?: string;
  name?: string;
  /** Group ids (Entra object ids) the token lists, when the app registration emits them. */
  groups: string[];
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
});

type Discovery = z.infer<typeof discoverySchema>;

/**
 * The authorization code flow with PKCE: `start` gives the provider's sign-in URL and what
 * to remember; `finish` trades the code for an ID token and verifies its signature,
 * issuer, audience, expiry and nonce.
 */
export class OidcSignIn {
  private discovery: Promise<Discovery> | undefined;
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  async start(): Promise<{ url: string; pending: PendingSignIn }> {
    const provider = await this.discover();
    const pending = { state: token(), nonce: token(), verifier: token() };
    const url = new URL(provider.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: this.settings.clientId,
      response_type: 'code',
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile email',
      response_mode: 'query',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: challengeOf(pending.verifier),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending };
  }

  async finish(code: string, pending: PendingSignIn): Promise<OidcIdentity> {
    const provider = await this.discover();
    const response = await fetch(provider.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.settings.redirectUri,
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
        code_verifier: pending.verifier,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
    if (!response.ok || typeof body.id_token !== 'string') {
      throw new LumenError(
        'admin.oidc_token_failed',
        `The sign-in provider refused the code (${response.status}${body.error ? `: ${String(body.error)}` : ''}).`,
      );
    }
    this.jwks ??= createRemoteJWKSet(new URL(provider.jwks_uri));
    const { payload } = await jwtVerify(body.id_token, this.jwks, {
      issuer: provider.issuer,
      audience: this.settings.clientId,
    }).catch((error: Error) => {
      throw new LumenError('admin.oidc_token_invalid', `The ID token did not verify: ${error.message}`);
    });
    if (payload.nonce !== pending.nonce) {
      throw new LumenError('admin.oidc_token_invalid', 'The ID token was not issued for this sign-in.');
    }
    return identityOf(payload);
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const parsed = discoverySchema.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !parsed.success) {
        throw new LumenError('admin.oidc_discovery_failed', `No OpenID configuration at ${url}.`);
      }
      return parsed.data;
    })().catch((error) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }
}

function identityOf(payload: JWTPayload): OidcIdentity {
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  const email = text('email') ?? text('preferred_username');
  const objectId = text('oid');
  const name = text('name');
  const groups = Array.isArray(payload.groups) ? payload.groups.filter((g) => typeof g === 'string') : [];
  return {
    subject: payload.sub ?? '',
    ...(objectId ? { objectId } : {}),
    ...(email?.includes('@') ? { email } : {}),
    ...(name ? { name } : {}),
    groups,
  };
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
