/** Opens the configured store: the embedded durable store by default, Cosmos DB in production. */
import { DefaultAzureCredential } from '@azure/identity';
import { createCosmosStore } from '../adapters/cosmos/cosmos-store';
import { createEmbeddedStore, type OpenEvent } from '../adapters/embedded/embedded-store';
import type { DocumentStore } from '../ports/document-store';
import type { Logger } from '../ports/logger';
import type { Config } from './config';

/** The log line for what the embedded store found while opening (recovery after a crash, an import of old data). */
function logOpenEvent(logger: Logger, e: OpenEvent): void {
  if (e.event === 'store.recovered') logger.warn(e.event, { walBytes: e.walBytes, check: e.check, documents: e.documents });
  else if (e.event === 'store.imported-old-format')
    logger.info(e.event, {
      files: e.files.join(', '),
      documents: e.documents,
      byCollection: JSON.stringify(e.byCollection),
      tornTailSkipped: e.tornTailSkipped,
      kept: 'the old files are kept; remove them once satisfied',
    });
  else logger.info(e.event, { files: e.files.join(', '), note: 'already imported; remove these old files once satisfied' });
}

/** Opens the store `config` names; `logger` hears what the embedded store recovered or imported. */
export async function openStore(config: Config, logger?: Logger): Promise<DocumentStore> {
  if (config.STORE === 'embedded') return createEmbeddedStore({ dataDir: config.DATA_DIR, onOpen: (e) => logger && logOpenEvent(logger, e) });
  return createCosmosStore({
    endpoint: config.COSMOS_ENDPOINT as string,
    databaseId: config.COSMOS_DATABASE,
    // With no key the app's managed identity is used, so no secret is needed in production.
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { credential: new DefaultAzureCredential() }),
  });
}
