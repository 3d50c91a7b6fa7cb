import type { Clock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
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
}
