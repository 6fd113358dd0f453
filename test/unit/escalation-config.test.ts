import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { parseEscalationRoutes, routeEscalation } from '../../src/core/escalation/routing.js';
import { detectTopic, isSensitiveTopic } from '../../src/core/escalation/topics.js';

describe('parseEscalationRoutes', () => {
  it('reads topic, source and catch-all rules', () => {
    expect(parseEscalationRoutes('topic:hr=people, source:confluence=it ,*=helpdesk, legal=counsel')).toEqual(
      [
        { match: { topic: 'hr' }, queue: 'people' },
        { match: { source: 'confluence' }, queue: 'it' },
        { match: { topic: '*' }, queue: 'helpdesk' },
        { match: { topic: 'legal' }, queue: 'counsel' },
      ],
    );
  });

  it('names a malformed rule and the accepted forms', () => {
    expect(() => parseEscalationRoutes('hr->people')).toThrow(/"hr->people" is not a route; write topic:/);
  });
});

describe('routeEscalation', () => {
  const routes = parseEscalationRoutes('topic:hr=people,source:confluence=it,*=helpdesk');
  it('prefers the topic, then a source of the attempt, then the catch-all', () => {
    expect(routeEscalation(routes, { topic: 'hr', sources: ['confluence'] })).toBe('people');
    expect(routeEscalation(routes, { topic: 'it', sources: ['confluence'] })).toBe('it');
    expect(routeEscalation(routes, { sources: ['folder'] })).toBe('helpdesk');
    expect(routeEscalation([], {})).toBe('default');
  });
});

describe('detectTopic', () => {
  it('finds sensitive topics before ordinary ones', () => {
    expect(detectTopic('My manager keeps harassing me about my leave')).toBe('harassment');
    expect(detectTopic('Someone was injured in the warehouse')).toBe('safety');
    expect(detectTopic('Do I need a lawyer for this contract?')).toBe('legal');
    expect(detectTopic('I have a medical condition that affects my hours')).toBe('health');
    expect(detectTopic('How many vacation days do I get?')).toBe('hr');
    expect(detectTopic('My laptop will not start')).toBe('it');
    expect(detectTopic('What is the Wi-Fi password?')).toBe('it');
    expect(detectTopic('Where is the cafeteria?')).toBeUndefined();
    expect(isSensitiveTopic('legal')).toBe(true);
    expect(isSensitiveTopic('hr')).toBe(false);
  });
});

describe('loadConfig (escalation settings)', () => {
  it('leaves escalation settings out when none are set', () => {
    expect(loadConfig({}).escalation).toBeUndefined();
  });

  it('reads routes, webhook queues, the secret, reminders and the sensitive-topic policy', () => {
    const config = loadConfig({
      LUMEN_ESCALATION_ROUTES: 'topic:hr=hr,*=it',
      LUMEN_ESCALATION_QUEUES: 'hr=https://example.service-now.com/api/x,it=https://jira.example/hook',
      LUMEN_ESCALATION_WEBHOOK_SECRET: 'a-long-shared-secret',
      LUMEN_ESCALATION_REMIND_MINUTES: '30',
      LUMEN_SENSITIVE_TOPICS: 'harassment=handover,legal=answer',
      LUMEN_ADMIN_TOKEN: 'token-of-sixteen-chars',
    });
    expect(config.escalation).toEqual({
      routes: [
        { match: { topic: 'hr' }, queue: 'hr' },
        { match: { topic: '*' }, queue: 'it' },
      ],
      webhooks: { hr: 'https://example.service-now.com/api/x', it: 'https://jira.example/hook' },
      channels: {},
      webhookSecret: 'a-long-shared-secret',
      remindAfterMinutes: 30,
      sensitive: { harassment: 'handover', legal: 'answer' },
    });
    expect(config.adminToken).toBe('token-of-sixteen-chars');
    expect(loadConfig({ LUMEN_SENSITIVE_TOPICS: 'handover' }).escalation?.sensitive).toEqual({
      harassment: 'handover',
      health: 'handover',
      legal: 'handover',
      safety: 'handover',
    });
  });

  it('reads chat-channel queues by conversation key, which need no secret', () => {
    expect(
      loadConfig({ LUMEN_ESCALATION_QUEUES: 'hr=slack:T1:C42:,it=teams:t-1:19:abc@thread.tacv2:' }).escalation
        ?.channels,
    ).toEqual({
      hr: { channel: 'slack', conversationKey: 'slack:T1:C42:' },
      it: { channel: 'teams', conversationKey: 'teams:t-1:19:abc@thread.tacv2:' },
    });
  });

  it('names the bad setting', () => {
    expect(() => loadConfig({ LUMEN_ESCALATION_QUEUES: 'hr=https://x.example/h' })).toThrow(
      /LUMEN_ESCALATION_WEBHOOK_SECRET is required/,
    );
    expect(() => loadConfig({ LUMEN_ESCALATION_QUEUES: 'hr:ftp://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ LUMEN_SENSITIVE_TOPICS: 'gossip=handover' })).toThrow(
      /LUMEN_SENSITIVE_TOPICS has "gossip=handover"/,
    );
    expect(() => loadConfig({ LUMEN_ADMIN_TOKEN: 'short' })).toThrow(
      /LUMEN_ADMIN_TOKEN must be at least 16 characters/,
    );
    expect(() => loadConfig({ LUMEN_ESCALATION_ROUTES: 'bad route' })).toThrow(/LUMEN_ESCALATION_ROUTES/);
  });
});
