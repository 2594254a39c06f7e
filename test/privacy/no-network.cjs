// Preloaded with `node --require` by the privacy tests: makes every way of reaching the network fail
// loudly. Any attempt is written to stderr as `NETWORK-ATTEMPT <api>` (the test looks for it) and throws.
'use strict';
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const dns = require('node:dns');

function forbid(api) {
  return function forbidden() {
    process.stderr.write(`NETWORK-ATTEMPT ${api}\n`);
    throw new Error(`network access attempted through ${api}`);
  };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const options = args[0];
  // Local IPC pipes (the VS Code client's node IPC transport) are not network access.
  const isPipe = (typeof options === 'string' && !/^\d+$/.test(options)) || (options && typeof options === 'object' && 'path' in options);
  if (isPipe) return originalConnect.apply(this, args);
  return forbid('net.Socket.connect')();
};
net.connect = forbid('net.connect');
net.createConnection = forbid('net.createConnection');
tls.connect = forbid('tls.connect');
for (const [name, mod] of [
  ['http', http],
  ['https', https],
]) {
  mod.request = forbid(`${name}.request`);
  mod.get = forbid(`${name}.get`);
}
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveTxt', 'resolveSrv', 'reverse']) {
  dns[fn] = forbid(`dns.${fn}`);
  if (dns.promises[fn]) dns.promises[fn] = forbid(`dns.promises.${fn}`);
}
globalThis.fetch = forbid('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = forbid('WebSocket');
