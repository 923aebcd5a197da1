export const catalogTypeDefs = /* GraphQL */ `
  type Dataset {
    id: ID!
    name: String!
    version: String!
    description: String
    format: String!
    mosMin: Float!
    mosMax: Float!
    "True for DMOS-like labels (higher = worse)."
    lowerBetter: Boolean!
    source: String!
    licence: String!
    labelTransform: String
    imageCount: Int!
    createdAt: DateTime!
    "Images in key order, optionally of one split."
    images(split: Split, first: Int, after: String): ImageConnection!
  }

  type Image {
    id: ID!
    key: String!
    sha256: String!
    width: Int!
    height: Int!
    mos: Float!
    mosStd: Float
    split: Split
    dataset: Dataset!
  }

  type ImageEdge {
    cursor: String!
    node: Image!
  }

  type ImageConnection {
    edges: [ImageEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type DatasetEdge {
    cursor: String!
    node: Dataset!
  }

  type DatasetConnection {
    edges: [DatasetEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "A model's catalog facts."
  type Model {
    id: ID!
    name: String!
    catalogId: String!
    architecture: String!
    "True when a higher score means worse quality."
    lowerBetter: Boolean!
    scoreMin: Float!
    scoreMax: Float!
    inputKind: String!
    inputHeight: Int
    inputWidth: Int
    patchSize: Int
    normalization: JSON
    weightsSha256: String
    createdAt: DateTime!
  }

  type ModelEdge {
    cursor: String!
    node: Model!
  }

  type ModelConnection {
    edges: [ModelEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  extend type Team {
    "Newest first."
    datasets(first: Int, after: String): DatasetConnection!
    "Newest first."
    models(first: Int, after: String): ModelConnection!
  }

  "An attack that runs as a run: facts, the paper's defaults, and its config's JSON Schema (for generated forms)."
  type RunAttack {
    id: ID!
    name: String!
    stages: [StageKind!]!
    kind: String!
    norm: String!
    paper: JSON!
    "Where the defaults come from (paper / official code) and any deviation."
    defaultsNote: String!
    "The config with every default filled in (SMA: for a 0–100 model, paper preset)."
    defaultConfig: JSON!
    "JSON Schema (2020-12) of the config createRun takes for this attack."
    configSchema: JSON!
  }

  extend type Query {
    "Every attack createRun accepts (public facts: no sign-in needed)."
    runAttacks: [RunAttack!]!
    dataset(id: ID!): Dataset
    image(id: ID!): Image
    model(id: ID!): Model
  }
`;
