import type { Audience } from './campaign.js';

/** The audience in words, for "why am I getting this?" and reports. */
export function describeAudience(audience: Audience): string {
  switch (audience.kind) {
    case 'everyone':
      return 'everyone who uses Lumen';
    case 'group':
      return `members of the group "${audience.group}"`;
    case 'role':
      return `people in the role "${audience.role}"`;
    case 'not_completed':
      return `people who have not completed the lesson "${audience.lessonId}"`;
    case 'conversation':
      return `people in the conversation or team "${audience.conversationPrefix}"`;
  }
}
