/** Human-readable output for the CLI. Pure. */
import type { FileStatus } from '../client/strata-client.js';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** One `ls -l` line: type, replication, length, mtime, path. */
export function longListing(entry: FileStatus): string {
  const isDir = entry.type === 'FILE_TYPE_DIRECTORY';
  const kind = isDir ? 'd' : '-';
  const replication = isDir ? '-' : String(entry.replication);
  const length = isDir ? String(entry.children) : String(entry.length);
  const suffix = entry.underConstruction ? '  (being written)' : '';
  return `${kind} ${replication.padStart(2)} ${length.padStart(14)} ${formatTime(Number(entry.mtimeMs))} ${entry.path}${isDir ? '/' : ''}${suffix}`;
}

export function statText(s: FileStatus): string {
  const isDir = s.type === 'FILE_TYPE_DIRECTORY';
  const lines = [
    `path:         ${s.path}`,
    `id:           ${s.id}`,
    `type:         ${isDir ? 'directory' : 'file'}`,
  ];
  if (isDir) {
    lines.push(`entries:      ${s.children}`, `replication:  ${s.replication} (for new files)`);
  } else {
    lines.push(
      `length:       ${s.length} (${formatBytes(Number(s.length))})`,
      `replication:  ${s.replication}`,
      `block size:   ${formatBytes(Number(s.blockSize))}`,
      `blocks:       ${s.blockCount}`,
      `state:        ${s.underConstruction ? 'being written' : 'complete'}`,
    );
  }
  lines.push(`modified:     ${formatTime(Number(s.mtimeMs))}`);
  return lines.join('\n');
}

/** Plain table with left-aligned columns. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
