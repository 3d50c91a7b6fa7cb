/** The most characters of CSV one Teams text message carries with the rest of the message (its limit is about 28 KB). */
export const TEAMS_CSV_CHARS = 20_000;
