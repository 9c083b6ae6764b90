#!/usr/bin/env node
// Runs s3rver (an S3 emulator that checks SigV4 with the key S3RVER /
// S3RVER) for the tests, on 127.0.0.1, with its objects in a temporary
// directory that is removed at exit.
//
//   node tests/support/s3rver_server.js BUCKET...
//
// Creates the buckets, prints the port it listens on as the first line of
// standard output, then serves until SIGTERM or SIGINT. s3rver is installed
// in tests/support/s3rver/node_modules by scripts/setup (npm ci).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const S3rver = require(path.join(__dirname, 's3rver', 'node_modules', 's3rver'));

async function main() {
  const buckets = process.argv.slice(2);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    // Path-style requests to 127.0.0.1 only.
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  process.stdout.write(`${port}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server.close();
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`s3rver_server.js: ${error.stack || error}\n`);
  process.exit(1);
});
