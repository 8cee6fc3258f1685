// Drives the npm package http-message-signatures (an independent RFC 9421 implementation) for InteropTests.
// Reads one JSON command on stdin, writes one JSON answer on stdout.
//   {"op":"sign", "privateKeyPem", "keyId", "nonce", "tag", "request":{method,url,headers}}  -> {"headers":{...}}
//   {"op":"verify", "publicKeyPem", "keyId", "request":{...}, "response"?:{status,headers}}   -> {"verified":true|false|null} or {"error":"..."}
const { httpbis, createSigner, createVerifier } = require('http-message-signatures');

const requestFields = ['@method', '@path', '@query', 'content-type', 'content-digest', 'x-member-id'];

async function run(command) {
  if (command.op === 'sign') {
    const signed = await httpbis.signMessage({
      key: createSigner(command.privateKeyPem, 'ecdsa-p256-sha256', command.keyId),
      name: 'sig1',
      fields: requestFields,
      params: ['created', 'keyid', 'alg', 'expires', 'nonce', 'tag'],
      paramValues: { nonce: command.nonce, tag: command.tag },
    }, command.request);
    return { headers: signed.headers };
  }

  const key = { id: command.keyId, algs: ['ecdsa-p256-sha256'], verify: createVerifier(command.publicKeyPem, 'ecdsa-p256-sha256') };
  const config = {
    keyLookup: async (params) => (params.keyid === command.keyId ? key : null),
    requiredParams: ['created', 'keyid', 'alg', 'expires', 'nonce', 'tag'],
    requiredFields: command.response ? ['@status', 'content-digest'] : requestFields,
    tolerance: 30,
  };
  const verified = command.response
    ? await httpbis.verifyMessage(config, command.response, command.request)
    : await httpbis.verifyMessage(config, command.request);
  return { verified };
}

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  run(JSON.parse(input))
    .then((answer) => process.stdout.write(JSON.stringify(answer)))
    .catch((e) => process.stdout.write(JSON.stringify({ error: `${e.name}: ${e.message}` })));
});
