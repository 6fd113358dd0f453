import type { Activity } from 'botbuilder';
import * as z from 'zod';

const account = z.looseObject({ id: z.string().min(1).max(1000) });

/** The fields Lumen and botbuilder rely on; Teams always sends them. Others pass through. */
const activityShape = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(1000).optional(),
  channelId: z.string().max(100).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1).max(1000) }),
  from: account,
  recipient: account.optional(),
  text: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string() })).optional(),
});

/** A Bot Framework activity, or what is wrong with the body, naming the field. */
export type ParsedActivity = { ok: true; activity: Activity } | { ok: false; problem: string };

/** Checks a request body is an activity Lumen can answer before the adapter sees it. */
export function parseActivity(body: unknown): ParsedActivity {
  const parsed = activityShape.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data as unknown as Activity };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return {
    ok: false,
    problem: `The activity's ${field} is missing or malformed. Send a Bot Framework activity with type, serviceUrl, conversation.id and from.id.`,
  };
}
