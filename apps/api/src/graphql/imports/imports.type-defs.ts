export const importsTypeDefs = /* GraphQL */ `
  enum ImportKind {
    DATASET
    MODEL
  }

  "A dataset import or model registration, executed by a worker (poll it, or watch the dataset/model appear)."
  type ImportRequest {
    id: ID!
    kind: ImportKind!
    status: RunStatus!
    progress: Float!
    message: String
    "The request as validated (source, format, names)."
    input: JSON!
    dataset: Dataset
    model: Model
    errorCode: String
    errorMessage: String
    createdAt: DateTime!
    startedAt: DateTime
    finishedAt: DateTime
  }

  input ImportDatasetInput {
    teamId: ID!
    """
    {"kind":"synthetic","seed":1,"references":24,"size":64,"levels":4} or
    {"kind":"server-path","format":"koniq10k","table":"koniq/koniq10k_distributions_sets.csv","images":"koniq/1024x768","facts":{…},"name":…,"version":…}
    (server paths are relative to the server's RANKFALL_IMPORT_ROOT; without one they are refused) or
    {"kind":"upload","artifactId":"<from POST /uploads/datasets?teamId=…>","format":"folder-csv","table":"mos.csv","images":"images","facts":{…},"name":…,"version":…}
    (a zip archive of this team; table and images are paths inside the archive, both optional: by default its one
    .csv file, and the "images" folder beside it if there is one, else the table's folder).
    """
    source: JSON!
  }

  input RegisterModelInput {
    teamId: ID!
    "A catalog entry (architecture and facts)."
    catalogId: String!
    name: String
    "An artifact from POST /uploads/weights?teamId=…, or null with bundled: true for the catalog's own weights."
    weightsArtifactId: ID
    bundled: Boolean
  }

  type ImportRequestEdge {
    cursor: String!
    node: ImportRequest!
  }

  type ImportRequestConnection {
    edges: [ImportRequestEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  extend type Query {
    importRequest(teamId: ID!, id: ID!): ImportRequest
    "VIEWER+: the team's imports and registrations, newest first (optionally of one kind)."
    importRequests(teamId: ID!, kind: ImportKind, first: Int, after: String): ImportRequestConnection!
  }

  extend type Mutation {
    "MEMBER+: queues an import; a worker checks every row and image, all-or-nothing."
    importDataset(input: ImportDatasetInput!): ImportRequest!
    "MEMBER+: queues a registration; a worker parses (never executes) and checks the weights."
    registerModel(input: RegisterModelInput!): ImportRequest!
  }
`;
