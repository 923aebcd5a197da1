/** Scalars, shared enums, paging and the root types every module extends. */
export const commonTypeDefs = /* GraphQL */ `
  "An ISO-8601 date-time in UTC."
  scalar DateTime
  "Any JSON value (attack configs, stage summaries, environments)."
  scalar JSON

  enum TeamRole {
    OWNER
    ADMIN
    MEMBER
    VIEWER
  }

  enum Split {
    TRAIN
    VAL
    TEST
  }

  enum RunStatus {
    QUEUED
    RUNNING
    SUCCEEDED
    FAILED
    CANCELLED
  }

  enum StageKind {
    CLEAN_SCORING
    TARGETS
    TRAIN_UAP
    PERTURB
    AGGREGATE
  }

  enum MetricReference {
    MOS_CLEAN
    MOS_ATTACKED
    CLEAN_ATTACKED
    MOS_TARGET
    CLEAN_TARGET
    TARGET_ATTACKED
    NONE
  }

  enum OrderDirection {
    ASC
    DESC
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type Health {
    ok: Boolean!
    version: String!
    database: Boolean!
  }

  type Query {
    health: Health!
  }

  type Mutation {
    "Ends the current session and clears its cookie; true when a session was ended."
    signOut: Boolean!
  }
`;
