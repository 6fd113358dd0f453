import { helpReply } from '../../core/help.js';
import type { Reply } from '../../core/reply.js';

/** What Lumen says when it is added to a chat or team: the core's own description of itself. */
export function welcomeReply(): Reply {
  return helpReply(false);
}
