// What the hub's own pages share (the graph explorer and the State page load it before their
// own script): hubGql posts a query to /graphql and resolves to its data, or rejects with the
// errors' messages.
window.hubGql = async function hubGql(query, variables) {
  const res = await fetch('/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
};
