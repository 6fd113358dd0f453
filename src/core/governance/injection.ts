/**
 * Heuristic signs of prompt injection: text that addresses the assistant's instructions
 * instead of asking about the company. A flag is recorded and audited; it is not a
 * defence on its own (sources are always passed as data and never obeyed), and the
 * question is still answered from the sources the asker may read.
 */
const SIGNS: { name: string; pattern: RegExp }[] = [
  {
    name: 'override_instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,40}\b(instructions?|rules?|prompts?|guidelines?|polic(y|ies)|restrictions?|above|previous)\b/i,
  },
  {
    name: 'reveal_prompt',
    pattern: /\b(system|hidden|initial|original)\s+(prompt|instructions?|message)\b/i,
  },
  {
    name: 'role_play',
    // Addressed to the assistant ("you are now…", "act as an unrestricted AI"); policy prose
    // says "acts as a mentor" or "act as tech leads" and is not flagged.
    pattern:
      /\b(you are now|pretend (to be|you are)|from now on,? you|(?:(?:^|[.!?]\s+)(?:please\s+)?|\byou\b[^.?!]{0,20}\b)act as (?:an? |the )?(?:(?:unrestricted|unfiltered|uncensored|different|new|evil|rogue)\b|(?:ai|assistant|chatbot|bot|dan|system|admin(?:istrator)?|root|developer)\b))/i,
  },
  { name: 'jailbreak', pattern: /\b(jailbreak|DAN mode|developer mode|do anything now)\b/i },
  {
    name: 'permission_escalation',
    pattern:
      /\b(as an? (admin|administrator)|admin mode|show (me )?(all|every|restricted|hidden|private) (documents?|files?|sources?|data))\b/i,
  },
  {
    name: 'exfiltration',
    pattern: /!\[[^\]]*\]\(https?:\/\/|\b(send|post|forward) (it|this|the \w+) to https?:\/\//i,
  },
];

/** The names of the injection signs found in text (empty when none). */
export function injectionSigns(text: string): string[] {
  return SIGNS.filter((sign) => sign.pattern.test(text)).map((sign) => sign.name);
}
