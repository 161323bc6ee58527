// Generates TypeScript types for the .proto contract (src/rpc/generated, never hand-edited).
// proto-loader-gen-types writes extensionless relative imports; NodeNext ESM needs ".js",
// so this adds it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = 'src/rpc/generated';
rmSync(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js',
    'strata/v1/nameserver.proto',
    'strata/v1/datanode_protocol.proto',
    'strata/v1/ha.proto',
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${outDir}`,
    '-I',
    'proto',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts')) {
      const text = readFileSync(path, 'utf8').replace(/from '(\.[^']*)'/g, "from '$1.js'");
      writeFileSync(path, text);
    }
  }
}
walk(outDir);
