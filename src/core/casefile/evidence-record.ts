/**
 * Evidence files on a case: the record kept for each (collection `evidence`), the types accepted and how
 * a file's type is told from its first bytes (never from its name), and the device-custody entry.
 * The bytes themselves live in the file store (`src/ports/file-store.ts`) under `storageKey`.
 */
import type { Doc } from '../../ports/document-store';
import type { DeviceCustodyEntry } from '../incidents/incident';
import type { ActorRef } from '../people/actor';

/** One kind of file accepted as evidence. */
export interface EvidenceType {
  id: 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'txt';
  contentType: string;
  /** How the person hears of it ("PNG"). */
  label: string;
  /** File-name endings and platform file types that claim it. */
  names: string[];
}

/** The types accepted, in the order they are named to people. */
export const EVIDENCE_TYPES: readonly EvidenceType[] = [
  { id: 'png', contentType: 'image/png', label: 'PNG', names: ['png'] },
  { id: 'jpeg', contentType: 'image/jpeg', label: 'JPEG', names: ['jpg', 'jpeg', 'jpe'] },
  { id: 'gif', contentType: 'image/gif', label: 'GIF', names: ['gif'] },
  { id: 'webp', contentType: 'image/webp', label: 'WebP', names: ['webp'] },
  { id: 'pdf', contentType: 'application/pdf', label: 'PDF', names: ['pdf'] },
  { id: 'txt', contentType: 'text/plain', label: 'plain text (.txt)', names: ['txt', 'text'] },
];

/** The accepted types in words: "PNG, JPEG, GIF, WebP, PDF or plain text (.txt)". */
export const EVIDENCE_TYPES_WORDS = `${EVIDENCE_TYPES.slice(0, -1)
  .map((t) => t.label)
  .join(', ')} or ${EVIDENCE_TYPES.at(-1)?.label}`;

/** The largest file accepted when the configuration does not say (10 MB). */
export const DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** Where a file came from. */
export type EvidenceSource = 'teams' | 'slack';

/** The record of one evidence file (collection `evidence`, partition the school). Its id is opaque and derived from where the file came from, so a retry adds nothing twice. */
export interface EvidenceRecord extends Doc {
  id: string;
  schoolId: string;
  incidentId: string;
  /** The name the person's file had (shown only in the full record, never in a channel or a log). */
  fileName: string;
  /** The type told from the bytes. */
  contentType: string;
  size: number;
  /** SHA-256 of the bytes as stored, lower-case hex. */
  sha256: string;
  addedBy: ActorRef;
  addedAt: string;
  /** The file store's key: `<school>/<evidence id>`, never the file's name. */
  storageKey: string;
  source: EvidenceSource;
}

/** One line of the device-custody log (the type lives with the incident it is kept on). */
export type CustodyEntry = DeviceCustodyEntry;

/** The type a file's name or the platform's file type claims, checked before anything is downloaded. */
export function claimedEvidenceType(fileName: string | undefined, platformType?: string): EvidenceType | undefined {
  const ending = (platformType ?? /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '')?.[1] ?? '').toLowerCase().replace(/^\./, '');
  return EVIDENCE_TYPES.find((t) => t.names.includes(ending) || t.contentType === ending);
}

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
}

/** Plain text: valid UTF-8 with no NUL or other control characters but tab, line feed, form feed and carriage return. */
function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is being refused
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The type the bytes really are (their magic numbers), or undefined when they are none of the accepted types. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | undefined {
  const type = (id: EvidenceType['id']) => EVIDENCE_TYPES.find((t) => t.id === id);
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return type('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return type('jpeg');
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) return type('gif');
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return type('webp');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return type('pdf');
  return isPlainText(bytes) ? type('txt') : undefined;
}

/** "120 KB", "2.4 MB": a size in words. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
