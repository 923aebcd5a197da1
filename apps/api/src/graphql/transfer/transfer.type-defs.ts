export const transferTypeDefs = /* GraphQL */ `
  "A run's adversarial 8-bit PNGs re-scored by another model of the team (job transfer, one per run × target model)."
  type TransferResult {
    id: ID!
    run: Run!
    targetModel: Model!
    status: RunStatus!
    "SROCC(MOS, the target's clean scores)."
    cleanSrocc: Float
    "SROCC(MOS, the target's scores of the adversarial PNGs)."
    attackedSrocc: Float
    "cleanSrocc − attackedSrocc, sign turned when exactly one of the target model and the dataset is lower-better: positive = the ranking got worse."
    sroccDrop: Float
    "SROCC(the target's clean scores, its attacked scores)."
    cleanToAttackedSrocc: Float
    "Mean |attacked − clean| of the target's scores."
    meanAbsDelta: Float
    "Images scored."
    n: Int!
    backend: String
    durationMs: Int
    errorCode: String
    errorMessage: String
    createdAt: DateTime!
    startedAt: DateTime
    finishedAt: DateTime
  }

  "One row of the matrix: a run and the model it attacked."
  type TransferMatrixRow {
    run: Run!
    sourceModel: Model!
  }

  "One cell: the run's adversarial images scored by one target model."
  type TransferMatrixCell {
    runId: ID!
    targetModelId: ID!
    status: RunStatus!
    "SROCC(MOS, target's attacked scores)."
    srocc: Float
    "SROCC(MOS, target's clean scores)."
    cleanSrocc: Float
    "cleanSrocc − srocc, oriented like TransferResult.sroccDrop (positive = the ranking got worse)."
    sroccDrop: Float
    cleanToAttackedSrocc: Float
    meanAbsDelta: Float
    n: Int!
  }

  "Source model (rows: runs) × target model (columns) table of SROCC drops."
  type TransferMatrix {
    rows: [TransferMatrixRow!]!
    "Target models, by name."
    columns: [Model!]!
    cells: [TransferMatrixCell!]!
  }

  input RequestTransferInput {
    teamId: ID!
    "A SUCCEEDED run of the team."
    runId: ID!
    "Target models of the team (default: every model but the run's own)."
    targetModelIds: [ID!]
  }

  extend type Run {
    "This run's adversarial images re-scored by other models."
    transfers: [TransferResult!]!
  }

  extend type Query {
    "The team's transfer matrix over these runs (default: the 50 newest runs with transfers); other teams' runs are left out."
    transferMatrix(teamId: ID!, runIds: [ID!]): TransferMatrix!
  }

  extend type Mutation {
    "MEMBER+: queues one transfer job per target model (pairs already done or under way are returned as they are)."
    requestTransfer(input: RequestTransferInput!): [TransferResult!]!
  }
`;
