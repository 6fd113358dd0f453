import type { Logger } from '../../core/ports.js';
import type { Reply, ReplyStream } from '../../core/reply.js';
import { describeError } from '../../errors.js';
import { sleep } from './pacer.js';
import type { SlackPlace } from './place.js';
import { isPrivate, type SlackPoster } from './poster.js';
import { renderFooter, renderPartial, renderReply, renderSources } from './render-reply.js';

/** How partial answers appear: Slack's chat streaming API, post-then-update, or not at all. */
export type StreamMode = 'native' | 'update' | 'off';

export interface AnswerStreamOptions {
  mode: StreamMode;
  /** Least time between two updates of the same message. */
  intervalMs: number;
  /** The asker, for streaming outside DMs and for error notices. */
  userId: string;
  log: Logger;
  /** Called when Slack says the streaming API is not available, so later answers skip it. */
  onNativeUnavailable?: () => void;
}

/** Slack errors meaning the streaming API cannot be used here at all. */
const NATIVE_UNAVAILABLE = new Set([
  'unknown_method',
  'not_allowed_token_type',
  'missing_scope',
  'feature_not_enabled',
]);

/**
 * Shows an answer while the core writes it. Native mode starts a Slack chat stream and
 * appends the new text; update mode posts the first partial and updates the message at a
 * steady pace. `finish` always leaves one complete, well-formed message with sources and
 * buttons, whatever happened to the partials.
 */
export class SlackAnswerStream implements ReplyStream {
  private latest = '';
  /** The latest partial handled (shown, or skipped because it could not be appended). */
  private shown = '';
  /** Native mode: the text the Slack stream holds so far. */
  private streamed = '';
  private ts: string | undefined;
  private native = false;
  private failed = false;
  /** Set once the final reply is in: pending partials are skipped for it. */
  private finishing = false;
  private lastWrite = 0;
  private pump: Promise<void> | undefined;

  constructor(
    private readonly poster: SlackPoster,
    private readonly place: SlackPlace,
    private readonly options: AnswerStreamOptions,
  ) {
    // The streaming API lives in threads; a DM's top level streams by updating instead.
    this.native = options.mode === 'native' && place.threadTs !== undefined;
  }

  partial(textSoFar: string): void {
    if (this.options.mode === 'off' || this.failed) return;
    this.latest = textSoFar;
    this.pump ??= this.drain().finally(() => {
      this.pump = undefined;
    });
  }

  /** Delivers the final reply: completes the streamed message, or posts it when nothing was shown. */
  async finish(reply: Reply): Promise<void> {
    this.finishing = true;
    while (this.pump) await this.pump;
    const ts = this.ts;
    if (!ts) {
      await this.poster.deliver(this.place, reply, { userId: this.options.userId });
      return;
    }
    try {
      if (isPrivate(this.place, reply)) {
        // Only the asker may see this reply: take the public partial down, then answer privately.
        if (this.native) await this.poster.client.chat.stopStream({ channel: this.place.channelId, ts });
        await this.poster.client.chat.delete({ channel: this.place.channelId, ts });
        await this.poster.deliver(this.place, reply, { userId: this.options.userId });
        return;
      }
      if (this.native) await this.finishNative(ts, reply);
      else await this.finishUpdate(ts, reply);
    } catch (error) {
      await this.poster.reportFailure(this.place, this.options.userId, error);
    }
  }

  private async drain(): Promise<void> {
    while (this.latest !== this.shown && !this.failed && !this.finishing) {
      const text = this.latest;
      try {
        if (!this.ts) await this.start(text);
        else if (this.native) await this.append(text);
        else {
          await this.waitForPace();
          if (this.finishing) break;
          await this.poster.update(this.place, this.ts, renderPartial(text, this.poster.publicUrl));
        }
        this.shown = text;
        this.lastWrite = Date.now();
      } catch (error) {
        // Partials are a courtesy; the final reply is still delivered in `finish`.
        this.failed = true;
        this.options.log.warn('slack partial answer failed', {
          channelId: this.place.channelId,
          error: describeError(error),
        });
      }
    }
  }

  private async start(text: string): Promise<void> {
    if (this.native) {
      try {
        const started = await this.poster.client.chat.startStream({
          channel: this.place.channelId,
          thread_ts: this.place.threadTs!,
          markdown_text: text,
          ...(this.place.kind === 'direct'
            ? {}
            : { recipient_user_id: this.options.userId, recipient_team_id: this.place.teamId }),
        });
        this.ts = started.ts;
        this.streamed = text;
        return;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code && NATIVE_UNAVAILABLE.has(code)) this.options.onNativeUnavailable?.();
        this.options.log.warn('slack chat stream unavailable; updating a message instead', {
          channelId: this.place.channelId,
          error: describeError(error),
        });
        this.native = false;
      }
    }
    this.ts = await this.poster.post(this.place, [renderPartial(text, this.poster.publicUrl)]);
  }

  private async append(text: string): Promise<void> {
    // Only growth can be appended; a rewritten partial waits for the final message.
    if (!text.startsWith(this.streamed) || text === this.streamed) return;
    await this.waitForPace();
    if (this.finishing) return;
    await this.poster.client.chat.appendStream({
      channel: this.place.channelId,
      ts: this.ts!,
      markdown_text: text.slice(this.streamed.length),
    });
    this.streamed = text;
  }

  private async finishNative(ts: string, reply: Reply): Promise<void> {
    const grows = reply.text.startsWith(this.streamed);
    const options = {
      place: this.place,
      ...(this.poster.publicUrl ? { publicUrl: this.poster.publicUrl } : {}),
    };
    await this.poster.client.chat.stopStream({
      channel: this.place.channelId,
      ts,
      ...(grows && reply.text.length > this.streamed.length
        ? { markdown_text: reply.text.slice(this.streamed.length) }
        : {}),
      blocks: [...renderSources(reply, this.poster.publicUrl), ...renderFooter(reply, options)],
    });
    if (!grows) {
      // The streamed text is not a prefix of the answer: replace the message with the full one.
      const [first, ...rest] = renderReply(reply, options);
      await this.poster.update(this.place, ts, first!);
      if (rest.length) await this.poster.post(this.place, rest);
    }
  }

  private async finishUpdate(ts: string, reply: Reply): Promise<void> {
    const [first, ...rest] = renderReply(reply, {
      place: this.place,
      ...(this.poster.publicUrl ? { publicUrl: this.poster.publicUrl } : {}),
    });
    await this.waitForPace();
    await this.poster.update(this.place, ts, first!);
    if (rest.length) await this.poster.post(this.place, rest);
  }

  private async waitForPace(): Promise<void> {
    const wait = this.lastWrite + this.options.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
}
