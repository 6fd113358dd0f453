import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  claims: Record<string, unknown>;
  /** Signs with a key the provider does not publish, as a forged token would be. */
  forged: boolean;
}

/**
 * A local OpenID Connect provider: discovery, a JWKS, and a token endpoint that checks the
 * client secret, the redirect URI and the PKCE verifier before issuing an RS256 ID token.
 * `authorize` plays the person signing in at the provider.
 */
export class OidcStandIn {
  readonly clientId = 'lumen-admin';
  readonly clientSecret = 'stand-in-client-secret';
  url = '';
  private server: Server | undefined;
  private readonly codes = new Map<string, IssuedCode>();
  private keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK } | undefined;
  private forger: CryptoKey | undefined;

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.keys = { kid: 'key-1', privateKey, publicJwk: await exportJWK(publicKey) };
    this.forger = (await generateKeyPair('RS256')).privateKey;
    this.server = createServer((req, res) => void this.handle(req.method ?? '', req.url ?? '/', req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Signs `claims` in at the provider for the authorization request `authorizeUrl`; returns where the browser goes back to. */
  authorize(
    authorizeUrl: string,
    claims: Record<string, unknown>,
    options: { forged?: boolean } = {},
  ): string {
    const request = new URL(authorizeUrl).searchParams;
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      clientId: request.get('client_id') ?? '',
      redirectUri: request.get('redirect_uri') ?? '',
      challenge: request.get('code_challenge') ?? '',
      nonce: request.get('nonce') ?? '',
      claims,
      forged: options.forged ?? false,
    });
    const back = new URL(request.get('redirect_uri') ?? '');
    back.search = new URLSearchParams({ code, state: request.get('state') ?? '' }).toString();
    return back.toString();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(
    method: string,
    url: string,
    req: NodeJS.ReadableStream,
    res: ServerResponse,
  ): Promise<void> {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const path = new URL(url, this.url).pathname;
    if (method === 'GET' && path === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.url,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
        jwks_uri: `${this.url}/jwks`,
      });
    }
    if (method === 'GET' && path === '/jwks') {
      return json(200, {
        keys: [{ ...this.keys!.publicJwk, kid: this.keys!.kid, alg: 'RS256', use: 'sig' }],
      });
    }
    if (method === 'POST' && path === '/token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      const issued = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        !issued ||
        form.get('client_id') !== issued.clientId ||
        form.get('client_secret') !== this.clientSecret ||
        form.get('redirect_uri') !== issued.redirectUri ||
        challenge !== issued.challenge
      ) {
        return json(400, { error: 'invalid_grant' });
      }
      const idToken = await new SignJWT({ ...issued.claims, nonce: issued.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: this.keys!.kid })
        .setIssuer(this.url)
        .setAudience(issued.clientId)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(issued.forged ? this.forger! : this.keys!.privateKey);
      return json(200, { token_type: 'Bearer', id_token: idToken, access_token: 'unused' });
    }
    json(404, { error: 'not_found' });
  }
}
