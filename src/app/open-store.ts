/** Opens the configured store: the embedded durable store by default, Cosmos DB in production. */
import { DefaultAzureCredential } from '@azure/identity';
import { createCosmosStore } from '../adapters/cosmos/cosmos-store';
import { createEmbeddedStore, type OpenEvent } from '../adapters/embedded/embedded-store';
import type { DocumentStore } from '../ports/document-store';
import type { Logger } from '../ports/logger';
import type { Config } from './config';

/** The log line for what the embedded store found while opening (recovery after a crash, an import of old data). */
function logOpenEvent(logger: Logger, e: OpenEvent): void {
  if (e.event === 'store.recovered') logger.warn(e.event, { walBytes: e.walBytes, check: e.check, documents: e.documents, crashedProcesses: e.crashedProcesses });
  else if (e.event === 'store.imported-old-format')
    logger.info(e.event, {
      files: e.files.join(', '),
      documents: e.documents,
      byCollection: JSON.stringify(e.byCollection),
      tornTailSkipped: e.tornTailSkipped,
      kept: 'the old files are kept; remove them once satisfied',
    });
  else if (e.event === 'store.old-format-not-imported')
    logger.warn(e.event, { files: e.files.join(', '), documents: e.documents, note: 'the store already holds documents; the old files were not imported' });
  else logger.info(e.event, { files: e.files.join(', '), note: 'already imported; remove these old files once satisfied' });
}

/** The same, in plain words for a person who started the bot by hand. */
function openEventWords(e: OpenEvent, dataDir: string): string {
  if (e.event === 'store.recovered') return `The last run stopped without closing the store; its saved work was recovered and checked (${e.documents} documents).\n`;
  if (e.event === 'store.imported-old-format') {
    return `Imported ${e.documents} documents from the old data files (${e.files.join(', ')}) into ${dataDir}/esafety.sqlite. The old files are kept: remove them once you are satisfied.\n`;
  }
  if (e.event === 'store.old-format-not-imported') {
    return `Old data files (${e.files.join(', ')}) are in ${dataDir}, but the store already holds ${e.documents} documents, so they were not imported. Move them elsewhere to silence this.\n`;
  }
  return `The old data files (${e.files.join(', ')}) were imported before and are no longer used: remove them once you are satisfied.\n`;
}

/**
 * Opens the store `config` names; `logger` hears what the embedded store recovered or imported (and,
 * outside production, `say` the same in plain words).
 */
export async function openStore(config: Config, logger?: Logger, say?: (words: string) => void): Promise<DocumentStore> {
  if (config.STORE === 'embedded') {
    return createEmbeddedStore({
      dataDir: config.DATA_DIR,
      onOpen: (e) => {
        if (logger) logOpenEvent(logger, e);
        say?.(openEventWords(e, config.DATA_DIR));
      },
    });
  }
  return createCosmosStore({
    endpoint: config.COSMOS_ENDPOINT as string,
    databaseId: config.COSMOS_DATABASE,
    // With no key the app's managed identity is used, so no secret is needed in production.
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { credential: new DefaultAzureCredential() }),
  });
}
