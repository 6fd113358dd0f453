import type { ConnectorCall } from './connector-stand-in.js';

export interface WireClaim {
  '@type': string;
  position: number;
  appearance: { '@type': string; name: string; url?: string; abstract?: string; keywords?: string[] };
}

export interface WireEntity {
  type: string;
  '@type'?: string;
  '@context'?: string;
  additionalType?: string[];
  citation?: WireClaim[];
  streamId?: string;
  streamType?: string;
  streamSequence?: number;
  text?: string;
}

export interface WireActivity {
  type: string;
  text?: string;
  replyToId?: string;
  channelData?: Record<string, unknown>;
  entities?: WireEntity[];
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

/** The activity exactly as the bytes reached the connector. */
export function wire(call: ConnectorCall | undefined): WireActivity {
  if (!call) throw new Error('no connector call recorded');
  return JSON.parse(call.rawBody) as WireActivity;
}

/** The one schema.org Message entity of an activity, if any. */
export function messageEntity(activity: WireActivity): WireEntity | undefined {
  const found = (activity.entities ?? []).filter((e) => e.type === 'https://schema.org/Message');
  if (found.length > 1) throw new Error('more than one root Message entity');
  return found[0];
}
