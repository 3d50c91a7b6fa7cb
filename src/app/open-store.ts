/** Opens the configured store: the embedded durable store by default, Cosmos DB in production. */
import { DefaultAzureCredential } from '@azure/identity';
import { createCosmosStore } from '../adapters/cosmos/cosmos-store';
import { createEmbeddedStore } from '../adapters/embedded/embedded-store';
import type { DocumentStore } from '../ports/document-store';
import type { Config } from './config';

export async function openStore(config: Config): Promise<DocumentStore> {
  if (config.STORE === 'embedded') return createEmbeddedStore({ dataDir: config.DATA_DIR });
  return createCosmosStore({
    endpoint: config.COSMOS_ENDPOINT as string,
    databaseId: config.COSMOS_DATABASE,
    // With no key the app's managed identity is used, so no secret is needed in production.
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { credential: new DefaultAzureCredential() }),
  });
}
