import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A minimal stand-in for Slack's Socket Mode endpoint: a WebSocket server (RFC 6455, text,
 * ping and close frames) that says `hello`, sends envelopes and records the acks.
 */
export class FakeSocketMode {
  readonly received: Record<string, unknown>[] = [];
  private server: Server | undefined;
  private socket: Duplex | undefined;
  private connected: (() => void) | undefined;
  readonly ready = new Promise<void>((resolve) => {
    this.connected = resolve;
  });
  url = '';

  async start(): Promise<void> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket) => this.accept(String(req.headers['sec-websocket-key']), socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends an envelope as Slack does, e.g. `{ envelope_id, type: 'events_api', payload }`. */
  send(message: Record<string, unknown>): void {
    this.write(0x1, Buffer.from(JSON.stringify(message)));
  }

  async waitForAck(envelopeId: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const started = Date.now();
    for (;;) {
      const found = this.received.find((m) => m.envelope_id === envelopeId);
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no ack for envelope ${envelopeId}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(key: string, socket: Duplex): void {
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.socket = socket;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x1) this.received.push(JSON.parse(frame.payload.toString('utf8')));
        else if (frame.opcode === 0x9) this.write(0xa, frame.payload);
        else if (frame.opcode === 0x8) {
          this.write(0x8, Buffer.alloc(0));
          socket.end();
        }
      }
    });
    socket.on('error', () => undefined);
    this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } });
    this.connected?.();
  }

  private write(opcode: number, payload: Buffer): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, length])
        : length < 65536
          ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
    socket.write(Buffer.concat([header, payload]));
  }
}

function bigLength(length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(length));
  return b;
}

/** One client frame (always masked), or undefined until it has fully arrived. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0]! & 0x0f;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (buffer[1]! & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[maskAt + (i % 4)]!;
  return { opcode, payload, length: offset + length };
}
