/**
 * Evidence files in Azure Blob Storage: one block blob per key in a private container. In production
 * the app reaches the account with its managed identity (DefaultAzureCredential: App Service's
 * user-assigned identity, named by AZURE_CLIENT_ID) and the identity holds "Storage Blob Data
 * Contributor" on the account; no key or connection string is needed. Tests use Azurite with its
 * well-known development account through a connection string.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient, RestError } from '@azure/storage-blob';
import { type FileStore, isSafeFileKey } from '../../ports/file-store';

/** Where the blobs go: an account URL with a credential (production), or a connection string (Azurite, development). */
export type BlobSettings = { container: string } & ({ accountUrl: string; credential?: TokenCredential } | { connectionString: string });

function serviceClient(settings: BlobSettings): BlobServiceClient {
  if ('connectionString' in settings) return BlobServiceClient.fromConnectionString(settings.connectionString);
  return new BlobServiceClient(settings.accountUrl, settings.credential ?? new DefaultAzureCredential());
}

function isNotFound(error: unknown): boolean {
  return error instanceof RestError ? error.statusCode === 404 : (error as { statusCode?: number })?.statusCode === 404;
}

/** Evidence in one private blob container. */
export class BlobFileStore implements FileStore {
  private readonly container: ContainerClient;
  private ready?: Promise<void>;

  constructor(settings: BlobSettings) {
    this.container = serviceClient(settings).getContainerClient(settings.container);
  }

  /** The container is made private on first use if it is not there (Bicep makes it in production). */
  private ensureContainer(): Promise<void> {
    this.ready ??= this.container
      .createIfNotExists()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = undefined;
        // 403: the identity may write blobs but not make containers; the container is Bicep's.
        if ((error as { statusCode?: number })?.statusCode === 403) return;
        throw error;
      });
    return this.ready;
  }

  private blob(key: string) {
    if (!isSafeFileKey(key)) throw new Error('unsafe file key');
    return this.container.getBlockBlobClient(key);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.ensureContainer();
    // The upload resolves once Azure has committed the blob (stored durably in the account).
    await this.blob(key).uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await this.blob(key).downloadToBuffer();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.blob(key).deleteIfExists({ deleteSnapshots: 'include' })).succeeded;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return await this.blob(key).exists();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
