import type { Activity, ResourceResponse } from 'botbuilder';
import type { ReplyStream } from '../../core/reply.js';
import { toTeamsMarkdown } from './teams-markdown.js';

/** Sends one activity to the conversation, resolving to what the connector returned. */
export type SendActivity = (activity: Partial<Activity>) => Promise<ResourceResponse | undefined>;

export interface TeamsStreamOptions {
  /** Least time between two streamed chunks; Teams throttles faster streams (it suggests 1.5 s). */
  minIntervalMs: number;
  /** Called when a chunk fails; streaming stops and the final message is still sent. */
  onError?: (error: unknown) => void;
  /** The informative line shown once the core starts searching; none when absent. */
  informativeText?: string;
}

type StreamType = 'informative' | 'streaming';

/**
 * Teams' streaming protocol for personal chats: `typing` activities with a growing
 * `streamSequence` (the first one's id becomes the `streamId`), then one final `message`
 * with `streamType: final` and no sequence. Stream fields go both in `channelData` and in a
 * `streaminfo` entity, as the Teams SDKs send them. Chunks are sent one at a time and the
 * latest text wins when the answer grows faster than the interval allows.
 */
export class TeamsReplyStream implements ReplyStream {
  private sequence = 0;
  private streamId: string | undefined;
  private latest: string | undefined;
  private sentText = '';
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly send: SendActivity,
    private readonly options: TeamsStreamOptions,
  ) {}

  /** The stream's id once its first chunk was sent; Teams names the final message by it. */
  get id(): string | undefined {
    return this.streamId;
  }

  /** Starts the stream with an informative line (the blue progress bar). */
  inform(text: string): Promise<void> {
    return this.enqueue(() => this.chunk('informative', text));
  }

  /** The core started searching: show the informative line, only then (never before `help`). */
  searching(): void {
    if (this.sequence === 0 && !this.stopped && this.options.informativeText) {
      void this.inform(this.options.informativeText);
    }
  }

  partial(textSoFar: string): void {
    if (this.stopped || !textSoFar.trim()) return;
    this.latest = toTeamsMarkdown(textSoFar);
    this.schedule();
  }

  /** Ends the stream with the final message; without a started stream it is sent as is. */
  async finish(message: Partial<Activity>): Promise<ResourceResponse | undefined> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.queue;
    if (!this.streamId) return this.send(message);
    return this.send({
      ...message,
      channelData: { ...(message.channelData ?? {}), streamType: 'final', streamId: this.streamId },
      entities: [
        ...(message.entities ?? []),
        { type: 'streaminfo', streamType: 'final', streamId: this.streamId },
      ],
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.stopped = true;
      this.options.onError?.(error);
    });
    return this.queue;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastSentAt + this.options.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.flush());
    }, wait);
  }

  private async flush(): Promise<void> {
    const text = this.latest;
    if (this.stopped || text === undefined || text === this.sentText) return;
    // The previous send may have finished after this flush was scheduled: wait out the rest.
    if (Date.now() - this.lastSentAt < this.options.minIntervalMs) return this.schedule();
    await this.chunk('streaming', text);
    this.sentText = text;
  }

  private async chunk(streamType: StreamType, text: string): Promise<void> {
    const streamSequence = ++this.sequence;
    const stream = { streamType, streamSequence, ...(this.streamId ? { streamId: this.streamId } : {}) };
    const response = await this.send({
      type: 'typing',
      text,
      channelData: stream,
      entities: [{ type: 'streaminfo', ...stream }],
    });
    this.streamId ??= response?.id;
    this.lastSentAt = Date.now();
  }
}
