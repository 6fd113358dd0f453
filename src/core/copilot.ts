import type { Reply, ReplyStream } from './reply.js';
import type { Turn } from './turn.js';

/** The one entry into the core: every channel hands it a Turn and renders the Reply. */
export interface Copilot {
  handle(turn: Turn, stream?: ReplyStream): Promise<Reply>;
}
