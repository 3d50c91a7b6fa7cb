import type { Clock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import type { FileStore } from '../ports/file-store';
import type { IdSource } from '../ports/ids';
import type { PdfRenderer } from '../ports/print-document';
import type { PolicyPack } from './policy/schema';
import type { ReportStartGate } from './wizard/report-rate-limit';
import type { Reachability } from './delivery/reachability';

/** What every use case needs: the store, the loaded policy pack, time and ids. */
export interface CoreDeps {
  store: DocumentStore;
  pack: PolicyPack;
  clock: Clock;
  ids: IdSource;
  /** Limits how many reports one person may start (none in tests that do not ask for it). */
  reportStarts?: ReportStartGate;
  /** Every configured chat platform's answer to "can the bot reach this person?" (setup check, start-up). */
  reach?: Reachability[];
  /** Lays out a printable document as a PDF (the transfer file, one incident's export); set by the composition root. */
  pdf?: PdfRenderer;
  /** Where evidence files are kept (the data directory, or Azure Blob Storage); without it, files cannot be added. */
  files?: FileStore;
  /** The largest evidence file accepted, in bytes (EVIDENCE_MAX_BYTES; 10 MB when not set). */
  evidenceMaxBytes?: number;
  /** The bot's public address for one-time evidence links (`<base>/evidence/open?t=…`); set by the composition root. */
  evidenceLinkBaseUrl?: string;
}
