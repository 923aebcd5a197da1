export const subscriptionsTypeDefs = /* GraphQL */ `
  type Subscription {
    "The run now, then again whenever it changes (status, progress, stages, shards). Over graphql-ws at /graphql."
    runUpdated(runId: ID!): Run!
  }
`;
