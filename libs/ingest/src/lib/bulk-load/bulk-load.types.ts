export interface BulkLoadProgress {
  loadId: string;
  /** Bytes of the file read so far (compressed bytes for a .gz file) and its size: the ETA's basis. */
  bytesRead: number;
  totalBytes: number;
  /** Records read (CSV rows, NDJSON lines, array elements), loaded and rejected. */
  rows: number;
  loaded: number;
  rejected: number;
  /** Chunk objects written to `datasource`. */
  chunks: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Seconds left at the pace so far, from bytes read vs the file's size. */
  etaSeconds?: number;
}

export interface BulkLoadResult extends BulkLoadProgress {
  status: 'finished' | 'failed' | 'cancelled';
  source: string;
  /** Keys of the chunks in `datasource`, in order. */
  objects: string[];
  /** Keys of the rejects (NDJSON of `{line, reason, raw}`), next to the chunks; empty without rejects. */
  rejectObjects: string[];
  manifestKey: string;
  /** A resumed load: the parts already written before it, which it did not write again. */
  resumedAfterPart?: number;
  /** Why the load stopped early (e.g. a truncated gzip file: the rows before the cut are loaded). */
  error?: { code: string; message: string };
}
