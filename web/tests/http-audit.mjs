// The GraphQL-over-HTTP audit suite of the graphql-http package, run against the real server
// at HUB_URL + '/graphql'. Every audit must be `ok`: a `warn` fails too, since each warn is a
// place where clients written to the spec would be surprised.
import test from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';

const HUB_URL = (process.env.HUB_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');

test('GraphQL over HTTP: every server audit is ok', async () => {
  const results = [];
  for (const audit of serverAudits({ url: HUB_URL + '/graphql' })) {
    const result = await audit.fn();
    results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason });
  }
  const notOk = results.filter((r) => r.status !== 'ok');
  const counts = results.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] || 0) + 1 }), {});
  console.log(`# audits: ${JSON.stringify(counts)}`);
  for (const r of notOk) console.log(`# ${r.status} ${r.id} ${r.name}: ${r.reason}`);
  assert.equal(notOk.length, 0, `${notOk.length} audits not ok`);
});
