export const apiTokensTypeDefs = /* GraphQL */ `
  "An API token as listed: its prefix, never the secret or its hash."
  type ApiToken {
    id: ID!
    name: String!
    prefix: String!
    role: TeamRole!
    owner: User!
    createdAt: DateTime!
    lastUsedAt: DateTime
    expiresAt: DateTime
    revokedAt: DateTime
  }

  type CreatedApiToken {
    token: ApiToken!
    "The secret, shown this once: send it as Authorization: Bearer <secret>."
    secret: String!
  }

  extend type Team {
    "Your tokens of this team; an ADMIN+ sees every member's."
    apiTokens: [ApiToken!]!
  }

  extend type Mutation {
    "Mints a token for yourself (needs a session); its role is at most your own role in the team."
    createApiToken(teamId: ID!, name: String!, role: TeamRole!, expiresInDays: Int): CreatedApiToken!
    "Revokes your token (an ADMIN+: any token of the team)."
    revokeApiToken(teamId: ID!, id: ID!): Boolean!
  }
`;
