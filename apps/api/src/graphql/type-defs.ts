/** The GraphQL schema (schema-first). Modules add their types here as they land. */
export const typeDefs = /* GraphQL */ `
  enum TeamRole {
    OWNER
    ADMIN
    MEMBER
    VIEWER
  }

  type Health {
    ok: Boolean!
    version: String!
    database: Boolean!
  }

  type User {
    id: ID!
    email: String!
    name: String!
  }

  type Team {
    id: ID!
    slug: String!
    name: String!
    role: TeamRole!
  }

  type Viewer {
    user: User
    "How the request authenticated: USER (session cookie) or TOKEN (API token bound to one team)."
    via: String!
    teams: [Team!]!
  }

  type Query {
    health: Health!
    "Null when the request is not authenticated."
    viewer: Viewer
  }
`;
