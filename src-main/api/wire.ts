import { z } from 'zod';

// Messages on the wire, identical over Electron IPC and WebSocket. Every incoming message is parsed
// with these schemas before anything acts on it; a message that fails gets a BAD_MESSAGE reply.

export { IPC_CHANNEL, SHOW_PANEL_CHANNEL } from './channel';

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string(), protocol: z.number().int() }),
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), method: z.string(), params: z.unknown() }),
  z.object({ type: z.literal('subscribe'), id: z.number().int().nonnegative(), stream: z.string() }),
  z.object({ type: z.literal('unsubscribe'), id: z.number().int().nonnegative() }),
  /** Flow control: the client has handled event `seq` of subscription `id` and can take more. */
  z.object({ type: z.literal('ack'), id: z.number().int().nonnegative(), seq: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ErrorDataSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocol: z.number().int() }),
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int().nullable(), error: ErrorDataSchema }),
  z.object({ type: z.literal('event'), id: z.number().int(), seq: z.number().int(), data: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** How many unacknowledged events a subscription may have in flight before the server coalesces. */
export const MAX_EVENTS_IN_FLIGHT = 4;
