// The benchmark's peer: the hub's graph served by the Neo4j GraphQL Library (@neo4j/graphql 7)
// under graphql-yoga, as a team would set it up from the library's documentation. One worker
// process per CPU (node:cluster), so that it may use the machine's cores as the Go hub does.
//
// Environment: NEO4J_URI (default bolt://127.0.0.1:7687), PORT (default 4000),
// HOST (default 127.0.0.1), PEER_WORKERS (default: the number of CPUs).
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? "127.0.0.1";
const workers = Number(process.env.PEER_WORKERS ?? availableParallelism());

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (w, code) => {
    console.error(`peer worker ${w.process.pid} exited (${code})`);
    process.exit(1);
  });
} else {
  const driver = neo4j.driver(process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687");
  const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const yoga = createYoga({ schema, logging: "warn", graphiql: false, maskedErrors: process.env.PEER_DEBUG !== "1" });
  createServer(yoga).listen(port, host, () => {
    console.error(`peer listening on http://${host}:${port}/graphql (pid ${process.pid})`);
  });
}
