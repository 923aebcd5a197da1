export const modelsTypeDefs = /* GraphQL */ `
  "A model's clean performance on a dataset split: the catalog's reported number beside what Rankfall reproduced (job evaluate-model)."
  type ModelEvaluation {
    id: ID!
    model: Model!
    dataset: Dataset!
    "The split scored; null = every image of the dataset."
    split: Split
    status: RunStatus!
    imageCount: Int!
    "The catalog's published number for this dataset's format (null: nothing citable); see reportedSource."
    reportedSrocc: Float
    reportedPlcc: Float
    "Citation of the reported numbers, with their kind ([paper], [zoo], [training-record])."
    reportedSource: String
    "The dataset family and protocol the reported numbers were measured under."
    reportedProtocol: String
    "Raw SROCC vs MOS (negative when the model's and the dataset's directions differ), with its 95 % bootstrap CI."
    reproducedSrocc: Float
    sroccCiLow: Float
    sroccCiHigh: Float
    reproducedPlcc: Float
    plccCiLow: Float
    plccCiHigh: Float
    reproducedKrocc: Float
    kroccCiLow: Float
    kroccCiHigh: Float
    "The CLI command that reproduces the numbers."
    command: String
    "Compute backend of the worker that ran it, and how long it took."
    backend: String
    durationMs: Int
    errorCode: String
    errorMessage: String
    createdAt: DateTime!
    startedAt: DateTime
    finishedAt: DateTime
  }

  input EvaluateModelInput {
    teamId: ID!
    modelId: ID!
    datasetId: ID!
    "The split to score (default TEST)."
    split: Split
    "Score every image of the dataset instead of one split."
    wholeDataset: Boolean
  }

  extend type Model {
    "Reported vs reproduced clean performance per dataset split, newest first."
    evaluations: [ModelEvaluation!]!
  }

  extend type Query {
    modelEvaluation(teamId: ID!, id: ID!): ModelEvaluation
  }

  extend type Mutation {
    "MEMBER+: queues the evaluation (or returns the one that exists for this model, dataset and split; a failed one is queued again)."
    evaluateModel(input: EvaluateModelInput!): ModelEvaluation!
  }
`;
