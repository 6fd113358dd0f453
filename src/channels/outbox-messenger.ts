import type { Clock, Delivered, DeliveryTarget, Messenger, OutboxRepository } from '../core/ports.js';
import type { Reply } from '../core/reply.js';

/**
 * Delivers by storing the reply in the conversation's outbox, where the web chat (and the
 * CLI chat) pick it up: nothing is lost if nobody is looking right now.
 */
export class OutboxMessenger implements Messenger {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async deliver(target: DeliveryTarget, reply: Reply): Promise<void> {
    // A repeat of a keyed message (a nudge re-sent after a crash) is dropped.
    if (target.deliveryKey && this.outbox.appendOnce) {
      await this.outbox.appendOnce(target.conversationKey, reply, this.clock.now(), target.deliveryKey);
      return;
    }
    await this.outbox.append(target.conversationKey, reply, this.clock.now());
  }
}

/** Sends each delivery through the messenger of the channel the conversation is on. */
export class ChannelMessenger implements Messenger {
  constructor(private readonly byChannel: Partial<Record<DeliveryTarget['channel'], Messenger>>) {}

  // biome-ignore lint/suspicious/noConfusingVoidType: a messenger that cannot say where a message went returns nothing
  async deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered | void> {
    return this.messengerFor(target).deliver(target, reply);
  }

  async replace(target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean> {
    const messenger = this.messengerFor(target);
    return messenger.replace ? messenger.replace(target, messageRef, reply) : false;
  }

  private messengerFor(target: DeliveryTarget): Messenger {
    const messenger = this.byChannel[target.channel];
    if (!messenger) throw new Error(`no messenger for channel ${target.channel}`);
    return messenger;
  }
}
