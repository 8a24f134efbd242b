// Generates the operation types in src/gql/ from the server's schema file: no server needed.
// Codegen validates every document in src/ against the schema and fails on an unknown field,
// argument or type, so a schema change that breaks an operation here fails `npm run typecheck`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../schema.graphqls",
  documents: ["src/**/*.ts", "!src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string", // TypedDocumentString: the query text plus its types, no runtime deps
        scalars: { Date: "string" },
        strictScalars: true, // a new scalar without a mapping here fails codegen
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
