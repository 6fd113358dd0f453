import { createRequire } from 'node:module';

interface CompositeMapper {
  type: { name: string; className?: string; additionalProperties?: { type: { name: string } } };
}

const require = createRequire(import.meta.url);

/**
 * botbuilder 4.x serializes outgoing activities through generated mappers whose `Entity`
 * model lists only `type`, `text` and `mentioned`, so every other property of an entity
 * (the AI label's `additionalType`, the `citation` list, `streamId`...) is dropped before
 * the request leaves. Declaring additional properties on that model makes the serializer
 * copy them through unchanged. Idempotent; returns true once the mapper keeps extra fields.
 */
export function keepEntityPropertiesOnTheWire(): boolean {
  const mappers = require('botframework-connector/lib/connectorApi/models/mappers') as {
    Entity?: CompositeMapper;
  };
  const entity = mappers.Entity;
  if (entity?.type.name !== 'Composite') return false;
  entity.type.additionalProperties ??= { type: { name: 'any' } };
  return true;
}
