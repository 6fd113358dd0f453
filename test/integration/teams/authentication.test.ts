import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ServiceClientCredentials,
  ServiceClientCredentialsFactory,
  TokenCredentials,
} from 'botframework-connector';
import express from 'express';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { personalMessage, startTeamsHarness, TENANT, type TeamsHarness } from './teams-harness.js';
import { messageEntity, wire } from './wire.js';

const APP_ID = 'lumen-app-id';
const CONNECTOR_ISSUER = 'https://api.botframework.com';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Stands in for login.botframework.com: OpenID metadata and the signing keys it points to. */
class OpenIdStandIn {
  private server: Server | undefined;
  url = '';
  constructor(private readonly keys: JWK[]) {}

  async start(): Promise<void> {
    const app = express();
    app.get('/v1/.well-known/openidconfiguration', (_req, res) => {
      res.json({
        issuer: CONNECTOR_ISSUER,
        jwks_uri: `${this.url}/v1/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    });
    app.get('/v1/keys', (_req, res) => res.json({ keys: this.keys }));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Outbound credentials that sign connector calls with a fixed token instead of asking Entra ID. */
class FixedTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return new TokenCredentials('outbound-token');
  }
}

describe('Teams authentication', () => {
  let signingKey: PrivateKey;
  let strangerKey: PrivateKey;
  let openId: OpenIdStandIn;
  let h: TeamsHarness;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = {
      ...(await exportJWK(pair.publicKey)),
      kid: 'connector-key-1',
      use: 'sig',
      endorsements: ['msteams'],
    };
    openId = new OpenIdStandIn([jwk as JWK]);
    await openId.start();
  });
  afterAll(async () => openId.stop());

  beforeEach(async () => {
    h = await startTeamsHarness({
      settings: { appId: APP_ID, appPassword: 'not-used', tenantId: TENANT, appType: 'SingleTenant' },
      openIdMetadataUrl: openId.metadataUrl,
      credentialsFactory: new FixedTokenCredentialsFactory(),
      streaming: { enabled: false },
      core: { admins: ['user:alex.rivera@brightwater.example'] },
    });
  });
  afterEach(async () => h.close());

  function token(
    claims: {
      aud?: string;
      serviceurl?: string;
      exp?: string;
      iss?: string;
      key?: PrivateKey;
      kid?: string;
    } = {},
  ) {
    return new SignJWT({ serviceurl: claims.serviceurl ?? h.connector.url })
      .setProtectedHeader({ alg: 'RS256', kid: claims.kid ?? 'connector-key-1', typ: 'JWT' })
      .setIssuer(claims.iss ?? CONNECTOR_ISSUER)
      .setAudience(claims.aud ?? APP_ID)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(claims.key ?? signingKey);
  }

  const question = () => personalMessage(h.connector.url, 'What is the per diem in Toronto?');

  it('accepts an activity with a valid connector token, answers it, and signs its own calls', async () => {
    const response = await h.post(question(), { authorization: `Bearer ${await token()}` });
    expect(response.status).toBe(200);
    const [call] = h.connector.activities();
    expect(wire(call).text).toContain('75 CAD');
    expect(call!.authorization).toBe('Bearer outbound-token');
  });

  it('signs proactive messages with the app’s credentials too', async () => {
    await h.post(question(), { authorization: `Bearer ${await token()}` });
    const before = h.connector.activities().length;
    await h.channel.messenger.deliver(
      { channel: 'teams', conversationKey: `teams:${TENANT}:a:personal-alex:`, userId: 'aad-alex' },
      {
        kind: 'escalation_answer',
        text: 'From Dana: yes.',
        citations: [],
        actions: [],
        aiGenerated: false,
        visibility: 'conversation',
      },
    );
    const [call] = h.connector.activities().slice(before);
    expect(call!.authorization).toBe('Bearer outbound-token');
  });

  it('makes a verified sender an admin when the member API gives an email LUMEN_ADMINS names', async () => {
    h.connector.members.set('29:alex', {
      id: '29:alex',
      name: 'Alex',
      email: 'Alex.Rivera@brightwater.example',
    });
    const response = await h.post(personalMessage(h.connector.url, 'admin escalations'), {
      authorization: `Bearer ${await token()}`,
    });
    expect(response.status).toBe(200);
    // The admin view is an Adaptive Card without the AI label.
    const sent = wire(h.connector.activities()[0]);
    expect(sent.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = sent.attachments![0]!.content as { body: { text: string }[] };
    expect(card.body[0]!.text).toBe('Lumen admin');
    expect(messageEntity(sent)).toBeUndefined();
  });

  it('refuses a validly signed activity from another tenant with 403', async () => {
    const foreign = personalMessage(h.connector.url, 'What is the per diem in Toronto?', {
      conversation: { id: 'a:personal-alex', conversationType: 'personal', tenantId: 'other-tenant' },
      channelData: { tenant: { id: 'other-tenant' } },
    });
    const response = await h.post(foreign, { authorization: `Bearer ${await token()}` });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('wrong_tenant');
    expect(h.connector.calls).toHaveLength(0);
  });

  it('refuses an activity without a token with 401 and does not answer', async () => {
    const response = await h.post(question());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'A Bot Framework token is required.' },
    });
    expect(h.connector.calls).toHaveLength(0);
    expect(await h.core.store.turns.list({})).toHaveLength(0);
  });

  it.each([
    ['signed by a key the connector does not publish', async () => token({ key: strangerKey })],
    ['signed with an unknown key id', async () => token({ key: strangerKey, kid: 'other-key' })],
    ['for another bot', async () => token({ aud: 'someone-else' })],
    ['expired', async () => token({ exp: '-10m' })],
    ['from another issuer', async () => token({ iss: 'https://evil.example' })],
    ['issued for another service URL', async () => token({ serviceurl: 'https://smba.example/amer/' })],
    ['that is not a JWT', async () => 'not-a-jwt'],
  ])('refuses a token %s with 401', async (_case, make) => {
    const response = await h.post(question(), { authorization: `Bearer ${await make()}` });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
    expect(h.connector.calls).toHaveLength(0);
  });
});
