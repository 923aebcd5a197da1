export const runsTypeDefs = /* GraphQL */ `
  type Run {
    id: ID!
    "The team the run belongs to."
    teamId: ID!
    name: String
    status: RunStatus!
    "0..1 over the whole run."
    progress: Float!
    progressMessage: String
    attackId: String!
    "The attack configuration as validated by the attack's schema (defaults filled in)."
    config: JSON!
    seed: Int!
    split: Split
    budgetNorm: String
    budgetEpsilon: Float
    backend: String
    environment: JSON
    errorCode: String
    errorMessage: String
    shardCount: Int!
    imageCount: Int!
    cancelRequestedAt: DateTime
    createdAt: DateTime!
    startedAt: DateTime
    finishedAt: DateTime
    updatedAt: DateTime!
    model: Model!
    dataset: Dataset!
    createdBy: User
    sweep: Sweep
    stages: [RunStage!]!
    shards: [RunShard!]!
    metrics: [RunMetric!]!
  }

  type RunStage {
    kind: StageKind!
    status: RunStatus!
    progress: Float!
    "What the stage found (e.g. SMA stage 1's check)."
    summary: JSON
    attempts: Int!
    checkpointIteration: Int
    startedAt: DateTime
    finishedAt: DateTime
  }

  type RunShard {
    kind: StageKind!
    shard: Int!
    status: RunStatus!
    done: Int!
    total: Int!
    workerId: String
    startedAt: DateTime
    finishedAt: DateTime
  }

  type RunMetric {
    name: String!
    reference: MetricReference!
    value: Float!
    "95 % bootstrap confidence interval."
    ciLow: Float
    ciHigh: Float
  }

  "A budget sweep: one run per value of one config parameter."
  type Sweep {
    id: ID!
    name: String
    attackId: String!
    parameter: String!
    values: [Float!]!
    createdAt: DateTime!
    runs: [Run!]!
    "Robustness vs budget: one point per run, in the order of the swept values (the same curves as \`rankfall sweep report\`)."
    curve: [SweepPoint!]!
  }

  "One run of a sweep as a point of its curves; a number is null while the run has not computed it."
  type SweepPoint {
    "The swept parameter's value in this run's config (null if the config lacks it)."
    value: Float
    run: Run!
    status: RunStatus!
    sroccCleanAttacked: Float
    sroccMosAttacked: Float
    "Mean |attacked − clean| over the images attacked so far (model score units)."
    meanAbsScoreChange: Float
    "Mean PSNR (dB) of the saved adversarial images."
    psnrMean: Float
    rRobustness: Float
  }

  type RunEdge {
    cursor: String!
    node: Run!
  }

  type RunConnection {
    edges: [RunEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  input RunFilter {
    modelId: ID
    datasetId: ID
    attackId: String
    status: [RunStatus!]
    createdById: ID
    "Inclusive."
    createdAfter: DateTime
    "Exclusive."
    createdBefore: DateTime
  }

  input CreateRunInput {
    teamId: ID!
    name: String
    modelId: ID!
    datasetId: ID!
    split: Split
    imageIds: [ID!]
    attackId: String!
    "Validated by the attack's schema; omitted fields take the paper's defaults."
    config: JSON
    seed: Int
    shardCount: Int
  }

  input CreateSweepInput {
    teamId: ID!
    name: String
    modelId: ID!
    datasetId: ID!
    split: Split
    imageIds: [ID!]
    attackId: String!
    config: JSON
    seed: Int
    shardCount: Int
    "The swept config field (for SMA a stage-2 field: epsilon, alpha, steps)."
    parameter: String!
    values: [Float!]!
  }

  type SweepPayload {
    sweep: Sweep!
    runs: [Run!]!
  }

  extend type Team {
    "Newest first; soft-deleted runs never appear."
    runs(filter: RunFilter, first: Int, after: String): RunConnection!
  }

  extend type Query {
    run(id: ID!): Run
    sweep(id: ID!): Sweep
  }

  extend type Mutation {
    "MEMBER+."
    createRun(input: CreateRunInput!): Run!
    "MEMBER+."
    createSweep(input: CreateSweepInput!): SweepPayload!
    "MEMBER+: a queued run stops at once, a running one at the next image."
    cancelRun(id: ID!): Run!
    "MEMBER+: re-queues the unfinished part of a failed or cancelled run."
    retryRun(id: ID!): Run!
    "The run's author (MEMBER+) or an ADMIN+: soft delete."
    deleteRun(id: ID!): Boolean!
  }
`;
