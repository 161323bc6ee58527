/**
 * Path validation and splitting. Paths are absolute, '/'-separated UTF-8 strings.
 * Anything that could escape or confuse the namespace ('.', '..', empty components,
 * NUL, over-long names) is refused here, before it reaches any state.
 */
import { invalidArgument } from './errors.js';
import { Limits } from './limits.js';

/** Splits an absolute path into its components; '/' gives []. Throws INVALID_ARGUMENT. */
export function parsePath(path: unknown): string[] {
  if (typeof path !== 'string' || path.length === 0) {
    throw invalidArgument('path is empty');
  }
  if (Buffer.byteLength(path, 'utf8') > Limits.maxPathBytes) {
    throw invalidArgument(`path is longer than ${Limits.maxPathBytes} bytes`);
  }
  if (!path.startsWith('/')) {
    throw invalidArgument(`path must be absolute: ${JSON.stringify(path)}`);
  }
  if (path.includes('\0')) {
    throw invalidArgument('path contains a NUL byte');
  }
  // A trailing slash is tolerated ("/a/b/" is "/a/b"), doubled slashes are not.
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '/') return [];
  const parts = trimmed.slice(1).split('/');
  if (parts.length > Limits.maxPathDepth) {
    throw invalidArgument(`path is deeper than ${Limits.maxPathDepth} components`);
  }
  for (const part of parts) validateName(part);
  return parts;
}

/** Checks one path component. */
export function validateName(name: string): void {
  if (name.length === 0) throw invalidArgument('path has an empty component');
  if (name === '.' || name === '..') {
    throw invalidArgument(`path component ${JSON.stringify(name)} is not allowed`);
  }
  if (name.includes('/')) throw invalidArgument('name contains "/"');
  if (name.includes('\0')) throw invalidArgument('path contains a NUL byte');
  if (Buffer.byteLength(name, 'utf8') > Limits.maxNameBytes) {
    throw invalidArgument(`path component is longer than ${Limits.maxNameBytes} bytes`);
  }
}

export function joinPath(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

/** Normalised form of a valid path ("/a/b/" becomes "/a/b"). */
export function normalizePath(path: string): string {
  return joinPath(parsePath(path));
}
