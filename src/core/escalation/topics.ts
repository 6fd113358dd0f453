/** Topics that a person, not Lumen, should handle when the policy says so. */
export const SENSITIVE_TOPICS = ['harassment', 'health', 'legal', 'safety'] as const;
export type SensitiveTopic = (typeof SENSITIVE_TOPICS)[number];

/** What Lumen does with a sensitive question: hand it to a person, or answer it like any other. */
export type SensitivePolicy = 'handover' | 'answer';

const TOPIC_PATTERNS: [string, RegExp][] = [
  [
    'harassment',
    /\b(harass\w*|bull(y|ied|ying)|discriminat\w*|retaliat\w*|hostile work|sexual(ly)? (comment|advance)\w*)\b/i,
  ],
  [
    'safety',
    /\b(unsafe|injur(y|ed|ies)|violen(ce|t)|threat(en\w*)?|self[- ]harm|suicid\w*|weapon\w*|emergency)\b/i,
  ],
  ['legal', /\b(lawsuit|sue|suing|attorney|lawyer|legal advice|subpoena|whistle ?blow\w*)\b/i],
  [
    'health',
    /\b(mental health|medical condition|diagnos\w*|depress(ed|ion)|anxiety|disabilit(y|ies)|pregnan\w*)\b/i,
  ],
  [
    'hr',
    /\b(leave|vacation|pto|payroll|salary|pay ?slip|benefits?|holidays?|parental|pension|expenses?|onboarding)\b/i,
  ],
  ['it', /\b(laptop|password|vpn|wi-?fi|printer|software|mfa|account|login|sign in|email)\b/i],
];

/** The first matching topic of a question, sensitive topics first; `undefined` when none matches. */
export function detectTopic(text: string): string | undefined {
  return TOPIC_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

export function isSensitiveTopic(topic: string | undefined): topic is SensitiveTopic {
  return topic !== undefined && (SENSITIVE_TOPICS as readonly string[]).includes(topic);
}

/** Policy per sensitive topic; topics not listed are answered. */
export type SensitivePolicies = Partial<Record<SensitiveTopic, SensitivePolicy>>;
