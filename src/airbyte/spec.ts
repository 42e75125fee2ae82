import { CONFIG_SCHEMA } from '../config';
import type { JsonObject } from '../streams';

/**
 * `spec`: the ConnectorSpecification. Its connectionSpecification is `schemas/config.json` itself (titles,
 * descriptions, order and `airbyte_secret` live there), so Airbyte, Meltano and the config check agree.
 */
export function connectorSpecification(): JsonObject {
  return {
    connectionSpecification: CONFIG_SCHEMA,
    supportsIncremental: true,
  };
}
