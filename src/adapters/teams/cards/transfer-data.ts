/** A transfer view → the `transfer` card's data (the files ready, the pupils to choose from, the receipt, the reminder). */
import type { TransferView } from '../../../core/casefile/transfer-view';

export function transferCardData(view: TransferView) {
  return {
    title: view.title,
    lines: view.lines,
    schoolId: view.schoolId,
    hasReceipt: Boolean(view.receiptRef),
    receiptRef: view.receiptRef ?? '',
    hasChoices: Boolean(view.choices?.length),
    choices: view.choices ?? [],
    toSchool: view.toSchool ?? '',
    startDate: view.startDate ?? '',
    hasDownload: Boolean(view.downloadRef),
    downloadRef: view.downloadRef ?? '',
    hasLink: Boolean(view.link),
    linkUrl: view.link?.url ?? '',
    linkLabel: view.link?.label ?? '',
  };
}
