import type { LearnerProfile } from '../lessons/lesson-ports.js';
import type { Store } from '../ports.js';
import type { Audience } from './campaign.js';

/** Parses `everyone`, `group:<name>`, `role:<name>`, `not-completed:<lesson>` or `conversation:<key prefix>`. */
export function parseAudience(text: string): Audience | undefined {
  const trimmed = text.trim();
  if (trimmed === 'everyone') return { kind: 'everyone' };
  const match = /^(group|role|not-completed|conversation):(.+)$/.exec(trimmed);
  if (!match) return undefined;
  const value = match[2]!.trim();
  switch (match[1]) {
    case 'group':
      return { kind: 'group', group: value };
    case 'role':
      return { kind: 'role', role: value };
    case 'not-completed':
      return { kind: 'not_completed', lessonId: value };
    default:
      return { kind: 'conversation', conversationPrefix: value };
  }
}

/** The learners an audience covers, from everyone Lumen knows. Opt-outs are kept; delivery skips them. */
export async function resolveAudience(store: Store, audience: Audience): Promise<LearnerProfile[]> {
  const learners = await store.lessons.listLearners();
  const inGroup = (l: LearnerProfile, name: string) =>
    l.groups.some((g) => g.toLowerCase() === name.toLowerCase());
  switch (audience.kind) {
    case 'everyone':
      return learners;
    case 'group':
      return learners.filter((l) => inGroup(l, audience.group));
    case 'role':
      return learners.filter((l) => inGroup(l, audience.role));
    case 'conversation': {
      const members = new Set(await store.lessons.membersOf(audience.conversationPrefix));
      return learners.filter(
        (l) => members.has(l.userId) || l.conversationKey.startsWith(audience.conversationPrefix),
      );
    }
    case 'not_completed': {
      const done = new Set(
        (await store.lessons.progressOn(audience.lessonId)).filter((p) => p.completedAt).map((p) => p.userId),
      );
      return learners.filter((l) => !done.has(l.userId));
    }
  }
}
